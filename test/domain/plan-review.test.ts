import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toPlanGraph } from '../../src/cli/graph-file.ts';
import { compareStrategies } from '../../src/domain/estimates.ts';
import { analyseGraph } from '../../src/domain/graph-groups.ts';
import { parseGraphFile } from '../../src/domain/import/index.ts';
import type { PlanEdge, ServiceGraph, Strategy } from '../../src/domain/model.ts';
import { type LargeGroup, type PlanWarning, REVIEW_LIMITS, reviewPlan } from '../../src/domain/plan-review.ts';
import { plan } from '../../src/domain/planner.ts';
import { withDefaults } from '../../src/domain/settings.ts';
import { jaegerLikeGraph } from '../support/jaeger-like-graph.ts';

const settings = withDefaults({});

function review(graph: ServiceGraph, strategy: Strategy, batchCap = 0): PlanWarning[] {
  const p = plan(graph, { strategy, batchCap });
  const comparison = compareStrategies(graph, withDefaults({ 'batch-cap': batchCap }), new Set());
  return reviewPlan({ plan: p, graph, comparison });
}

const service = (name: string) => ({ name, tier: null, stateful: false, external: false, effortDays: null });

/** Services c0 .. c{n-1}, every one calling every other: no five calls split that. */
function clique(n: number, origin: PlanEdge['origin']): ServiceGraph {
  const names = Array.from({ length: n }, (_, i) => `c${String(i).padStart(2, '0')}`);
  const edges: PlanEdge[] = [];
  for (const a of names)
    for (const b of names) if (a !== b) edges.push({ from: a, to: b, kind: 'sync', origin, callCount: 1 });
  return { services: names.map(service), edges };
}

/** The largest group containing any of `members` once `removed` edges are gone. */
function largestGroupAfter(
  graph: ServiceGraph,
  removed: readonly { from: string; to: string }[],
  members: readonly string[],
) {
  const gone = new Set(removed.map((c) => `${c.from}>${c.to}`));
  const a = analyseGraph({
    services: graph.services,
    edges: graph.edges.filter((e) => !gone.has(`${e.from}>${e.to}`)),
  });
  const wanted = new Set(members);
  return Math.max(1, ...a.groups.filter((g) => g.members.some((m) => wanted.has(m))).map((g) => g.members.length));
}

describe('the Jaeger-like generator', () => {
  it('is deterministic from its seed and has the shape of the public graph', () => {
    const a = jaegerLikeGraph(7);
    expect(jaegerLikeGraph(7)).toEqual(a);
    expect(jaegerLikeGraph(8).graph.edges).not.toEqual(a.graph.edges);
    expect(a.graph.services.length).toBeGreaterThanOrEqual(1200);
    expect(a.graph.edges.length).toBeGreaterThan(3000);
    expect(a.graph.edges.every((e) => e.origin === 'traced' && typeof e.callCount === 'number')).toBe(true);
    const groups = analyseGraph(a.graph).groups;
    expect(groups.map((g) => g.members.length)).toEqual([a.cycle.length]);
    expect(a.cycle.length).toBeGreaterThan(200);
  });
});

describe('reviewPlan', () => {
  const big = jaegerLikeGraph(7);

  it('flags the large cycle with at most five traced calls whose removal really splits it', () => {
    const group = review(big.graph, 'sequential').find((w): w is LargeGroup => w.kind === 'large-group');
    expect(group?.size).toBe(big.cycle.length);
    expect(group?.cycleSize).toBe(big.cycle.length);
    const split = group?.split;
    expect(split?.splits).toBe(true);
    expect(split?.calls.length).toBeGreaterThan(0);
    expect(split?.calls.length).toBeLessThanOrEqual(REVIEW_LIMITS.callsToCheck);
    const inCycle = new Set(big.cycle);
    const counts = new Map(big.graph.edges.map((e) => [`${e.from}>${e.to}`, e.callCount]));
    for (const c of split?.calls ?? []) {
      expect(inCycle.has(c.from) && inCycle.has(c.to)).toBe(true);
      expect(counts.get(`${c.from}>${c.to}`)).toBe(c.callCount);
    }
    // Recomputed from scratch: without the suggested calls the group is smaller, as reported.
    const after = largestGroupAfter(big.graph, split?.calls ?? [], big.cycle);
    expect(after).toBeLessThan(big.cycle.length);
    expect(after).toBe(split?.largestPart);
  });

  it('flags the large batches of a parallel plan and the length of a sequential one', () => {
    const parallel = review(big.graph, 'parallel');
    const batches = parallel.find((w) => w.kind === 'large-batches');
    expect(batches?.kind === 'large-batches' && batches.batches[0]?.batch).toBe(1);
    expect(batches?.kind === 'large-batches' && (batches.batches[0]?.size ?? 0) > REVIEW_LIMITS.batchSize).toBe(true);
    const long = review(big.graph, 'sequential').find((w) => w.kind === 'long-plan');
    expect(long?.kind === 'long-plan' && long.months > REVIEW_LIMITS.planMonths).toBe(true);
    expect(long?.kind === 'long-plan' && long.faster.map((f) => f.strategy)).toContain('parallel');
    expect(long?.kind === 'long-plan' && long.effortDays?.source).toBe('guide default');
  });

  it('says more engineers help only when a batch waits for people, not for its longest service', () => {
    const wide = review(big.graph, 'parallel').find((w) => w.kind === 'long-plan');
    expect(wide?.kind === 'long-plan' && wide.moreEngineersHelp).toBe(true);
    const names = Array.from({ length: 300 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    const chain: ServiceGraph = {
      services: names.map(service),
      edges: names.slice(1).map((name, i) => ({ from: names[i] as string, to: name, kind: 'sync' as const })),
    };
    const narrow = review(chain, 'parallel').find((w) => w.kind === 'long-plan');
    expect(narrow?.kind === 'long-plan' && narrow.moreEngineersHelp).toBe(false);
  });

  it('stops flagging batches once a cap splits them', () => {
    expect(review(big.graph, 'parallel', REVIEW_LIMITS.batchSize).map((w) => w.kind)).not.toContain('large-batches');
  });

  it('reads groups from the entries, so a stored plan (no group list) is reviewed the same', () => {
    const p = plan(big.graph, { strategy: 'sequential' });
    const comparison = compareStrategies(big.graph, settings, new Set());
    expect(reviewPlan({ plan: { ...p, groups: [] }, graph: big.graph, comparison })).toEqual(
      reviewPlan({ plan: p, graph: big.graph, comparison }),
    );
  });

  it('stays quiet on the 31-service example for every strategy', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const parsed = parseGraphFile(readFileSync(`${root}/examples/shop-graph.yaml`, 'utf8'), 'auto', {
      fileName: 'shop-graph.yaml',
    });
    if (!parsed.ok) throw new Error('the example does not parse');
    const graph = toPlanGraph(parsed);
    for (const strategy of ['sequential', 'hybrid', 'parallel'] as const) expect(review(graph, strategy)).toEqual([]);
  });

  it('says when five calls are not enough to split a cycle', () => {
    const group = review(clique(25, 'traced'), 'sequential').find((w) => w.kind === 'large-group');
    expect(group?.kind === 'large-group' && group.split).toMatchObject({ splits: false, largestPart: 25 });
    expect(group?.kind === 'large-group' && group.split?.calls.length).toBe(REVIEW_LIMITS.callsToCheck);
  });

  it('suggests no calls on a declared cycle, and no split for users of one database', () => {
    const declared = review(clique(25, 'declared'), 'sequential').find((w) => w.kind === 'large-group');
    expect(declared?.kind === 'large-group' && declared.split).toEqual({ calls: [], splits: false, largestPart: 25 });
    const users = Array.from({ length: 22 }, (_, i) => `user-${String(i).padStart(2, '0')}`);
    const shared: ServiceGraph = {
      services: [...users, 'orders-db'].map(service),
      edges: users.map((u) => ({ from: u, to: 'orders-db', kind: 'shared-db' as const })),
    };
    const group = review(shared, 'sequential').find((w) => w.kind === 'large-group');
    expect(group).toMatchObject({ size: 22, cycleSize: 0, split: null });
  });

  it('says when a group is larger than the batch cap', () => {
    expect(review(clique(4, 'traced'), 'parallel', 3)).toContainEqual({
      kind: 'group-over-cap',
      groupId: 'g1',
      name: '4 services around c00',
      size: 4,
      batchCap: 3,
    });
  });
});
