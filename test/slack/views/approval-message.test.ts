import { describe, expect, it } from 'vitest';
import {
  type ApprovalServiceView,
  type ApprovalView,
  approvalMessage,
  approvalTitle,
} from '../../../src/slack/views/approval-message.ts';
import { AT, expectMessagesWithinLimits, hoursAfter, json, many } from '../../support/views.ts';

const service = (name: string, extra: Partial<ApprovalServiceView> = {}): ApprovalServiceView => ({
  name,
  state: 'awaiting_approval',
  owner: '<@U0BOB>',
  critical: false,
  blastRadius: 2,
  runbook: { done: 6, skipped: 1, total: 9 },
  openValidation: [],
  gate: null,
  dependsOn: [],
  monitoringEndsAt: null,
  checks: null,
  ...extra,
});

const batch = (services: ApprovalServiceView[], extra: Partial<ApprovalView> = {}): ApprovalView => ({
  requestId: 12,
  migrationName: 'Shop to Kafka',
  batch: 2,
  status: 'pending',
  requestedBy: 'U0LEAD',
  requestedAt: AT,
  required: 2,
  approvals: ['U0CAROL'],
  approvers: '<@U0CAROL>, <@U0DAVE>, <!subteam^S0OPS>',
  decidedBy: null,
  decidedAt: null,
  reason: null,
  services,
  overrides: [],
  ...extra,
});

const five = (): ApprovalServiceView[] => [
  service('orders', {
    critical: true,
    blastRadius: 7,
    openValidation: ['compare-outputs', 'error-budget'],
    dependsOn: [
      { name: 'inventory', state: 'awaiting_approval' },
      { name: 'orders-db', state: 'planned' },
    ],
  }),
  service('inventory', { dependsOn: [{ name: 'orders-db', state: 'planned' }] }),
  service('payments', { gate: { rollbackProcedure: false, rehearsal: true } }),
  service('shipping', { runbook: null, owner: 'team-logistics' }),
  service('notifications', { blastRadius: 0, dependsOn: [{ name: 'email-gateway', state: 'done' }] }),
];

describe('approvalMessage', () => {
  it('a pending batch of five', async () => {
    const message = approvalMessage(batch(five()));
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/approval-message.pending.json');
  });

  it('an approved batch under way', async () => {
    const services = five().map((s, i) => ({
      ...s,
      state: (['cutover', 'monitoring', 'monitoring', 'done', 'rolled_back'] as const)[i] ?? 'cutover',
      monitoringEndsAt: i === 1 || i === 2 ? hoursAfter(AT, 24) : null,
    }));
    const message = approvalMessage(
      batch(services, { status: 'approved', approvals: ['U0CAROL', 'U0DAVE'], decidedBy: 'U0DAVE', decidedAt: AT }),
    );
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/approval-message.approved.json');
  });

  it('a rejected single service, its reason escaped', async () => {
    const message = approvalMessage(
      batch([service('payments')], {
        batch: null,
        status: 'rejected',
        approvals: [],
        decidedBy: 'U0CAROL',
        decidedAt: AT,
        reason: 'error rate > 2% on <staging> & no rollback rehearsal',
      }),
    );
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/approval-message.rejected.json');
  });

  it('a batch of 120 cuts its lists', async () => {
    const services = many(120).map((name, i) =>
      service(name, {
        openValidation: i % 3 === 0 ? ['compare-outputs'] : [],
        gate: i % 4 === 0 ? { rollbackProcedure: true, rehearsal: true } : null,
        dependsOn: [{ name: `provider-${i}`, state: 'planned' }],
      }),
    );
    const message = approvalMessage(batch(services, { approvals: [], approvers: null }));
    expectMessagesWithinLimits(message);
    expect(JSON.stringify(message)).toContain('…and 100 more: `/migrate status batch 2` lists them all.');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/approval-message.large.json');
  });
});

describe('an approved request once nothing of it is in flight', () => {
  const approved = (services: ApprovalServiceView[], batchNo: number | null = null) =>
    JSON.stringify(
      approvalMessage(
        batch(services, {
          batch: batchNo,
          status: 'approved',
          approvals: ['U0CAROL', 'U0DAVE'],
          decidedBy: 'U0DAVE',
          decidedAt: AT,
        }),
      ),
    );

  it('says the cutover is complete when its service is done, without stale warnings', () => {
    const text = approved([service('storefront', { state: 'done', openValidation: ['shadow-compare'] })]);
    expect(text).toContain('The cutover is complete: *storefront* is done.');
    expect(text).not.toContain('1 done');
    expect(text).not.toContain('Validation steps not ticked');
  });

  it('says a batch is complete, or which part was rolled back and what comes next', () => {
    const done = (name: string) => service(name, { state: 'done' });
    expect(approved([done('a'), done('b')], 4)).toContain('The cutover is complete: all 2 services are done.');
    const mixed = approved([done('a'), service('b', { state: 'rolled_back' })], 4);
    expect(mixed).toContain('1 done, 1 rolled back after this approval.');
    expect(mixed).toContain(
      'Once fixed, `/migrate start b` puts it in shadow again; its next cutover needs a new approval.',
    );
    expect(approved([service('b', { state: 'rolled_back' })])).toContain('*b* was rolled back after this approval.');
  });
});

describe('approvalTitle', () => {
  it('names a batch by number and a request of services by name', () => {
    expect(approvalTitle({ batch: 3, services: [{ name: 'a' }] })).toBe('batch 3 (1 service)');
    expect(approvalTitle({ batch: null, services: [{ name: 'a' }, { name: 'b' }] })).toBe('a, b');
    expect(approvalTitle({ batch: null, services: [] })).toBe('no services');
  });
});
