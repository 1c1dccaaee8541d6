import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEPENDENCY_KINDS,
  PLAN_DIRECTIONS,
  type PlanDirection,
  type PlanEdge,
  type PlanService,
  type ServiceGraph,
  STRATEGIES,
  type Strategy,
} from '../../src/domain/model.ts';
import { type Plan, type PlanEntry, plan } from '../../src/domain/planner.ts';

const RUNS = 150;

/** Small random graphs, cycles and shared databases included. */
const arbGraph: fc.Arbitrary<ServiceGraph> = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.record({
    services: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          name: fc.constant(`svc-${i}`),
          tier: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
          stateful: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
          external: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
          effortDays: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
        }),
      ),
    ) as fc.Arbitrary<PlanService[]>,
    edges: fc.array(
      fc.record({
        from: fc.nat(n - 1).map((i) => `svc-${i}`),
        to: fc.nat(n - 1).map((i) => `svc-${i}`),
        kind: fc.constantFrom(...DEPENDENCY_KINDS),
      }),
      { maxLength: 2 * n },
    ) as fc.Arbitrary<PlanEdge[]>,
  }),
);

const arbOptions = fc.record({
  strategy: fc.constantFrom(...STRATEGIES),
  direction: fc.constantFrom(...PLAN_DIRECTIONS),
  batchCap: fc.constantFrom(0, 1, 2, 3),
  criticalTier: fc.constantFrom(0, 1, 2),
  highBlastPercent: fc.constantFrom(0, 10, 30),
});

/** reach[a] holds every service a depends on, directly or transitively. */
function reachability(g: ServiceGraph): Map<string, Set<string>> {
  const providers = new Map(g.services.map((s) => [s.name, [] as string[]]));
  for (const e of g.edges) if (e.from !== e.to) providers.get(e.from)?.push(e.to);
  const reach = new Map<string, Set<string>>();
  for (const s of g.services) {
    const seen = new Set<string>();
    const stack = [...(providers.get(s.name) ?? [])];
    while (stack.length > 0) {
      const v = stack.pop() as string;
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(...(providers.get(v) ?? []));
    }
    reach.set(s.name, seen);
  }
  return reach;
}

const byName = (p: Plan) => new Map(p.entries.map((e) => [e.service, e]));
const together = (a: PlanEntry, b: PlanEntry) => a.groupId !== null && a.groupId === b.groupId;

/** The number that orders services in a plan: the step, the batch, or (hybrid) the phase. */
function orderKey(strategy: Strategy, e: PlanEntry): number {
  if (strategy === 'sequential') return e.step as number;
  if (strategy === 'parallel') return e.batch as number;
  return e.phase;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('plan properties', () => {
  it('every service appears exactly once, positions run 1..n', () => {
    fc.assert(
      fc.property(arbGraph, arbOptions, (g, options) => {
        const p = plan(g, options);
        expect(p.entries.map((e) => e.service).sort()).toEqual(g.services.map((s) => s.name).sort());
        expect(p.entries.map((e) => e.position)).toEqual(p.entries.map((_, i) => i + 1));
      }),
      { numRuns: RUNS },
    );
  });

  it('no batch holds two services with a dependency path between them, unless they are one group', () => {
    fc.assert(
      fc.property(arbGraph, arbOptions, (g, options) => {
        const p = plan(g, options);
        const reach = reachability(g);
        for (const a of p.entries) {
          for (const b of p.entries) {
            if (a === b || a.batch === null || a.batch !== b.batch || together(a, b)) continue;
            expect(reach.get(a.service)?.has(b.service)).toBe(false);
          }
        }
        if (options.batchCap > 0) {
          const sizes = new Map<number, number>();
          for (const e of p.entries) if (e.batch !== null) sizes.set(e.batch, (sizes.get(e.batch) ?? 0) + 1);
          const oversized = [...sizes.values()].filter((size) => size > options.batchCap);
          if (oversized.length > 0) expect(p.warnings.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('every dependency order holds in the chosen direction, except within a group', () => {
    fc.assert(
      fc.property(arbGraph, arbOptions, (g, options) => {
        const p = plan(g, options);
        const at = byName(p);
        const sign = options.direction === 'leaf-first' ? 1 : -1;
        for (const edge of g.edges) {
          const consumer = at.get(edge.from) as PlanEntry;
          const provider = at.get(edge.to) as PlanEntry;
          if (edge.from === edge.to || together(consumer, provider)) continue;
          expect(sign * (orderKey(p.strategy, provider) - orderKey(p.strategy, consumer))).toBeGreaterThan(0);
          expect(sign * (provider.phase - consumer.phase)).toBeGreaterThan(0);
          expect(sign * (provider.position - consumer.position)).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('cycles and database users form groups that move as one', () => {
    fc.assert(
      fc.property(arbGraph, arbOptions, (g, options) => {
        const p = plan(g, options);
        const at = byName(p);
        const reach = reachability(g);
        const sameSlot = (a: PlanEntry, b: PlanEntry) =>
          together(a, b) && a.phase === b.phase && a.step === b.step && a.batch === b.batch && a.track === b.track;
        for (const a of g.services) {
          for (const b of g.services) {
            if (a.name !== b.name && reach.get(a.name)?.has(b.name) && reach.get(b.name)?.has(a.name)) {
              expect(sameSlot(at.get(a.name) as PlanEntry, at.get(b.name) as PlanEntry)).toBe(true);
            }
          }
        }
        const users = new Map<string, string[]>();
        for (const e of g.edges) {
          if (e.kind === 'shared-db' && e.from !== e.to) users.set(e.to, [...(users.get(e.to) ?? []), e.from]);
        }
        for (const list of users.values()) {
          const first = at.get(list[0] as string) as PlanEntry;
          for (const other of list.slice(1)) {
            if (other !== first.service) expect(sameSlot(first, at.get(other) as PlanEntry)).toBe(true);
          }
        }
        for (const group of p.groups) {
          expect(p.entries.filter((e) => e.groupId === group.id).map((e) => e.service)).toEqual(group.members);
          expect(group.reason).not.toBe('');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('blast radius counts every distinct consumer, direct or transitive', () => {
    fc.assert(
      fc.property(arbGraph, (g) => {
        const reach = reachability(g);
        const p = plan(g, { strategy: 'sequential' });
        for (const e of p.entries) {
          const consumers = g.services.filter((s) => s.name !== e.service && reach.get(s.name)?.has(e.service));
          expect(e.blastRadius).toBe(consumers.length);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('hybrid puts every critical, stateful, external or grouped service on the sequential track', () => {
    fc.assert(
      fc.property(arbGraph, fc.constantFrom(0, 1, 2), (g, criticalTier) => {
        const p = plan(g, { strategy: 'hybrid', criticalTier });
        const at = byName(p);
        for (const s of g.services) {
          const e = at.get(s.name) as PlanEntry;
          const critical = s.tier !== null && criticalTier > 0 && s.tier <= criticalTier;
          if (critical || s.stateful || s.external || e.groupId !== null) expect(e.track).toBe('sequential');
          expect((e.step === null) !== (e.batch === null)).toBe(true);
          expect(e.reason.startsWith(e.track === 'sequential' ? 'one at a time: ' : 'in a batch: ')).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('is deterministic: the same plan twice, and whatever the input order', () => {
    fc.assert(
      fc.property(arbGraph, arbOptions, fc.integer(), (g, options, seed) => {
        const once = plan(g, options);
        expect(plan(g, options)).toEqual(once);
        const reordered = { services: shuffled(g.services, seed), edges: shuffled(g.edges, seed + 1) };
        expect(plan(reordered, options)).toEqual(once);
      }),
      { numRuns: RUNS },
    );
  });

  it('providers-first and leaf-first agree on groups and blast radii', () => {
    fc.assert(
      fc.property(arbGraph, fc.constantFrom(...STRATEGIES), (g, strategy) => {
        const [leaf, providers] = (['leaf-first', 'providers-first'] as PlanDirection[]).map((direction) =>
          plan(g, { strategy, direction }),
        ) as [Plan, Plan];
        expect(providers.groups).toEqual(leaf.groups);
        const radius = (p: Plan) => Object.fromEntries(p.entries.map((e) => [e.service, e.blastRadius]));
        expect(radius(providers)).toEqual(radius(leaf));
      }),
      { numRuns: 100 },
    );
  });
});
