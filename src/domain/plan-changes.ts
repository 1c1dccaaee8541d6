// Plans change mid-migration: services start moving, hidden dependencies turn up. Re-planning the
// rest and saying what changed; checking a new dependency against what has already moved is in
// contradictions.ts.

import type { ServiceGraph } from './model.ts';
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
    // Same step or batch number, another phase (hybrid): say the phase, not "step 1 -> step 1".
    const same = slotText(e) === slotText(now);
    const where = (x: PlanEntry) => (same ? `${slotText(x)} of phase ${x.phase}` : slotText(x));
    const text = `${e.service}: ${where(e)} -> ${where(now)}`;
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

/** No plan yet; a plan left alone (nothing changed); or the re-plan made in the same transaction. */
export type PlanOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'kept'; readonly version: number }
  | { readonly kind: 'replanned'; readonly version: number; readonly changes: readonly PlanChange[] };
