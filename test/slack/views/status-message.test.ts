import { describe, expect, it } from 'vitest';
import type { ServiceState } from '../../../src/domain/model.ts';
import {
  batchStatusMessage,
  type ServiceStatus,
  type StatusLine,
  serviceStatusMessage,
  statusOverviewMessage,
} from '../../../src/slack/views/status-message.ts';
import { AT, expectMessagesWithinLimits, FIVE, hoursAfter, json, many } from '../../support/views.ts';

const line = (name: string, state: ServiceState, i = 0): StatusLine => ({
  name,
  state,
  since: hoursAfter(AT, -i),
  owner: i % 2 ? 'team-logistics' : '<@U0BOB>',
  slot: i % 3 === 2 ? null : `batch ${1 + (i % 3)}`,
  flagEnabled: i % 4 !== 3,
});

const counts = (c: Partial<Record<ServiceState, number>>): Record<ServiceState, number> => ({
  planned: 0,
  shadow: 0,
  awaiting_approval: 0,
  cutover: 0,
  monitoring: 0,
  done: 0,
  rolled_back: 0,
  ...c,
});

describe('statusOverviewMessage', () => {
  it('five services', async () => {
    const message = statusOverviewMessage({
      migrationName: 'Shop to Kafka',
      strategy: 'parallel',
      planVersion: 2,
      counts: counts({ done: 1, shadow: 1, monitoring: 1, planned: 1, rolled_back: 1 }),
      inFlight: [line('inventory', 'shadow', 1), line('payments', 'monitoring', 2)],
      rolledBack: [line('shipping', 'rolled_back', 3)],
      pendingRequests: 1,
      next: ['notifications'],
      undelivered: [{ channel: 'C0OLD', error: 'is_archived' }],
    });
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/status-overview.five.json');
  });

  it('says a rolled-back service next in the plan was rolled back, and how it starts again', () => {
    const text = JSON.stringify(
      statusOverviewMessage({
        migrationName: 'Shop to Kafka',
        strategy: 'hybrid',
        planVersion: 1,
        counts: counts({ done: 1, planned: 2, rolled_back: 1 }),
        inFlight: [],
        rolledBack: [line('mobile-bff', 'rolled_back', 3)],
        pendingRequests: 0,
        next: ['api-gateway', 'mobile-bff'],
        undelivered: [],
      }),
    );
    expect(text).toContain('Next in the plan: api-gateway, mobile-bff (rolled back, to start again).');
    expect(text).toContain(
      'Once the cause is fixed, `/migrate start mobile-bff` puts it in shadow again, and its cutover needs a new approval; `/migrate log mobile-bff` says why it was rolled back.',
    );
  });

  it('no services yet', async () => {
    const message = statusOverviewMessage({
      migrationName: 'Shop to Kafka',
      strategy: 'sequential',
      planVersion: null,
      counts: counts({}),
      inFlight: [],
      rolledBack: [],
      pendingRequests: 0,
      next: [],
      undelivered: [],
    });
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/status-overview.empty.json');
  });

  it('five hundred services: lists capped', async () => {
    const names = many(500);
    const message = statusOverviewMessage({
      migrationName: 'Shop to Kafka',
      strategy: 'hybrid',
      planVersion: 9,
      counts: counts({ done: 120, shadow: 90, cutover: 10, monitoring: 30, planned: 230, rolled_back: 20 }),
      inFlight: names.slice(0, 130).map((n, i) => line(n, i % 2 ? 'shadow' : 'monitoring', i)),
      rolledBack: names.slice(130, 150).map((n, i) => line(n, 'rolled_back', i)),
      pendingRequests: 12,
      next: names.slice(150, 400),
      undelivered: names.slice(0, 40).map((n) => ({ channel: `C${n.length}`, error: 'not_in_channel' })),
    });
    expectMessagesWithinLimits(message);
    expect(JSON.stringify(message)).toContain('…and 90 more.');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/status-overview.large.json');
  });
});

describe('batchStatusMessage', () => {
  it('a batch of five, and a batch of 200', async () => {
    const small = batchStatusMessage({
      migrationName: 'Shop to Kafka',
      batch: 2,
      members: FIVE.map((n, i) =>
        line(n, (['cutover', 'monitoring', 'done', 'done', 'rolled_back'] as const)[i] ?? 'done', i),
      ),
    });
    const large = batchStatusMessage({
      migrationName: 'Shop to Kafka',
      batch: 3,
      members: many(200).map((n, i) => line(n, 'shadow', i)),
    });
    expectMessagesWithinLimits([small, large]);
    await expect(json(small)).toMatchFileSnapshot('./__snapshots__/status-batch.five.json');
    await expect(json(large)).toMatchFileSnapshot('./__snapshots__/status-batch.large.json');
  });
});

describe('serviceStatusMessage', () => {
  const service = (extra: Partial<ServiceStatus> = {}): ServiceStatus => ({
    migrationName: 'Shop to Kafka',
    line: line('payments', 'monitoring', 0),
    tier: 1,
    critical: true,
    blastRadius: 3,
    monitoringEndsAt: hoursAfter(AT, 24),
    rehearsalMinutes: 15,
    runbook: { done: 7, skipped: 1, total: 10, openValidation: ['compare-outputs', 'error-budget'] },
    dependsOn: [{ name: 'payments-db', state: 'planned' }],
    usedBy: [
      { name: 'orders', state: 'shadow' },
      { name: 'inventory', state: 'planned' },
    ],
    request: { status: 'approved', approvals: 2, required: 2 },
    actions: ['done payments', 'rollback payments <reason>'],
    ...extra,
  });

  it('a service in monitoring, and a planned one with nothing recorded', async () => {
    const monitoring = serviceStatusMessage(service());
    const planned = serviceStatusMessage(
      service({
        line: { ...line('notifications', 'planned', 2), slot: null },
        tier: null,
        critical: false,
        blastRadius: null,
        monitoringEndsAt: null,
        rehearsalMinutes: null,
        runbook: null,
        dependsOn: [],
        usedBy: [],
        request: null,
        actions: [],
      }),
    );
    expectMessagesWithinLimits([monitoring, planned]);
    await expect(json({ monitoring, planned })).toMatchFileSnapshot('./__snapshots__/status-service.json');
  });

  it('a hub with hundreds of relations', async () => {
    const names = many(300);
    const message = serviceStatusMessage(
      service({
        dependsOn: names.slice(0, 100).map((name) => ({ name, state: 'done' as const })),
        usedBy: names.slice(100).map((name) => ({ name, state: 'planned' as const })),
        runbook: { done: 0, skipped: 0, total: 40, openValidation: names.slice(0, 30) },
      }),
    );
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/status-service.large.json');
  });
});
