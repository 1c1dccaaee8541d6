import { describe, expect, it } from 'vitest';
import { exactBlastRadii, SKETCH_SIZE, sketchedBlastRadii } from '../../src/domain/blast-radius.ts';
import { consumersOf, hasPath, indexGraph, KIND_BITS, providersOf, stronglyConnected } from '../../src/domain/graph.ts';
import { analyseGraph } from '../../src/domain/graph-groups.ts';
import type { DependencyKind, PlanService, ServiceGraph } from '../../src/domain/model.ts';
import { CodedError } from '../../src/errors.ts';

const svc = (name: string, extra: Partial<PlanService> = {}): PlanService => ({
  name,
  tier: null,
  stateful: false,
  external: false,
  effortDays: null,
  ...extra,
});

/** `'a>b b>c:shared-db'`: a depends on b, b shares database c. */
function graphOf(edges: string, extraServices: string[] = []): ServiceGraph {
  const names = new Set(extraServices);
  const list = edges
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => {
      const [pair, kind = 'sync'] = token.split(':') as [string, string?];
      const [from, to] = pair.split('>') as [string, string];
      names.add(from);
      names.add(to);
      return { from, to, kind: kind as DependencyKind };
    });
  return { services: [...names].map((n) => svc(n)), edges: list };
}

describe('indexGraph', () => {
  it('numbers services in name order whatever the input order', () => {
    const g = indexGraph(graphOf('web>api api>db'));
    expect(g.names).toEqual(['api', 'db', 'web']);
    expect(g.idOf.get('web')).toBe(2);
    expect(providersOf(g, 'web')).toEqual(['api']);
    expect(consumersOf(g, 'db')).toEqual(['api']);
  });

  it('merges duplicate edges, combining their kinds, and drops self-dependencies', () => {
    const g = indexGraph(graphOf('a>b a>b:shared-db a>a b>c:async'));
    expect(g.providerIds.length).toBe(2);
    expect(g.providerKinds[0]).toBe(KIND_BITS.sync | KIND_BITS['shared-db']);
    expect(providersOf(g, 'a')).toEqual(['b']);
  });

  it('rejects an unknown service and a duplicate name with a coded error', () => {
    const unknown = { services: [svc('a')], edges: [{ from: 'a', to: 'ghost', kind: 'sync' as const }] };
    expect(() => indexGraph(unknown)).toThrow(CodedError);
    expect(() => indexGraph(unknown)).toThrow(/ghost/);
    expect(() => indexGraph({ services: [svc('a'), svc('a')], edges: [] })).toThrow(/listed twice/);
  });

  it('answers paths in the direction of dependency', () => {
    const g = indexGraph(graphOf('web>api api>db x>y y>x'));
    expect(hasPath(g, 'web', 'db')).toBe(true);
    expect(hasPath(g, 'db', 'web')).toBe(false);
    expect(hasPath(g, 'web', 'web')).toBe(false);
    expect(hasPath(g, 'x', 'x')).toBe(true);
    expect(() => hasPath(g, 'web', 'nope')).toThrow(/nope/);
  });
});

describe('stronglyConnected', () => {
  it('finds cycles and numbers providers before consumers', () => {
    const g = indexGraph(graphOf('a>b b>c c>a c>d e>a'));
    const { count, componentOf } = stronglyConnected(g.size, g.providerStart, g.providerIds);
    const comp = (name: string) => componentOf[g.idOf.get(name) as number];
    expect(count).toBe(3);
    expect(comp('a')).toBe(comp('b'));
    expect(comp('b')).toBe(comp('c'));
    expect(comp('d')).toBeLessThan(comp('a') as number);
    expect(comp('a')).toBeLessThan(comp('e') as number);
  });

  it('handles a chain of 100,000 services without recursion', () => {
    const n = 100_000;
    const start = new Int32Array(n + 1);
    const ids = new Int32Array(n);
    for (let v = 0; v < n; v++) {
      start[v + 1] = v + 1;
      ids[v] = (v + 1) % n; // closes one huge cycle
    }
    expect(stronglyConnected(n, start, ids).count).toBe(1);
    expect(
      stronglyConnected(
        n - 1,
        start,
        ids.map((x) => Math.min(x, n - 2)),
      ).count,
    ).toBe(n - 1);
  });
});

describe('analyseGraph', () => {
  it('groups a cycle and names the loop', () => {
    const a = analyseGraph(graphOf('web>a a>b b>a b>db'));
    expect(a.groups).toEqual([{ id: 'g1', members: ['a', 'b'], reason: 'cycle: a -> b -> a' }]);
    expect(a.unitCount).toBe(3);
  });

  it('groups the services sharing a database, but not the database', () => {
    const a = analyseGraph(graphOf('orders>orders-db:shared-db billing>orders-db:shared-db report>orders-db'));
    expect(a.groups).toEqual([{ id: 'g1', members: ['billing', 'orders'], reason: 'share database orders-db' }]);
    const g = a.graph;
    expect(a.unitOf[g.idOf.get('orders-db') as number]).not.toBe(a.unitOf[g.idOf.get('orders') as number]);
    expect(a.unitOf[g.idOf.get('report') as number]).not.toBe(a.unitOf[g.idOf.get('orders') as number]);
  });

  it('pulls in what lies on a path between services sharing a database', () => {
    // a and b share db; a -> c -> b, so a, c and b must move together.
    const a = analyseGraph(graphOf('a>db:shared-db b>db:shared-db a>c c>b'));
    expect(a.groups).toHaveLength(1);
    expect(a.groups[0]?.members).toEqual(['a', 'b', 'c']);
    expect(a.groups[0]?.reason).toBe(
      'share database db; dependency paths loop through the services sharing a database',
    );
  });

  it('builds an acyclic condensation over the units', () => {
    const a = analyseGraph(graphOf('w>a a>b b>a b>c c>d d>c x>d'));
    const seen = new Uint8Array(a.unitCount);
    const done = new Uint8Array(a.unitCount);
    const visit = (u: number): void => {
      expect(seen[u] === 1 && done[u] === 0).toBe(false);
      if (seen[u]) return;
      seen[u] = 1;
      for (let e = a.unitProviderStart[u] as number; e < (a.unitProviderStart[u + 1] as number); e++) {
        visit(a.unitProviderIds[e] as number);
      }
      done[u] = 1;
    };
    for (let u = 0; u < a.unitCount; u++) visit(u);
    expect(a.groups.map((g) => g.members)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('shortens the description of a long cycle', () => {
    const names = Array.from({ length: 12 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const ring = names.map((n, i) => `${n}>${names[(i + 1) % names.length]}`).join(' ');
    const reason = analyseGraph(graphOf(ring)).groups[0]?.reason ?? '';
    expect(reason).toMatch(/^cycle: s00 -> s01 -> s02 -> s03 -> s04 -> … -> s11 -> s00 \(12 services on the loop\)$/);
  });
});

describe('blast radius', () => {
  it('counts distinct consumers, direct and transitive', () => {
    // Diamond: top depends on l and r, both on base; base's consumers are counted once each.
    const a = analyseGraph(graphOf('top>l top>r l>base r>base', ['alone']));
    const radius = (n: string) => a.blastRadius[a.graph.idOf.get(n) as number];
    expect([radius('top'), radius('l'), radius('r'), radius('base'), radius('alone')]).toEqual([0, 1, 1, 3, 0]);
    expect(a.blastRadiusExact).toBe(true);
  });

  it('counts the other members of a cycle', () => {
    const a = analyseGraph(graphOf('web>a a>b b>a b>db'));
    const radius = (n: string) => a.blastRadius[a.graph.idOf.get(n) as number];
    expect([radius('web'), radius('a'), radius('b'), radius('db')]).toEqual([0, 2, 2, 3]);
  });

  it('sketches are exact below the sketch size and close above it', () => {
    // A random layered graph: 3,000 services, each depending on up to 3 earlier ones.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const n = 3_000;
    const services = Array.from({ length: n }, (_, i) => svc(`s${i}`));
    const edges = [];
    for (let i = 1; i < n; i++) {
      for (let k = 0; k < 3; k++) {
        edges.push({ from: `s${i}`, to: `s${Math.floor(random() * random() * i)}`, kind: 'sync' as const });
      }
    }
    const g = indexGraph({ services, edges });
    const scc = stronglyConnected(g.size, g.providerStart, g.providerIds);
    const exact = exactBlastRadii(g, scc);
    const sketched = sketchedBlastRadii(g, scc);
    let squares = 0;
    let large = 0;
    for (let v = 0; v < n; v++) {
      const e = exact[v] as number;
      if (e < SKETCH_SIZE) expect(sketched[v]).toBe(e);
      else {
        squares += ((sketched[v] as number) / e - 1) ** 2;
        large++;
      }
    }
    expect(large).toBeGreaterThan(50);
    expect(Math.sqrt(squares / large)).toBeLessThan(0.25);
  });
});
