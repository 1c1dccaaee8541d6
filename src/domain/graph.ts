// The dependency graph in a form fast enough for 100k services: names become integer ids (in name
// order, so every result is independent of the order of the input), and adjacency lives in
// compressed sparse rows (CSR) of typed arrays. "A depends on B": A is the consumer, B the provider.

import { CodedError } from '../errors.ts';
import type { DependencyKind, PlanService, ServiceGraph } from './model.ts';

/** One bit per dependency kind, so duplicate edges of different kinds merge into one edge. */
export const KIND_BITS: Readonly<Record<DependencyKind, number>> = {
  sync: 1,
  async: 2,
  'shared-db': 4,
  'shared-cache': 8,
  endpoint: 16,
};

export interface IndexedGraph {
  readonly size: number;
  /** id -> name; ids follow name order (JavaScript string order), so id order is name order. */
  readonly names: readonly string[];
  /** id -> the service as given. */
  readonly services: readonly PlanService[];
  readonly idOf: ReadonlyMap<string, number>;
  /** Providers of id v are providerIds[providerStart[v] .. providerStart[v + 1]), ascending, no duplicates. */
  readonly providerStart: Int32Array;
  readonly providerIds: Int32Array;
  /** KIND_BITS of each provider edge, parallel to providerIds. */
  readonly providerKinds: Uint8Array;
  /** Consumers of id v, laid out like the providers. */
  readonly consumerStart: Int32Array;
  readonly consumerIds: Int32Array;
}

function badGraph(message: string): CodedError {
  return new CodedError('migrate_bad_import', message);
}

/**
 * Indexes a graph. Duplicate edges merge (their kinds combine); an edge from a service to itself
 * says nothing about order and is dropped. A duplicate service name or an edge naming an unknown
 * service is an error, since the planner cannot guess what was meant.
 */
export function indexGraph(graph: ServiceGraph): IndexedGraph {
  const n = graph.services.length;
  const names = graph.services.map((s) => s.name);
  // Imports often arrive sorted already; checking is much cheaper than sorting.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = (names[i - 1] as string) <= (names[i] as string);
  if (!sorted) names.sort();
  const idOf = new Map<string, number>();
  for (let id = 0; id < n; id++) {
    const name = names[id] as string;
    if (id > 0 && names[id - 1] === name) throw badGraph(`The service \`${name}\` is listed twice.`);
    idOf.set(name, id);
  }
  const services = new Array<PlanService>(n);
  for (const s of graph.services) services[idOf.get(s.name) as number] = s;

  const m = graph.edges.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const kinds = new Uint8Array(m);
  let kept = 0;
  for (const e of graph.edges) {
    const f = idOf.get(e.from);
    const t = idOf.get(e.to);
    if (f === undefined || t === undefined) {
      const missing = f === undefined ? e.from : e.to;
      throw badGraph(`The dependency \`${e.from}\` -> \`${e.to}\` names \`${missing}\`, which is not a known service.`);
    }
    if (f === t) continue;
    from[kept] = f;
    to[kept] = t;
    kinds[kept] = KIND_BITS[e.kind] ?? 1;
    kept++;
  }

  // Two counting sorts: bucket the edges by provider, then walk providers in id order filling each
  // consumer's row, so every row comes out sorted and duplicates sit side by side.
  const byTo = bucket(n, kept, to, from, kinds);
  const outCount = new Int32Array(n + 1);
  for (let i = 0; i < kept; i++) outCount[(from[i] as number) + 1] = (outCount[(from[i] as number) + 1] as number) + 1;
  for (let v = 0; v < n; v++) outCount[v + 1] = (outCount[v + 1] as number) + (outCount[v] as number);
  const fill = outCount.slice(0, n);
  const rowIds = new Int32Array(kept);
  const rowKinds = new Uint8Array(kept);
  for (let t = 0; t < n; t++) {
    for (let i = byTo.start[t] as number; i < (byTo.start[t + 1] as number); i++) {
      const f = byTo.ids[i] as number;
      const at = fill[f] as number;
      if (at > (outCount[f] as number) && rowIds[at - 1] === t) {
        rowKinds[at - 1] = (rowKinds[at - 1] as number) | (byTo.kinds[i] as number);
      } else {
        rowIds[at] = t;
        rowKinds[at] = byTo.kinds[i] as number;
        fill[f] = at + 1;
      }
    }
  }
  // Compact away the room left by duplicates.
  const providerStart = new Int32Array(n + 1);
  let edges = 0;
  for (let v = 0; v < n; v++) edges += (fill[v] as number) - (outCount[v] as number);
  const providerIds = new Int32Array(edges);
  const providerKinds = new Uint8Array(edges);
  let w = 0;
  for (let v = 0; v < n; v++) {
    providerStart[v] = w;
    for (let i = outCount[v] as number; i < (fill[v] as number); i++) {
      providerIds[w] = rowIds[i] as number;
      providerKinds[w++] = rowKinds[i] as number;
    }
  }
  providerStart[n] = w;
  const consumers = reverse(n, providerStart, providerIds);
  return {
    size: n,
    names,
    services,
    idOf,
    providerStart,
    providerIds,
    providerKinds,
    consumerStart: consumers.start,
    consumerIds: consumers.ids,
  };
}

function bucket(n: number, m: number, key: Int32Array, value: Int32Array, kinds: Uint8Array) {
  const start = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) start[(key[i] as number) + 1] = (start[(key[i] as number) + 1] as number) + 1;
  for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, n);
  const ids = new Int32Array(m);
  const bucketKinds = new Uint8Array(m);
  for (let i = 0; i < m; i++) {
    const k = key[i] as number;
    const at = fill[k] as number;
    ids[at] = value[i] as number;
    bucketKinds[at] = kinds[i] as number;
    fill[k] = at + 1;
  }
  return { start, ids, kinds: bucketKinds };
}

/** The reverse of a CSR graph; rows come out sorted because sources are walked in id order. */
export function reverse(n: number, start: Int32Array, ids: Int32Array): { start: Int32Array; ids: Int32Array } {
  const rStart = new Int32Array(n + 1);
  for (let i = 0; i < ids.length; i++) rStart[(ids[i] as number) + 1] = (rStart[(ids[i] as number) + 1] as number) + 1;
  for (let v = 0; v < n; v++) rStart[v + 1] = (rStart[v + 1] as number) + (rStart[v] as number);
  const fill = rStart.slice(0, n);
  const rIds = new Int32Array(ids.length);
  for (let v = 0; v < n; v++) {
    for (let i = start[v] as number; i < (start[v + 1] as number); i++) {
      const t = ids[i] as number;
      rIds[fill[t] as number] = v;
      fill[t] = (fill[t] as number) + 1;
    }
  }
  return { start: rStart, ids: rIds };
}

export interface Components {
  readonly count: number;
  /** Node -> component. Components are numbered in the order Tarjan completes them: every edge
   * u -> v has componentOf[v] <= componentOf[u], so providers come before their consumers. */
  readonly componentOf: Int32Array;
}

/**
 * Strongly connected components of a CSR graph by Tarjan's algorithm, with explicit stacks instead
 * of recursion so a 100k-long chain cannot overflow the call stack.
 */
export function stronglyConnected(n: number, start: Int32Array, ids: Int32Array): Components {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const calls = new Int32Array(n);
  const next = new Int32Array(n);
  const componentOf = new Int32Array(n);
  let counter = 0;
  let sp = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let cp = 0;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    next[root] = start[root] as number;
    calls[cp++] = root;
    while (cp > 0) {
      const v = calls[cp - 1] as number;
      const e = next[v] as number;
      if (e < (start[v + 1] as number)) {
        next[v] = e + 1;
        const w = ids[e] as number;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          next[w] = start[w] as number;
          calls[cp++] = w;
        } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
          low[v] = index[w] as number;
        }
        continue;
      }
      cp--;
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp] as number;
          onStack[w] = 0;
          componentOf[w] = count;
        } while (w !== v);
        count++;
      }
      if (cp > 0) {
        const u = calls[cp - 1] as number;
        if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
      }
    }
  }
  return { count, componentOf };
}

function idOrThrow(g: IndexedGraph, name: string): number {
  const id = g.idOf.get(name);
  if (id === undefined) throw new CodedError('migrate_not_found', `There is no service called \`${name}\`.`);
  return id;
}

function row(g: IndexedGraph, start: Int32Array, ids: Int32Array, name: string): string[] {
  const v = idOrThrow(g, name);
  const out: string[] = [];
  for (let i = start[v] as number; i < (start[v + 1] as number); i++) out.push(g.names[ids[i] as number] as string);
  return out;
}

/** The services that depend directly on `name`, in name order. */
export function consumersOf(g: IndexedGraph, name: string): string[] {
  return row(g, g.consumerStart, g.consumerIds, name);
}

/** The services `name` depends on directly, in name order. */
export function providersOf(g: IndexedGraph, name: string): string[] {
  return row(g, g.providerStart, g.providerIds, name);
}

/** True when `from` depends on `to` directly or transitively (a service reaches itself only on a cycle). */
export function hasPath(g: IndexedGraph, from: string, to: string): boolean {
  const source = idOrThrow(g, from);
  const target = idOrThrow(g, to);
  const seen = new Uint8Array(g.size);
  const queue = new Int32Array(g.size);
  let head = 0;
  let tail = 0;
  queue[tail++] = source;
  seen[source] = 1;
  while (head < tail) {
    const v = queue[head++] as number;
    for (let i = g.providerStart[v] as number; i < (g.providerStart[v + 1] as number); i++) {
      const w = g.providerIds[i] as number;
      if (w === target) return true;
      if (seen[w] === 0) {
        seen[w] = 1;
        queue[tail++] = w;
      }
    }
  }
  return false;
}
