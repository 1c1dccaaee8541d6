// Seeded random service graphs shaped like real ones: sparse (about 2.5 dependencies per service),
// a few core services many depend on, mostly acyclic with a few short cycles, and some databases
// shared by two or three consumers. Input order is shuffled, as an import would give it.

import type { DependencyKind, PlanEdge, PlanService, ServiceGraph } from '../src/domain/model.ts';

export interface BenchGraph {
  readonly graph: ServiceGraph;
  /** The dependencies without the ones that close cycles: what the topological-sort baselines get. */
  readonly acyclicEdges: readonly PlanEdge[];
  readonly cycleEdges: number;
}

/** mulberry32: small, fast, seedable. */
export function prng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

/**
 * Service i depends on 1 to 4 services with smaller numbers (2.5 on average), drawn with a bias
 * towards the smallest numbers, so the first services become the core. Names are shuffled so
 * that name order and dependency order do not coincide.
 */
export function randomGraph(n: number, seed: number): BenchGraph {
  const random = prng(seed);
  const numbers = shuffle(
    Array.from({ length: n }, (_, i) => i),
    random,
  );
  const name = (i: number) => `svc-${String(numbers[i]).padStart(6, '0')}`;
  const stateful = new Uint8Array(n);
  const services: PlanService[] = [];
  for (let i = 0; i < n; i++) {
    stateful[i] = random() < 0.06 ? 1 : 0;
    services.push({
      name: name(i),
      tier: random() < 0.2 ? null : 1 + Math.floor(random() * 4),
      stateful: stateful[i] === 1,
      external: random() < 0.02,
      effortDays: random() < 0.5 ? null : 3 + Math.floor(random() * 5),
    });
  }
  const edges: PlanEdge[] = [];
  const providers: number[][] = Array.from({ length: n }, () => []);
  const kinds: DependencyKind[] = ['sync', 'sync', 'async', 'endpoint', 'shared-cache'];
  for (let i = 1; i < n; i++) {
    const count = Math.min(i, 1 + Math.floor(random() * 4));
    const mine = providers[i] as number[];
    for (let k = 0; k < count; k++) {
      const j = Math.floor(random() * random() * i);
      if (mine.includes(j)) continue;
      mine.push(j);
      edges.push({ from: name(i), to: name(j), kind: kinds[Math.floor(random() * kinds.length)] as DependencyKind });
    }
  }
  // A few databases shared by two or three neighbouring consumers.
  for (let d = 0; d < Math.max(2, Math.floor(n / 500)); d++) {
    const db = Math.floor(random() * (n - 10));
    const users = 2 + Math.floor(random() * 2);
    for (let u = 1; u <= users; u++) edges.push({ from: name(db + u * 3), to: name(db), kind: 'shared-db' });
  }
  const acyclicEdges = [...edges];
  // A few short cycles: a provider (or its provider) comes to depend on the consumer.
  let cycleEdges = 0;
  for (let c = 0; c < Math.max(3, Math.floor(n / 1000)); c++) {
    const i = 1 + Math.floor(random() * (n - 1));
    const j = (providers[i] as number[])[0];
    if (j === undefined) continue;
    const k = random() < 0.5 ? (providers[j] as number[])[0] : undefined;
    edges.push({ from: name(k ?? j), to: name(i), kind: 'async' });
    cycleEdges++;
  }
  return {
    graph: { services: shuffle(services, random), edges: shuffle(edges, random) },
    acyclicEdges: shuffle(acyclicEdges, random),
    cycleEdges,
  };
}
