// `npm run bench`: the planner against two baselines, measured in the same run on the same graphs.
// - planner: the whole hybrid plan (index, cycles and shared-database groups, blast radius, the
//   one-at-a-time order of the sequential track, levels and batches) plus its estimate;
//   "all three" plans every strategy from one analysis and estimates each.
// - plain: Kahn's topological sort on arrays, names mapped to numbers with a Map: the floor.
// - graphology: a DirectedGraph built from the names, then graphology-dag's topologicalGenerations,
//   what one would reach for. It throws on a cycle, so both baselines get the graph without the
//   edges that close cycles (the planner gets the full graph, cycles included).
// Each timing is the median of several runs after warm-up runs, with a garbage collection
// between tasks. Wall-clock and CPU time are both shown: on a shared machine CPU time is steadier.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DirectedGraph } from 'graphology';
import { topologicalGenerations } from 'graphology-dag';
import { compareStrategies, estimatePlan } from '../src/domain/estimates.ts';
import { analyseGraph } from '../src/domain/graph-groups.ts';
import type { PlanEdge, PlanService } from '../src/domain/model.ts';
import { plan } from '../src/domain/planner.ts';
import { DEFAULT_SETTINGS } from '../src/domain/settings.ts';
import { randomGraph } from './graphs.ts';

const SIZES = [1_000, 10_000, 100_000] as const;
/** Warm-up runs continue until both counts are reached, so the JIT has compiled the hot paths. */
const WARM_UP_RUNS = 1;
const WARM_UP_MS = 400;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

// A full collection between tasks, so that no task pays for the garbage the one before left
// (graphology's large heap would otherwise be collected during the next task's runs).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Timing {
  /** Median wall-clock ms. */
  readonly wall: number;
  /** Median CPU ms of this process (all its threads, so GC helpers count too). */
  readonly cpu: number;
}

/**
 * Warms `task` up until the JIT has compiled its hot paths, then times `runs` runs of it. The
 * largest size skips the warm-up: the smaller sizes have warmed the same code already.
 */
function time(runs: number, task: () => unknown, warm = true): Timing {
  collectGarbage();
  const warmUntil = performance.now() + WARM_UP_MS;
  for (let i = 0; warm && (i < WARM_UP_RUNS || (performance.now() < warmUntil && i < 200)); i++) task();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    task();
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    wall.push(t1 - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** The floor: Kahn's algorithm on typed arrays; returns the order as ids. */
function plainKahn(services: readonly PlanService[], edges: readonly PlanEdge[]): Int32Array {
  const n = services.length;
  const idOf = new Map<string, number>();
  for (let i = 0; i < n; i++) idOf.set((services[i] as PlanService).name, i);
  const from = new Int32Array(edges.length);
  const to = new Int32Array(edges.length);
  const start = new Int32Array(n + 1);
  const indegree = new Int32Array(n);
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as PlanEdge;
    const f = idOf.get(e.from) as number;
    const t = idOf.get(e.to) as number;
    from[i] = f;
    to[i] = t;
    start[f + 1] = (start[f + 1] as number) + 1;
    indegree[t] = (indegree[t] as number) + 1;
  }
  for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, n);
  const targets = new Int32Array(edges.length);
  for (let i = 0; i < edges.length; i++) {
    const f = from[i] as number;
    targets[fill[f] as number] = to[i] as number;
    fill[f] = (fill[f] as number) + 1;
  }
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let v = 0; v < n; v++) if (indegree[v] === 0) order[tail++] = v;
  while (head < tail) {
    const v = order[head++] as number;
    for (let e = start[v] as number; e < (start[v + 1] as number); e++) {
      const t = targets[e] as number;
      indegree[t] = (indegree[t] as number) - 1;
      if (indegree[t] === 0) order[tail++] = t;
    }
  }
  return order;
}

function graphologyGenerations(services: readonly PlanService[], edges: readonly PlanEdge[]): string[][] {
  const g = new DirectedGraph();
  for (const s of services) g.addNode(s.name);
  for (const e of edges) g.mergeEdge(e.from, e.to);
  return topologicalGenerations(g);
}

const pad = (s: string, w: number) => s.padStart(w);
const ms = (x: number) => x.toFixed(1);
const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}x`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((r) => r.map((c, i) => pad(c, widths[i] as number)).join('  ')).join('\n');
}

const wallRows: string[][] = [];
const cpuRows: string[][] = [];
const notes: string[] = [];
const started = performance.now();
for (const n of SIZES) {
  const { graph, acyclicEdges, cycleEdges } = randomGraph(n, 20_240_601 + n);
  const rounds = n >= 100_000 ? 3 : n >= 10_000 ? 15 : 41;
  const warm = n < 100_000;
  const planner = time(rounds, () => estimatePlan(plan(graph, { strategy: 'hybrid' }), DEFAULT_SETTINGS), warm);
  const allThree = time(rounds, () => compareStrategies(graph, DEFAULT_SETTINGS, new Set()), warm);
  const plain = time(rounds, () => plainKahn(graph.services, acyclicEdges), warm);
  const graphology = time(rounds, () => graphologyGenerations(graph.services, acyclicEdges), warm);
  for (const [rows, key] of [
    [wallRows, 'wall'],
    [cpuRows, 'cpu'],
  ] as const) {
    rows.push([
      String(n),
      ms(planner[key]),
      ms(allThree[key]),
      ms(plain[key]),
      ms(graphology[key]),
      ratio(planner[key], plain[key]),
      ratio(planner[key], graphology[key]),
    ]);
  }
  const a = analyseGraph(graph);
  const largest = a.groups.reduce((m, g) => Math.max(m, g.members.length), 0);
  const p = plan(a, { strategy: 'hybrid' });
  notes.push(
    `${n}: ${graph.edges.length} dependencies (${cycleEdges} closing cycles), ${a.groups.length} groups (largest ${largest}), ` +
      `hybrid: ${p.stepCount} steps + ${p.batchCount} batches in ${p.phaseCount} phases, blast radius ${a.blastRadiusExact ? 'exact' : 'sketched'}; ` +
      `${rounds} rounds`,
  );
}
const header = [
  'services',
  'planner ms',
  'all three ms',
  'plain ms',
  'graphology ms',
  'planner/plain',
  'planner/graphology',
];
console.log('Wall-clock, median:');
console.log(table(header, wallRows));
console.log('\nCPU time of this process, median (steadier when the machine is shared):');
console.log(table(header, cpuRows));
console.log('');
for (const line of notes) console.log(line);
console.log(`\nbench took ${((performance.now() - started) / 1000).toFixed(1)} s`);

// Start-up to a healthy /healthz and idle memory, against a bare Bolt app (bench/startup.ts).
const { runStartupBench } = await import('./startup.ts');
await runStartupBench();

// Ack latency under 50 concurrent requests, against a bare Bolt app (bench/ack-latency.ts).
const { runAckBench } = await import('./ack-latency.ts');
await runAckBench();
