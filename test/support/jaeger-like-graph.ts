// A seeded service graph shaped like a public Jaeger dependency export of 1,238 services: several
// thousand traced calls with heavy-tailed call counts, mostly acyclic (a service calls services
// below it), and one large cycle of a few hundred services held together by a handful of rarely
// used "back" calls, the way a retry path or a callback closes loops in a real system.

import { prng } from '../../bench/graphs.ts';
import type { PlanEdge, PlanService, ServiceGraph } from '../../src/domain/model.ts';

export interface JaegerLikeGraph {
  readonly graph: ServiceGraph;
  /** Members of the large cycle, in name order. */
  readonly cycle: readonly string[];
  /** The rarely used calls that close it, as from -> to pairs. */
  readonly backCalls: readonly PlanEdge[];
}

export interface JaegerLikeOptions {
  readonly services?: number;
  readonly cycleSize?: number;
  /** Average calls each service makes to services below it. */
  readonly callsPerService?: number;
}

const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;

/**
 * Service i calls 1 to 2 x callsPerService services with smaller numbers, biased towards the
 * smallest (they become the core). Services cycleStart .. cycleStart + cycleSize - 1 also form a
 * chain (each calls the one before it), closed by three back calls with 2 to 4 calls each: one
 * spanning the whole chain, two nested inside it. Fifteen forward calls of 1 to 3 calls sit
 * inside the chain as noise, so the least-used calls are not only the ones that close loops.
 */
export function jaegerLikeGraph(seed: number, options: JaegerLikeOptions = {}): JaegerLikeGraph {
  const n = options.services ?? 1238;
  const size = options.cycleSize ?? 356;
  const perService = options.callsPerService ?? 3.5;
  const random = prng(seed);
  const cycleStart = Math.floor(n / 4);
  const cycleEnd = cycleStart + size - 1;
  const pairs = new Map<string, PlanEdge>();
  const call = (from: number, to: number, callCount: number) => {
    const key = `${from}>${to}`;
    if (from === to || pairs.has(key)) return;
    pairs.set(key, { from: name(from), to: name(to), kind: 'sync', origin: 'traced', callCount });
  };
  const busy = () => Math.floor(10 ** (1 + random() * 4));
  for (let i = cycleStart + 1; i <= cycleEnd; i++) call(i, i - 1, busy());
  for (let i = 1; i < n; i++) {
    const k = 1 + Math.floor(random() * (2 * perService - 1));
    for (let j = 0; j < k; j++) call(i, Math.floor(i * random() ** 2), busy());
  }
  for (let j = 0; j < 15; j++) {
    const from = cycleStart + 1 + Math.floor(random() * (size - 1));
    call(from, cycleStart + Math.floor(random() * (from - cycleStart)), 1 + Math.floor(random() * 3));
  }
  const third = Math.floor(size / 3);
  const back: [number, number][] = [
    [cycleStart, cycleEnd],
    [cycleStart + third, cycleStart + 2 * third],
    [cycleStart + 10, cycleStart + 10 + Math.floor(third / 2)],
  ];
  for (const [i, [from, to]] of back.entries()) call(from, to, 2 + i);
  const services: PlanService[] = [];
  for (let i = 0; i < n; i++) {
    services.push({ name: name(i), tier: null, stateful: false, external: false, effortDays: null });
  }
  const cycle: string[] = [];
  for (let i = cycleStart; i <= cycleEnd; i++) cycle.push(name(i));
  return {
    graph: { services, edges: [...pairs.values()] },
    cycle,
    backCalls: back.map(([from, to]) => pairs.get(`${from}>${to}`) as PlanEdge),
  };
}

/** The graph as a Jaeger /api/dependencies answer, for the command line. */
export function toJaegerJson(graph: ServiceGraph): string {
  const data = graph.edges.map((e) => ({ parent: e.from, child: e.to, callCount: e.callCount ?? 0 }));
  return JSON.stringify({ data });
}
