// Snapshots of the digest's channel message and thread; the detailed rules are in
// test/slack/digest-message.test.ts.
import { describe, expect, it } from 'vitest';
import { buildDigest, type DigestInput, type DigestServiceInput } from '../../../src/domain/digest.ts';
import { digestMessage, digestThread } from '../../../src/slack/views/digest-message.ts';
import { expectMessagesWithinLimits, hoursAfter, json, many } from '../../support/views.ts';

const NOW = new Date('2026-11-25T08:30:00Z');
const ago = (hours: number) => hoursAfter(NOW, -hours);

const svc = (
  name: string,
  state: DigestServiceInput['state'],
  changedHoursAgo: number,
  extra: Partial<DigestServiceInput> = {},
): DigestServiceInput => ({
  name,
  owner: null,
  state,
  stateChangedAt: ago(changedHoursAgo),
  startedAt: state === 'planned' ? null : ago(changedHoursAgo + 48),
  batch: 1,
  track: 'parallel',
  position: null,
  monitoringEndsAt: null,
  ...extra,
});

function input(services: DigestServiceInput[], extra: Partial<DigestInput> = {}): DigestInput {
  return {
    migration: {
      name: 'Shop to Kafka',
      strategy: 'parallel',
      from: 'RabbitMQ',
      to: 'Kafka',
      createdAt: new Date('2026-11-02T09:00:00Z'),
      planCreatedAt: new Date('2026-11-03T09:00:00Z'),
      graphChangedAt: new Date('2026-11-20T09:00:00Z'),
      planEstimateWorkingDays: null,
    },
    services,
    events: [],
    runbookSteps: [],
    approvals: [],
    settings: { 'effort-days': 5, 'monitoring-hours': 24 },
    timeZone: 'Europe/Berlin',
    lastDigestAt: ago(24),
    redChecks: [],
    forecastSeed: 7,
    ...extra,
  };
}

describe('digest snapshots', () => {
  it('five services on an ordinary morning', async () => {
    const services = [
      svc('orders', 'done', 200, { owner: 'U0BOB', position: 1 }),
      svc('inventory', 'monitoring', 20, { owner: 'U0CAROL', monitoringEndsAt: hoursAfter(NOW, 4), position: 2 }),
      svc('payments', 'awaiting_approval', 30, { owner: 'team-payments', position: 3 }),
      svc('shipping', 'shadow', 24 * 9, { owner: 'team-logistics', batch: 2, position: 4 }),
      svc('notifications', 'planned', 500, { batch: 2, position: 5 }),
    ];
    const model = buildDigest(
      input(services, {
        events: [
          {
            at: ago(20),
            actor: 'U0CAROL',
            action: 'transition',
            service: 'inventory',
            from: 'cutover',
            to: 'monitoring',
            reason: null,
          },
          {
            at: ago(6),
            actor: 'U0DAVE',
            action: 'rollback',
            service: 'payments',
            from: 'monitoring',
            to: 'rolled_back',
            reason: 'p99 latency over budget',
          },
          {
            at: ago(3),
            actor: 'U0LEAD',
            action: 'dependency_added',
            service: null,
            from: 'shipping',
            to: 'orders-db',
            reason: 'found in traces',
          },
        ],
        runbookSteps: [
          { service: 'inventory', owner: null, text: 'Watch consumer lag on the new topic', phase: 'monitor' },
          { service: 'shipping', owner: 'U0ERIN', text: 'Compare outputs for a day of traffic', phase: 'validate' },
        ],
        approvals: [
          { services: ['payments'], requestedAt: ago(30), permalink: 'https://example.slack.com/archives/C0MOVE/p1' },
        ],
      }),
      NOW,
    );
    const message = digestMessage(model);
    const thread = digestThread(model);
    expectMessagesWithinLimits([message, ...thread]);
    await expect(json({ message, thread })).toMatchFileSnapshot('./__snapshots__/digest.five.json');
  });

  it('writes counts in thread headings as its sentences do: 1,200, not 1200', () => {
    const names = many(1200);
    const model = buildDigest(
      input(
        names.map((name) => svc(name, 'shadow', 24)),
        { runbookSteps: names.map((name) => ({ service: name, owner: null, text: 'Compare', phase: 'validate' })) },
      ),
      NOW,
    );
    const headings = digestThread(model)
      .flatMap((m) => m.blocks ?? [])
      .flatMap((b) => (b.type === 'header' ? [b.text.text] : []));
    expect(headings).toContain('Runbook steps due now (1,200)');
  });

  it('four hundred services with long lists', async () => {
    const names = many(400);
    const states = ['done', 'shadow', 'monitoring', 'cutover', 'planned', 'rolled_back'] as const;
    const services = names.map((name, i) =>
      svc(name, states[i % states.length] ?? 'planned', 24 * (1 + (i % 12)), {
        owner: i % 2 ? `U0OWNER${i % 17}` : `team-${i % 9}`,
        batch: 1 + Math.floor(i / 40),
        position: i + 1,
        monitoringEndsAt: states[i % states.length] === 'monitoring' ? hoursAfter(NOW, 1 + (i % 10)) : null,
      }),
    );
    const model = buildDigest(
      input(services, {
        events: names.slice(0, 300).map((name, i) => ({
          at: ago(1 + (i % 23)),
          actor: 'U0LEAD',
          action: 'transition' as const,
          service: name,
          from: 'planned',
          to: 'shadow',
          reason: null,
        })),
        runbookSteps: names
          .slice(0, 250)
          .map((name) => ({ service: name, owner: null, text: 'Compare outputs', phase: 'validate' })),
        approvals: [{ services: names.slice(40, 80), requestedAt: ago(50), permalink: null }],
      }),
      NOW,
    );
    const message = digestMessage(model);
    const thread = digestThread(model);
    expectMessagesWithinLimits([message, ...thread]);
    await expect(json({ message, thread })).toMatchFileSnapshot('./__snapshots__/digest.large.json');
  });
});
