import { describe, expect, it } from 'vitest';
import type { ApprovalServiceView, ApprovalView } from '../../../src/slack/views/approval-message.ts';
import { approvalMessage } from '../../../src/slack/views/approval-message.ts';
import { healthAlert } from '../../../src/slack/views/health-alert.ts';
import type { CheckLineView } from '../../../src/slack/views/health-lines.ts';
import { overrideModal } from '../../../src/slack/views/override-modal.ts';
import { AT, expectMessagesWithinLimits, json, many, problemsOfView } from '../../support/views.ts';

const checks: CheckLineView[] = [
  { name: 'request rate', state: 'green', reason: '48/s > 0/s', dashboardUrl: null },
  { name: 'error ratio', state: 'red', reason: '20% ≥ 1%', dashboardUrl: 'https://grafana.example/d/a?x=1|2' },
  { name: 'p99 *latency*', state: 'amber', reason: 'new platform: connection refused', dashboardUrl: null },
];

const service = (name: string, own: CheckLineView[] | null): ApprovalServiceView => ({
  name,
  state: 'awaiting_approval',
  owner: '<@U0BOB>',
  critical: false,
  blastRadius: 1,
  runbook: null,
  openValidation: [],
  gate: null,
  dependsOn: [],
  monitoringEndsAt: null,
  checks: own,
});

const request = (services: ApprovalServiceView[], extra: Partial<ApprovalView> = {}): ApprovalView => ({
  requestId: 7,
  migrationName: 'Shop to Kafka',
  batch: null,
  status: 'pending',
  requestedBy: 'U0LEAD',
  requestedAt: AT,
  required: 2,
  approvals: ['U0DAVE'],
  approvers: '<@U0DAVE>, <@U0CAROL>',
  decidedBy: null,
  decidedAt: null,
  reason: null,
  services,
  overrides: [{ by: 'U0DAVE', reason: 'known <!here> retry *storm*' }],
  ...extra,
});

describe('health on the approval message', () => {
  it('shows each check, the override with its escaped reason, and the override button', async () => {
    const message = approvalMessage(request([service('checkout', checks)]));
    expectMessagesWithinLimits(message);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('"action_id":"approve_override"');
    expect(text).toContain('Approve despite red checks…');
    expect(text).toContain('<https://grafana.example/d/a?x=1%7C2|dashboard>');
    expect(text).not.toContain('<!here>');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/approval-message.health.json');
  });

  it('offers no override while every check is green, and says "unknown" for amber only', () => {
    const green = approvalMessage(request([service('a', [checks[0] as CheckLineView])], { overrides: [] }));
    expect(JSON.stringify(green.blocks)).not.toContain('approve_override');
    const amber = approvalMessage(request([service('a', [checks[2] as CheckLineView])], { overrides: [] }));
    expect(JSON.stringify(amber.blocks)).toContain('Approve despite unknown checks…');
  });

  it('stays within limits for a large batch with checks', () => {
    const services = many(60).map((n) => service(n, checks));
    expectMessagesWithinLimits(approvalMessage(request(services, { batch: 3 })));
  });
});

describe('the monitoring-window alert', () => {
  const view = {
    serviceId: 4,
    serviceName: 'orders',
    migrationName: 'Shop to Kafka',
    owner: '<@U0BOB>',
    checks: checks.filter((c) => c.state !== 'green'),
    requestId: 7,
    acknowledged: null,
  };

  it('mentions the owner and offers Roll back and Acknowledge', async () => {
    const message = healthAlert(view);
    expectMessagesWithinLimits(message);
    expect(message.text).toContain('<@U0BOB>');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-alert.new.json');
  });

  it('once acknowledged says by whom and keeps only Roll back', async () => {
    const message = healthAlert({ ...view, acknowledged: { by: 'U0DAVE', at: AT } });
    expect(JSON.stringify(message.blocks)).not.toContain('acknowledge_health_alert');
    expect(JSON.stringify(message.blocks)).toContain('rollback_service');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-alert.acknowledged.json');
  });

  it('the override modal lists what fails', () => {
    const modal = overrideModal(7, 'Approve the cutover of orders', ['error ratio: red — 20% ≥ 1%']);
    expect(problemsOfView(modal)).toEqual([]);
    expect(JSON.stringify(modal)).toContain('error ratio: red');
  });
});
