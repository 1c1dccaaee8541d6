import { describe, expect, it } from 'vitest';
import { contradictions } from '../../src/domain/contradictions.ts';
import type { DependencyKind, PlanService, ServiceGraph } from '../../src/domain/model.ts';
import { diffPlans, replan } from '../../src/domain/plan-changes.ts';
import { type Plan, type PlanEntry, plan, planBatches, planSteps } from '../../src/domain/planner.ts';

const svc = (name: string, extra: Partial<PlanService> = {}): PlanService => ({
  name,
  tier: null,
  stateful: false,
  external: false,
  effortDays: null,
  ...extra,
});

/** `'a>b b>c:shared-db'`: a depends on b, b shares database c. Services come from the edges and `more`. */
function graphOf(edges: string, more: PlanService[] = []): ServiceGraph {
  const services = new Map(more.map((s) => [s.name, s]));
  const list = edges
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => {
      const [pair, kind = 'sync'] = token.split(':') as [string, string?];
      const [from, to] = pair.split('>') as [string, string];
      for (const n of [from, to]) if (!services.has(n)) services.set(n, svc(n));
      return { from, to, kind: kind as DependencyKind };
    });
  return { services: [...services.values()], edges: list };
}

const order = (p: Plan) => p.entries.map((e) => e.service);
const entry = (p: Plan, name: string) => p.entries.find((e) => e.service === name) as PlanEntry;

describe('sequential', () => {
  const chain = graphOf('web>api api>db');

  it('moves leaves first, consumers before their providers', () => {
    const p = plan(chain, { strategy: 'sequential' });
    expect(order(p)).toEqual(['web', 'api', 'db']);
    expect(p.entries.map((e) => [e.position, e.step, e.phase, e.batch, e.track])).toEqual([
      [1, 1, 1, null, 'sequential'],
      [2, 2, 2, null, 'sequential'],
      [3, 3, 3, null, 'sequential'],
    ]);
    expect(entry(p, 'web').reason).toBe('leaf: nothing depends on it');
    expect(entry(p, 'db').reason).toBe('moves after the 2 services that depend on it');
    expect(planSteps(p)).toEqual([['web'], ['api'], ['db']]);
  });

  it('reverses for providers-first', () => {
    const p = plan(chain, { strategy: 'sequential', direction: 'providers-first' });
    expect(order(p)).toEqual(['db', 'api', 'web']);
    expect(entry(p, 'db').reason).toBe('depends on nothing, so it can move early');
    expect(entry(p, 'web').reason).toBe('moves after what it depends on (1 directly)');
  });

  it('breaks ties by blast radius, then criticality, then stateless first, then name', () => {
    const g = graphOf('x>core', [
      svc('core'),
      svc('t1', { tier: 1 }),
      svc('t3', { tier: 3 }),
      svc('none'),
      svc('state', { tier: 3, stateful: true }),
      svc('b-t3', { tier: 3 }),
    ]);
    const p = plan(g, { strategy: 'sequential' });
    // Blast radius 0 for all but core; untiered is least critical; tier 3 before tier 1; among tier
    // 3 stateless (by name: b-t3, t3) before stateful; x (radius 0, untiered) sorts with none by name.
    expect(order(p)).toEqual(['none', 'x', 'b-t3', 't3', 'state', 't1', 'core']);
  });

  it('keeps a group in one step', () => {
    const p = plan(graphOf('web>a a>b b>a b>db'), { strategy: 'sequential' });
    expect(planSteps(p)).toEqual([['web'], ['a', 'b'], ['db']]);
    expect(entry(p, 'a').groupId).toBe('g1');
    expect(entry(p, 'a').reason).toBe(
      'moves as one with its group (2 services around a); moves after the 2 services that depend on it',
    );
    expect(p.groups).toEqual([{ id: 'g1', members: ['a', 'b'], reason: 'cycle: a -> b -> a' }]);
  });
});

describe('parallel', () => {
  const g = graphOf('web>api mobile>api api>db api>cache report>db', [svc('lonely')]);

  it('puts each unit in the batch after everything that must move before it', () => {
    const p = plan(g, { strategy: 'parallel' });
    expect(planBatches(p)).toEqual([['lonely', 'mobile', 'report', 'web'], ['api'], ['cache', 'db']]);
    expect(p.batchCount).toBe(3);
    expect(p.phaseCount).toBe(3);
    expect(p.stepCount).toBe(0);
    expect(entry(p, 'api')).toMatchObject({ batch: 2, phase: 2, step: null, track: 'parallel' });
  });

  it('providers-first starts from what depends on nothing', () => {
    const p = plan(g, { strategy: 'parallel', direction: 'providers-first' });
    // Within a batch, smaller blast radius first: lonely (0), cache (1), db (3).
    expect(planBatches(p)).toEqual([
      ['lonely', 'cache', 'db'],
      ['report', 'api'],
      ['mobile', 'web'],
    ]);
  });

  it('splits a level by the batch cap, in tie-break order', () => {
    const p = plan(g, { strategy: 'parallel', batchCap: 3 });
    expect(planBatches(p)).toEqual([['lonely', 'mobile', 'report'], ['web'], ['api'], ['cache', 'db']]);
    expect(p.entries.map((e) => e.phase)).toEqual(p.entries.map((e) => e.batch));
  });

  it('keeps a group together even past the cap, and says so', () => {
    const p = plan(graphOf('a>db:shared-db b>db:shared-db c>db:shared-db x>db'), { strategy: 'parallel', batchCap: 2 });
    expect(planBatches(p)).toEqual([['a', 'b', 'c'], ['x'], ['db']]);
    expect(p.warnings).toEqual([
      'The 3 services around a move as one, more than the batch cap of 2: they share one batch.',
    ]);
  });
});

describe('hybrid', () => {
  const g = graphOf('web>api report>api api>orders orders>orders-db:shared-db billing>orders-db:shared-db pay>stripe', [
    svc('web', { tier: 3 }),
    svc('report', { tier: 4 }),
    svc('api', { tier: 1 }),
    svc('orders', { tier: 2 }),
    svc('billing', { tier: 2 }),
    svc('orders-db', { tier: 2, stateful: true }),
    svc('pay', { tier: 3 }),
    svc('stripe', { external: true }),
  ]);

  it('puts critical, stateful, external, grouped and core services on the sequential track, with reasons', () => {
    const p = plan(g, { strategy: 'hybrid', highBlastPercent: 0 });
    const tracks = Object.fromEntries(p.entries.map((e) => [e.service, e.track]));
    expect(tracks).toEqual({
      web: 'parallel',
      report: 'parallel',
      pay: 'parallel',
      api: 'sequential',
      orders: 'sequential',
      billing: 'sequential',
      'orders-db': 'sequential',
      stripe: 'sequential',
    });
    expect(entry(p, 'api').reason).toBe('one at a time: critical (tier 1)');
    expect(entry(p, 'orders-db').reason).toBe('one at a time: stateful: its data is checked at each step');
    expect(entry(p, 'stripe').reason).toBe('one at a time: external: it keeps its own schedule');
    expect(entry(p, 'billing').reason).toBe('one at a time: moves as one with its group (2 services around billing)');
    expect(entry(p, 'web').reason).toBe('in a batch: not critical (tier 3), stateless, nothing depends on it');
  });

  it('counts the top share by blast radius as core', () => {
    const p = plan(g, { strategy: 'hybrid', highBlastPercent: 10, criticalTier: 0 });
    // 8 services: the top 1 by blast radius is orders-db (5 depend on it).
    expect(entry(p, 'orders-db').reason).toBe(
      'one at a time: stateful: its data is checked at each step; core: 5 services depend on it (top 10%)',
    );
    expect(entry(p, 'api').track).toBe('parallel');
  });

  it('runs in phases: each phase has its sequential steps, then its batch', () => {
    const p = plan(g, { strategy: 'hybrid', highBlastPercent: 0 });
    // Phase 1: tier 4 before tier 3; phase 2: stripe (1 depends on it) before api (2 do).
    expect(p.entries.map((e) => [e.service, e.phase, e.step, e.batch])).toEqual([
      ['report', 1, null, 1],
      ['pay', 1, null, 1],
      ['web', 1, null, 1],
      ['stripe', 2, 1, null],
      ['api', 2, 2, null],
      ['billing', 3, 3, null],
      ['orders', 3, 3, null],
      ['orders-db', 4, 4, null],
    ]);
    expect(p.phaseCount).toBe(4);
    expect(planSteps(p)).toEqual([['stripe'], ['api'], ['billing', 'orders'], ['orders-db']]);
    expect(planBatches(p)).toEqual([['report', 'pay', 'web']]);
  });
});

describe('replan', () => {
  it('plans only what has not started, ignoring the started services and their dependencies', () => {
    const g = graphOf('web>api api>db mobile>api');
    const p = replan(g, { strategy: 'sequential' }, new Set(['web', 'mobile']));
    expect(order(p)).toEqual(['api', 'db']);
    expect(entry(p, 'api').reason).toBe('leaf: nothing depends on it');
    expect(entry(p, 'api').position).toBe(1);
  });
});

describe('diffPlans', () => {
  it('reports added, removed, moved and track changes, not mere renumbering', () => {
    const before = plan(
      graphOf(
        '',
        ['a', 'b', 'c', 'd'].map((n) => svc(n)),
      ),
      { strategy: 'sequential' },
    );
    // A new service z comes first, d now depends on a (so it moves ahead of a), c is gone.
    const after = plan(
      graphOf(
        'd>a',
        ['a', 'b', 'd', 'z'].map((n) => svc(n, { tier: n === 'z' ? null : 1 })),
      ),
      {
        strategy: 'sequential',
      },
    );
    expect(order(before)).toEqual(['a', 'b', 'c', 'd']);
    expect(order(after)).toEqual(['z', 'b', 'd', 'a']);
    const changes = diffPlans(before.entries, after.entries);
    expect(changes.map((c) => c.text)).toEqual(['z: added at step 1', 'a: step 1 -> step 4', 'c: removed']);
    expect(changes.map((c) => c.kind)).toEqual(['added', 'moved', 'removed']);
  });

  it('reports a service that changed track', () => {
    const g = graphOf('web>api');
    const before = plan(g, { strategy: 'hybrid', highBlastPercent: 0 });
    const after = plan(
      { ...g, services: g.services.map((s) => (s.name === 'api' ? { ...s, stateful: true } : s)) },
      { strategy: 'hybrid', highBlastPercent: 0 },
    );
    const changes = diffPlans(before.entries, after.entries);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ service: 'api', kind: 'track-changed' });
    expect(changes[0]?.text).toBe('api: parallel track (batch 2) -> sequential track (step 1)');
  });

  it('names the phase when a service keeps its step number but moves to another phase', () => {
    const entry = (service: string, position: number, phase: number, step: number | null, batch: number | null) => ({
      service,
      position,
      phase,
      step,
      batch,
      track: step === null ? ('parallel' as const) : ('sequential' as const),
      groupId: null,
      blastRadius: 0,
      effortDays: null,
      reason: '',
    });
    const before = [entry('core', 1, 1, 1, null), entry('web', 2, 2, null, 1)];
    const after = [entry('web', 1, 1, null, 1), entry('core', 2, 2, 1, null)];
    expect(diffPlans(before, after).map((c) => c.text)).toEqual(['core: step 1 of phase 1 -> step 1 of phase 2']);
  });

  it('finds nothing between a plan and itself', () => {
    const p = plan(graphOf('a>b b>c x>c'), { strategy: 'parallel' });
    expect(diffPlans(p.entries, p.entries)).toEqual([]);
  });
});

describe('contradictions', () => {
  it('warns when services cut over in one batch now depend on each other', () => {
    const g = graphOf('a>b');
    const history = [
      { service: 'a', movedAt: 1, batch: 1 },
      { service: 'b', movedAt: 1, batch: 1 },
    ];
    expect(contradictions(g, history)).toEqual([
      {
        kind: 'moved-together',
        consumer: 'a',
        provider: 'b',
        message: 'a and b cut over together, but a depends on b.',
      },
    ]);
  });

  it('warns under leaf-first when a provider moved before its consumer, or before a consumer still waiting', () => {
    const g = graphOf('a>b c>b');
    const history = [
      { service: 'b', movedAt: 1 },
      { service: 'a', movedAt: 2 },
    ];
    expect(contradictions(g, history).map((c) => c.message)).toEqual([
      'b moved before a, which depends on it: leaf-first moves consumers first.',
      'b has moved but c, which depends on it, has not: leaf-first moves consumers first.',
    ]);
    expect(contradictions(g, history, { direction: 'providers-first' })).toEqual([]);
  });

  it('warns under providers-first when a consumer went first', () => {
    const g = graphOf('a>b');
    expect(contradictions(g, [{ service: 'a', movedAt: 1 }], { direction: 'providers-first' })).toMatchObject([
      { kind: 'out-of-order', consumer: 'a', provider: 'b' },
    ]);
  });

  it('with a new dependency, reports only what it brings', () => {
    const g = graphOf('x>y a>b');
    const history = [
      { service: 'y', movedAt: 1 },
      { service: 'x', movedAt: 2 },
      { service: 'a', movedAt: 3, batch: 4 },
      { service: 'b', movedAt: 3, batch: 4 },
      { service: 'c', movedAt: 3, batch: 4 },
    ];
    const added = { from: 'c', to: 'b', kind: 'async' as const };
    const found = contradictions({ ...g, services: [...g.services, svc('c')], edges: [...g.edges, added] }, history, {
      added,
    });
    expect(found.map((c) => [c.kind, c.consumer, c.provider])).toEqual([['moved-together', 'c', 'b']]);
  });

  it('does not report services of one group that moved together', () => {
    const g = graphOf('a>b b>a');
    const history = [
      { service: 'a', movedAt: 1, batch: 1 },
      { service: 'b', movedAt: 1, batch: 1 },
    ];
    expect(contradictions(g, history)).toEqual([]);
  });

  it('warns when a new dependency closes a cycle between services that moved apart', () => {
    const g = graphOf('a>b b>a c>db:shared-db d>db:shared-db');
    const history = [
      { service: 'a', movedAt: 1 },
      { service: 'b', movedAt: 2 },
      { service: 'c', movedAt: 3 },
    ];
    expect(contradictions(g, history, { added: { from: 'b', to: 'a', kind: 'sync' } })).toEqual([
      {
        kind: 'moved-apart',
        consumer: 'a',
        provider: 'b',
        message: 'a and b must move together, but they cut over separately.',
      },
    ]);
    expect(contradictions(g, history).map((c) => c.message)).toContain(
      'c has moved but d, which must move with it, has not.',
    );
  });
});
