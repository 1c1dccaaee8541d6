// Checking the graph, a newly found dependency in it, against what has already moved.

import type { IndexedGraph } from './graph.ts';
import { analyseGraph, type GraphAnalysis } from './graph-groups.ts';
import type { PlanDirection, PlanEdge, ServiceGraph } from './model.ts';

export interface MovedService {
  readonly service: string;
  /** Order in which services cut over; equal values mean together. */
  readonly movedAt: number;
  /** The batch it cut over in, when it went in one. */
  readonly batch?: number | null;
}

export const CONTRADICTION_KINDS = ['moved-together', 'out-of-order', 'moved-apart'] as const;
export type ContradictionKind = (typeof CONTRADICTION_KINDS)[number];

export interface Contradiction {
  readonly kind: ContradictionKind;
  /** The consumer, then the provider it depends on (directly or transitively); for moved-apart, the two group members. */
  readonly consumer: string;
  readonly provider: string;
  readonly message: string;
}

/**
 * Checks the graph (with any newly found dependency in it) against what has already moved:
 * - moved-together: two services cut over together (one batch, or one moment) and one depends on
 *   the other, so they should have been apart;
 * - out-of-order: under leaf-first a provider moved before a consumer of it (or moved while the
 *   consumer has not); under providers-first a consumer moved before one of its providers;
 * - moved-apart: two services that now form one group (a cycle, a shared database) did not cut
 *   over together. Members of one group are not reported against each other otherwise.
 * With `added`, only what that dependency brings is reported: the rest was known before.
 * Cost: a walk of the graph per moved service, fine for the thousands a team moves.
 */
export function contradictions(
  graph: ServiceGraph,
  history: readonly MovedService[],
  options: { readonly direction?: PlanDirection; readonly added?: PlanEdge } = {},
): Contradiction[] {
  const direction = options.direction ?? 'leaf-first';
  const found = findContradictions(analyseGraph(graph), history, direction);
  const { added } = options;
  if (!added) return found;
  const without: ServiceGraph = {
    services: graph.services,
    edges: graph.edges.filter((e) => e.from !== added.from || e.to !== added.to),
  };
  const known = new Set(findContradictions(analyseGraph(without), history, direction).map(keyOf));
  return found.filter((c) => !known.has(keyOf(c)));
}

const keyOf = (c: Contradiction) => `${c.kind}|${c.consumer}|${c.provider}`;

/** What has moved, and a walker over the graph; shared by the checks of one moved service. */
interface Check {
  readonly a: GraphAnalysis;
  readonly g: IndexedGraph;
  readonly direction: PlanDirection;
  /** Per service id: its `movedAt`, NaN when it has not moved. */
  readonly movedAt: Float64Array;
  /** Per service id: the batch it moved in, NaN when none. */
  readonly batchOf: Float64Array;
  readonly walk: (from: number, up: boolean, visit: (w: number) => void) => void;
  readonly report: (kind: ContradictionKind, consumer: number, provider: number, message: string) => void;
}

function findContradictions(
  a: GraphAnalysis,
  history: readonly MovedService[],
  direction: PlanDirection,
): Contradiction[] {
  const g = a.graph;
  const out: Contradiction[] = [];
  const check: Check = {
    a,
    g,
    direction,
    ...movesById(g, history),
    walk: walkerOutsideGroup(a),
    report: (kind, c, p, message) =>
      out.push({ kind, consumer: g.names[c] as string, provider: g.names[p] as string, message }),
  };
  for (let c = 0; c < g.size; c++) {
    if (!hasMoved(check, c)) continue;
    checkProviders(check, c);
    checkGroupMates(check, c);
    if (direction === 'leaf-first') checkWaitingConsumers(check, c);
  }
  return out.sort((x, y) => compare(x.consumer, y.consumer) || compare(x.provider, y.provider));
}

function movesById(g: IndexedGraph, history: readonly MovedService[]): Pick<Check, 'movedAt' | 'batchOf'> {
  const movedAt = new Float64Array(g.size).fill(Number.NaN);
  const batchOf = new Float64Array(g.size).fill(Number.NaN);
  for (const h of history) {
    const id = g.idOf.get(h.service);
    if (id === undefined) continue;
    movedAt[id] = h.movedAt;
    if (h.batch !== undefined && h.batch !== null) batchOf[id] = h.batch;
  }
  return { movedAt, batchOf };
}

const hasMoved = (check: Check, v: number) => !Number.isNaN(check.movedAt[v] as number);

/** One batch, or one moment. */
function movedTogether(check: Check, x: number, y: number): boolean {
  const sameBatch = !Number.isNaN(check.batchOf[x] as number) && check.batchOf[x] === check.batchOf[y];
  return sameBatch || check.movedAt[x] === check.movedAt[y];
}

/** Visits every service reachable from `from` (providers, or consumers when `up`), skipping its group. */
function walkerOutsideGroup(a: GraphAnalysis): Check['walk'] {
  const g = a.graph;
  const seen = new Int32Array(g.size).fill(-1);
  const queue = new Int32Array(g.size);
  return (from, up, visit) => {
    const start = up ? g.consumerStart : g.providerStart;
    const ids = up ? g.consumerIds : g.providerIds;
    let head = 0;
    let tail = 0;
    queue[tail++] = from;
    // A stamp per walk (start and direction) spares clearing `seen` between walks.
    seen[from] = up ? -2 - from : from;
    const stamp = seen[from] as number;
    while (head < tail) {
      const v = queue[head++] as number;
      for (let e = start[v] as number; e < (start[v + 1] as number); e++) {
        const w = ids[e] as number;
        if (seen[w] === stamp) continue;
        seen[w] = stamp;
        queue[tail++] = w;
        if (a.unitOf[w] !== a.unitOf[from]) visit(w);
      }
    }
  };
}

/** The providers of moved service `c`, each against when it moved (or that it has not). */
function checkProviders(check: Check, c: number): void {
  const { g, direction, movedAt, report } = check;
  const consumer = g.names[c] as string;
  check.walk(c, false, (p) => {
    const provider = g.names[p] as string;
    if (!hasMoved(check, p)) {
      if (direction === 'providers-first') {
        report(
          'out-of-order',
          c,
          p,
          `${consumer} has moved but ${provider}, which it depends on, has not: providers-first moves providers first.`,
        );
      }
    } else if (movedTogether(check, c, p)) {
      report(
        'moved-together',
        c,
        p,
        `${consumer} and ${provider} cut over together, but ${consumer} depends on ${provider}.`,
      );
    } else if (direction === 'leaf-first' && (movedAt[p] as number) < (movedAt[c] as number)) {
      report(
        'out-of-order',
        c,
        p,
        `${provider} moved before ${consumer}, which depends on it: leaf-first moves consumers first.`,
      );
    } else if (direction === 'providers-first' && (movedAt[c] as number) < (movedAt[p] as number)) {
      report(
        'out-of-order',
        c,
        p,
        `${consumer} moved before ${provider}, which it depends on: providers-first moves providers first.`,
      );
    }
  });
}

/** Members of `c`'s group that did not move with it; each pair of moved members is reported once. */
function checkGroupMates(check: Check, c: number): void {
  const { a, g, report } = check;
  const consumer = g.names[c] as string;
  const u = a.unitOf[c] as number;
  for (let i = a.unitMemberStart[u] as number; i < (a.unitMemberStart[u + 1] as number); i++) {
    const m = a.unitMembers[i] as number;
    if (m === c || (hasMoved(check, m) && m < c)) continue;
    const other = g.names[m] as string;
    if (!hasMoved(check, m)) {
      report('moved-apart', c, m, `${consumer} has moved but ${other}, which must move with it, has not.`);
    } else if (!movedTogether(check, c, m)) {
      report('moved-apart', c, m, `${consumer} and ${other} must move together, but they cut over separately.`);
    }
  }
}

/** Under leaf-first, consumers of moved service `c` that have not moved yet. */
function checkWaitingConsumers(check: Check, c: number): void {
  const { g, report } = check;
  const provider = g.names[c] as string;
  check.walk(c, true, (w) => {
    if (hasMoved(check, w)) return;
    const name = g.names[w] as string;
    report(
      'out-of-order',
      w,
      c,
      `${provider} has moved but ${name}, which depends on it, has not: leaf-first moves consumers first.`,
    );
  });
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
