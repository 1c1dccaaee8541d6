import { describe, expect, it } from 'vitest';
import { compareStrategies } from '../../../src/domain/estimates.ts';
import type { ServiceGraph, Strategy } from '../../../src/domain/model.ts';
import { diffPlans } from '../../../src/domain/plan-changes.ts';
import { reviewPlan } from '../../../src/domain/plan-review.ts';
import { plan } from '../../../src/domain/planner.ts';
import { DEFAULT_SETTINGS } from '../../../src/domain/settings.ts';
import { type PlanView, planMessage, planThread } from '../../../src/slack/views/plan-message.ts';
import { expectMessagesWithinLimits, json, many } from '../../support/views.ts';

const five: ServiceGraph = {
  services: [
    { name: 'orders', tier: 1, stateful: true, external: false, effortDays: 8 },
    { name: 'inventory', tier: 2, stateful: true, external: false, effortDays: null },
    { name: 'payments', tier: 1, stateful: false, external: false, effortDays: null },
    { name: 'shipping', tier: 3, stateful: false, external: false, effortDays: 3 },
    { name: 'notifications', tier: 4, stateful: false, external: false, effortDays: null },
  ],
  edges: [
    { from: 'orders', to: 'inventory', kind: 'sync' },
    { from: 'orders', to: 'payments', kind: 'sync' },
    { from: 'inventory', to: 'payments', kind: 'shared-db' },
    { from: 'shipping', to: 'orders', kind: 'async' },
    { from: 'notifications', to: 'shipping', kind: 'async' },
  ],
};

function large(n: number): ServiceGraph {
  const names = many(n);
  return {
    services: names.map((name, i) => ({
      name,
      tier: 1 + (i % 4),
      stateful: i % 7 === 0,
      external: false,
      effortDays: null,
    })),
    edges: names.flatMap((name, i) =>
      [i + 1, i + 5, i + 17]
        .filter((j) => j < n && (j - i) % 2 === 1)
        .map((j) => ({ from: name, to: names[j] ?? '', kind: 'sync' as const })),
    ),
  };
}

function view(graph: ServiceGraph, strategy: Strategy, previous: ServiceGraph | null = null): PlanView {
  const p = plan(graph, { strategy, batchCap: 0 });
  const old = previous ? plan(previous, { strategy: 'parallel' }) : null;
  const comparison = compareStrategies(graph, DEFAULT_SETTINGS, new Set(['engineers']));
  return {
    migrationName: 'Shop to Kafka',
    version: old ? 2 : 1,
    plan: p,
    comparison,
    warnings: reviewPlan({ plan: p, graph, comparison }),
    changes: old ? diffPlans(old.entries, p.entries) : [],
    previousVersion: old ? 1 : null,
    startedCount: old ? 1 : 0,
    owners: new Map([
      ['orders', '<@U0BOB>'],
      ['payments', 'team-payments'],
    ]),
    by: 'U0LEAD',
  };
}

describe('planMessage and planThread', () => {
  it('a hybrid plan of five, re-planned from a parallel one', async () => {
    const v = view(five, 'hybrid', { ...five, edges: five.edges.slice(0, 3) });
    const message = planMessage(v);
    const thread = planThread(v);
    expectMessagesWithinLimits([message, ...thread]);
    await expect(json({ message, thread })).toMatchFileSnapshot('./__snapshots__/plan-message.five.json');
  });

  it('a sequential plan of five, the first version', async () => {
    const v = view(five, 'sequential');
    const message = planMessage(v);
    expectMessagesWithinLimits([message, ...planThread(v)]);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/plan-message.sequential.json');
  });

  it('three hundred services: the summary stays short, the list goes to the thread', async () => {
    const v = view(large(300), 'parallel');
    const message = planMessage(v);
    const thread = planThread(v);
    expectMessagesWithinLimits([message, ...thread]);
    expect(thread.length).toBeGreaterThan(1);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/plan-message.large.json');
    await expect(json(thread.map((m) => ({ text: m.text, blocks: m.blocks?.length })))).toMatchFileSnapshot(
      './__snapshots__/plan-message.large-thread-outline.json',
    );
  });
});
