// Plans change mid-migration: services start moving, hidden dependencies turn up. Re-planning the
// rest, saying what changed, and checking a new dependency against what has already moved.

import { analyseGraph, type GraphAnalysis } from './graph-groups.ts';
import type { PlanDirection, PlanEdge, ServiceGraph } from './model.ts';
import { type Plan, type PlanEntry, type PlanOptions, plan, type Track } from './planner.ts';

/**
 * Plans only the services not yet started. Started (`frozen`) services leave the plan, and so do
 * their dependencies: they are already on their way, so they constrain nothing that remains.
 */
export function replan(graph: ServiceGraph, options: PlanOptions, frozen: ReadonlySet<string>): Plan {
  const rest: ServiceGraph = {
    services: graph.services.filter((s) => !frozen.has(s.name)),
    edges: graph.edges.filter((e) => !frozen.has(e.from) && !frozen.has(e.to)),
  };
  return plan(rest, options);
}

export const PLAN_CHANGE_KINDS = ['added', 'removed', 'moved', 'track-changed'] as const;
export type PlanChangeKind = (typeof PLAN_CHANGE_KINDS)[number];

export interface PlanSlot {
  readonly position: number;
  readonly phase: number;
  readonly step: number | null;
  readonly batch: number | null;
  readonly track: Track;
}

export interface PlanChange {
  readonly service: string;
  readonly kind: PlanChangeKind;
  readonly from: PlanSlot | null;
  readonly to: PlanSlot | null;
  /** e.g. `api: batch 3 -> batch 1`. */
  readonly text: string;
}

const slotOf = (e: PlanEntry): PlanSlot => ({
  position: e.position,
  phase: e.phase,
  step: e.step,
  batch: e.batch,
  track: e.track,
});

export function slotText(s: PlanSlot): string {
  return s.step !== null ? `step ${s.step}` : `batch ${s.batch}`;
}

/**
 * What changed between two plans. A service that stays counts as moved only when its place relative
 * to the others changed: renumbering because services were added or removed elsewhere is not a
 * move. The moved ones are the fewest services whose removal leaves the rest in the same relative
 * order (the complement of a longest non-decreasing run of new places, in old order), so sharing a
 * step or batch counts as the same place. In new-plan order, removed services last.
 */
export function diffPlans(oldEntries: readonly PlanEntry[], newEntries: readonly PlanEntry[]): PlanChange[] {
  const before = new Map(oldEntries.map((e) => [e.service, e]));
  const after = new Map(newEntries.map((e) => [e.service, e]));
  const slotKey = (e: PlanEntry) => `${e.phase}|${e.step ?? ''}|${e.batch ?? ''}`;
  // Ordinal of each new entry's step or batch, in reading order.
  const newOrdinal = new Map<string, number>();
  let ordinal = -1;
  let lastKey = '';
  for (const e of newEntries) {
    const key = slotKey(e);
    if (key !== lastKey) ordinal++;
    lastKey = key;
    newOrdinal.set(e.service, ordinal);
  }
  const kept = oldEntries.filter((e) => {
    const now = after.get(e.service);
    return now !== undefined && now.track === e.track;
  });
  const stays = longestKept(kept.map((e) => newOrdinal.get(e.service) ?? 0));
  const changes: PlanChange[] = [];
  for (const e of newEntries) {
    const old = before.get(e.service);
    const to = slotOf(e);
    if (!old) {
      changes.push({
        service: e.service,
        kind: 'added',
        from: null,
        to,
        text: `${e.service}: added at ${slotText(to)}`,
      });
    } else if (old.track !== e.track) {
      const text = `${e.service}: ${old.track} track (${slotText(old)}) -> ${e.track} track (${slotText(to)})`;
      changes.push({ service: e.service, kind: 'track-changed', from: slotOf(old), to, text });
    }
  }
  kept.forEach((e, i) => {
    if (stays[i] === 1) return;
    const now = after.get(e.service) as PlanEntry;
    const text = `${e.service}: ${slotText(e)} -> ${slotText(now)}`;
    changes.push({ service: e.service, kind: 'moved', from: slotOf(e), to: slotOf(now), text });
  });
  for (const e of oldEntries) {
    if (!after.has(e.service)) {
      changes.push({ service: e.service, kind: 'removed', from: slotOf(e), to: null, text: `${e.service}: removed` });
    }
  }
  const place = (c: PlanChange) => (c.to ? c.to.position : Number.MAX_SAFE_INTEGER);
  return changes.sort((x, y) => place(x) - place(y) || (x.from?.position ?? 0) - (y.from?.position ?? 0));
}

/** Marks (1) the members of one longest non-decreasing subsequence of `values`. */
function longestKept(values: readonly number[]): Uint8Array {
  const tails: number[] = [];
  const tailIndex: number[] = [];
  const previous = new Int32Array(values.length).fill(-1);
  values.forEach((x, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((tails[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tailIndex[lo - 1] as number;
    tails[lo] = x;
    tailIndex[lo] = i;
  });
  const keep = new Uint8Array(values.length);
  for (let i = tails.length > 0 ? (tailIndex[tails.length - 1] as number) : -1; i >= 0; i = previous[i] as number) {
    keep[i] = 1;
  }
  return keep;
}

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

function findContradictions(
  a: GraphAnalysis,
  history: readonly MovedService[],
  direction: PlanDirection,
): Contradiction[] {
  const g = a.graph;
  const movedAt = new Float64Array(g.size).fill(Number.NaN);
  const batchOf = new Float64Array(g.size).fill(Number.NaN);
  for (const h of history) {
    const id = g.idOf.get(h.service);
    if (id === undefined) continue;
    movedAt[id] = h.movedAt;
    if (h.batch !== undefined && h.batch !== null) batchOf[id] = h.batch;
  }
  const moved = (v: number) => !Number.isNaN(movedAt[v] as number);
  const out: Contradiction[] = [];
  const report = (kind: ContradictionKind, c: number, p: number, message: string) =>
    out.push({ kind, consumer: g.names[c] as string, provider: g.names[p] as string, message });
  const seen = new Int32Array(g.size).fill(-1);
  const queue = new Int32Array(g.size);
  /** Visits every service reachable from `from` (providers, or consumers when `up`), skipping its group. */
  const walk = (from: number, up: boolean, visit: (w: number) => void) => {
    const start = up ? g.consumerStart : g.providerStart;
    const ids = up ? g.consumerIds : g.providerIds;
    let head = 0;
    let tail = 0;
    queue[tail++] = from;
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
  for (let c = 0; c < g.size; c++) {
    if (!moved(c)) continue;
    const consumer = g.names[c] as string;
    // Providers of a moved service.
    walk(c, false, (p) => {
      const provider = g.names[p] as string;
      if (moved(p)) {
        const sameBatch = !Number.isNaN(batchOf[c] as number) && batchOf[c] === batchOf[p];
        if (sameBatch || movedAt[c] === movedAt[p]) {
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
      } else if (direction === 'providers-first') {
        report(
          'out-of-order',
          c,
          p,
          `${consumer} has moved but ${provider}, which it depends on, has not: providers-first moves providers first.`,
        );
      }
    });
    // Members of its group that did not move with it.
    const u = a.unitOf[c] as number;
    for (let i = a.unitMemberStart[u] as number; i < (a.unitMemberStart[u + 1] as number); i++) {
      const m = a.unitMembers[i] as number;
      if (m === c || (moved(m) && m < c)) continue;
      const other = g.names[m] as string;
      const sameBatch = !Number.isNaN(batchOf[c] as number) && batchOf[c] === batchOf[m];
      if (!moved(m)) {
        report('moved-apart', c, m, `${consumer} has moved but ${other}, which must move with it, has not.`);
      } else if (!sameBatch && movedAt[c] !== movedAt[m]) {
        report('moved-apart', c, m, `${consumer} and ${other} must move together, but they cut over separately.`);
      }
    }
    // Under leaf-first, consumers of a moved service that have not moved yet.
    if (direction === 'leaf-first') {
      walk(c, true, (w) => {
        if (!moved(w)) {
          const name = g.names[w] as string;
          report(
            'out-of-order',
            w,
            c,
            `${consumer} has moved but ${name}, which depends on it, has not: leaf-first moves consumers first.`,
          );
        }
      });
    }
  }
  return out.sort((x, y) => compare(x.consumer, y.consumer) || compare(x.provider, y.provider));
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** No plan yet; a plan left alone (nothing changed); or the re-plan made in the same transaction. */
export type PlanOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'kept'; readonly version: number }
  | { readonly kind: 'replanned'; readonly version: number; readonly changes: readonly PlanChange[] };
