// Work-in-progress rules (DOMAIN.md sections 3-5). Sequential: one service in flight, in plan
// order, and a finished service's old platform stays up until the next one is validated.
// Parallel: only the current batch (the lowest-numbered batch with a service not done) in flight;
// the old platform goes once every batch has succeeded. Hybrid: one service on the sequential
// track plus the current batch of the parallel track. Breaking a rule is allowed after the
// user confirms, so the checks return reasons rather than refusals.

import { isInFlight } from './lifecycle.ts';
import type { ServiceState, Strategy } from './model.ts';

export const TRACKS = ['sequential', 'parallel'] as const;
export type Track = (typeof TRACKS)[number];

export interface PlanEntry {
  readonly service: string;
  /** Place in the plan's order; ties are broken by service name. */
  readonly position: number;
  /** Parallel track only; an entry without one is treated as a batch of its own after the numbered ones. */
  readonly batch: number | null;
  /** Only read for the hybrid strategy: sequential and parallel put every entry on their own track. */
  readonly track: Track;
}

/** Current state per service; a service missing here is `planned`. */
export type ServiceStates = Readonly<Record<string, ServiceState>>;

/** A work-in-progress rule: one service (sequential) or one batch (parallel) in flight on a track. */
export interface TrackRule {
  readonly track: Track;
  /** The track is one of a hybrid plan's two. */
  readonly hybrid: boolean;
}

/** A batch of the parallel track, or a service planned there without one (`first` names it). */
export interface GroupRef {
  readonly batch: number | null;
  readonly first: string;
}

/** Why starting goes against the plan; the person may confirm past it. */
export type StartObjection =
  | { readonly code: 'unplanned'; readonly service: string }
  | {
      readonly code: 'in_flight';
      readonly rule: TrackRule;
      readonly service: string;
      readonly state: ServiceState;
      /** The service's batch, on the parallel track. */
      readonly group: GroupRef | null;
    }
  | { readonly code: 'services_together'; readonly rule: TrackRule; readonly services: readonly string[] }
  | { readonly code: 'batches_together'; readonly rule: TrackRule; readonly groups: readonly GroupRef[] }
  | { readonly code: 'out_of_order'; readonly service: string; readonly earlier: readonly string[] }
  | {
      readonly code: 'batch_out_of_order';
      readonly current: GroupRef;
      readonly target: GroupRef;
      /** The current batch's services not done yet. */
      readonly unfinished: readonly string[];
    };

/** Holds whether or not the start goes ahead: `previous`'s old platform stays until `service` is validated. */
export interface StartReminder {
  readonly previous: string;
  readonly service: string;
}

export type StartCheck =
  | { readonly ok: true; readonly reminders: readonly StartReminder[] }
  | {
      readonly ok: false;
      readonly needsConfirmation: readonly StartObjection[];
      readonly reminders: readonly StartReminder[];
    };

export interface NextStart {
  readonly track: Track;
  /** The batch to start (parallel track), or null. */
  readonly batch: number | null;
  readonly services: readonly string[];
}

/** Why the old platform of a finished service should stay up for now. */
export type DecommissionHold =
  | { readonly code: 'not_done'; readonly service: string; readonly state: ServiceState }
  | {
      readonly code: 'next_not_validated';
      readonly service: string;
      readonly next: string;
      readonly nextState: ServiceState;
    }
  /** Parallel track: the services not done yet, in plan order. */
  | { readonly code: 'batches_unfinished'; readonly unfinished: readonly string[] };

/** States from which a service is validated enough that the previous one's old platform can go. */
const VALIDATED: readonly ServiceState[] = ['cutover', 'monitoring', 'done'];

interface BatchGroup {
  readonly batch: number | null;
  readonly entries: readonly PlanEntry[];
}

/** Reasons to confirm before starting `toStart`, plus reminders that hold either way. */
export function checkStart(
  strategy: Strategy,
  entries: readonly PlanEntry[],
  states: ServiceStates,
  toStart: readonly string[],
): StartCheck {
  const starting = new Set(toStart);
  const planned = new Set(entries.map((e) => e.service));
  const reasons: StartObjection[] = [];
  for (const service of starting) {
    if (!planned.has(service)) reasons.push({ code: 'unplanned', service });
  }
  const view = splitTracks(strategy, entries);
  const reminders = checkSequential(strategy, view.sequential, states, starting, reasons);
  checkParallel(strategy, view.parallel, states, starting, reasons);
  return reasons.length === 0 ? { ok: true, reminders } : { ok: false, needsConfirmation: reasons, reminders };
}

/** What can start now that something finished: the next sequential service and/or the current batch's rest. */
export function nextInPlan(strategy: Strategy, entries: readonly PlanEntry[], states: ServiceStates): NextStart[] {
  const view = splitTracks(strategy, entries);
  const next: NextStart[] = [];
  if (!view.sequential.some((e) => isInFlight(stateOf(states, e.service)))) {
    const first = view.sequential.find((e) => notStarted(stateOf(states, e.service)));
    if (first) next.push({ track: 'sequential', batch: null, services: [first.service] });
  }
  const current = currentBatch(batchGroups(view.parallel), states);
  if (current) {
    const waiting = current.entries.filter((e) => notStarted(stateOf(states, e.service))).map((e) => e.service);
    if (waiting.length > 0) next.push({ track: 'parallel', batch: current.batch, services: waiting });
  }
  return next;
}

/**
 * Why decommissioning `service`'s old platform would be premature, or null when it is not (or the
 * service is not in the plan). Sequential track: until the next service in order is validated
 * (approved for cutover or later). Parallel track: until every batch has succeeded.
 */
export function decommissionWarning(
  strategy: Strategy,
  entries: readonly PlanEntry[],
  states: ServiceStates,
  service: string,
): DecommissionHold | null {
  const view = splitTracks(strategy, entries);
  const own = stateOf(states, service);
  const seqIndex = view.sequential.findIndex((e) => e.service === service);
  if (seqIndex < 0 && !view.parallel.some((e) => e.service === service)) return null;
  if (own !== 'done') return { code: 'not_done', service, state: own };
  if (seqIndex >= 0) {
    const next = view.sequential[seqIndex + 1];
    if (next === undefined) return null;
    const nextState = stateOf(states, next.service);
    if (VALIDATED.includes(nextState)) return null;
    return { code: 'next_not_validated', service, next: next.service, nextState };
  }
  const unfinished = view.parallel.filter((e) => stateOf(states, e.service) !== 'done');
  if (unfinished.length === 0) return null;
  return { code: 'batches_unfinished', unfinished: unfinished.map((e) => e.service) };
}

function checkSequential(
  strategy: Strategy,
  track: readonly PlanEntry[],
  states: ServiceStates,
  starting: ReadonlySet<string>,
  reasons: StartObjection[],
): StartReminder[] {
  const startingHere = track.filter((e) => starting.has(e.service));
  if (startingHere.length === 0) return [];
  const rule: TrackRule = { track: 'sequential', hybrid: strategy === 'hybrid' };
  for (const e of track) {
    const state = stateOf(states, e.service);
    if (!starting.has(e.service) && isInFlight(state)) {
      reasons.push({ code: 'in_flight', rule, service: e.service, state, group: null });
    }
  }
  if (startingHere.length > 1) {
    reasons.push({ code: 'services_together', rule, services: startingHere.map((e) => e.service) });
  }
  const reminders: StartReminder[] = [];
  for (const e of startingHere) {
    const index = track.indexOf(e);
    const earlier = track
      .slice(0, index)
      .filter((o) => !starting.has(o.service) && notStarted(stateOf(states, o.service)));
    if (earlier.length > 0) {
      reasons.push({ code: 'out_of_order', service: e.service, earlier: earlier.map((o) => o.service) });
    }
    const previous = track
      .slice(0, index)
      .findLast((o) => stateOf(states, o.service) === 'done' || stateOf(states, o.service) === 'monitoring');
    if (previous) {
      reminders.push({ previous: previous.service, service: e.service });
    }
  }
  return reminders;
}

function checkParallel(
  strategy: Strategy,
  track: readonly PlanEntry[],
  states: ServiceStates,
  starting: ReadonlySet<string>,
  reasons: StartObjection[],
): void {
  const groups = batchGroups(track);
  const targets = groups.filter((g) => g.entries.some((e) => starting.has(e.service)));
  if (targets.length === 0) return;
  const rule: TrackRule = { track: 'parallel', hybrid: strategy === 'hybrid' };
  const current = currentBatch(groups, states);
  if (current) {
    const unfinished = current.entries.filter((e) => stateOf(states, e.service) !== 'done').map((e) => e.service);
    for (const target of targets) {
      if (target === current) continue;
      reasons.push({ code: 'batch_out_of_order', current: groupRef(current), target: groupRef(target), unfinished });
    }
  }
  if (targets.length > 1) reasons.push({ code: 'batches_together', rule, groups: targets.map(groupRef) });
  for (const group of groups) {
    if (targets.includes(group)) continue;
    for (const e of group.entries) {
      const state = stateOf(states, e.service);
      if (isInFlight(state))
        reasons.push({ code: 'in_flight', rule, service: e.service, state, group: groupRef(group) });
    }
  }
}

function splitTracks(
  strategy: Strategy,
  entries: readonly PlanEntry[],
): { sequential: PlanEntry[]; parallel: PlanEntry[] } {
  const trackOf = (e: PlanEntry): Track => (strategy === 'hybrid' ? e.track : strategy);
  const ordered = [...entries].sort(byOrder);
  return {
    sequential: ordered.filter((e) => trackOf(e) === 'sequential'),
    parallel: ordered.filter((e) => trackOf(e) === 'parallel'),
  };
}

/** Numbered batches ascending, then each unbatched entry alone, in plan order. */
function batchGroups(ordered: readonly PlanEntry[]): BatchGroup[] {
  const numbered = new Map<number, PlanEntry[]>();
  const loose: BatchGroup[] = [];
  for (const e of ordered) {
    if (e.batch === null) {
      loose.push({ batch: null, entries: [e] });
      continue;
    }
    const members = numbered.get(e.batch) ?? [];
    members.push(e);
    numbered.set(e.batch, members);
  }
  const batches = [...numbered.entries()].sort(([a], [b]) => a - b).map(([batch, entries]) => ({ batch, entries }));
  return [...batches, ...loose];
}

function currentBatch(groups: readonly BatchGroup[], states: ServiceStates): BatchGroup | undefined {
  return groups.find((g) => g.entries.some((e) => stateOf(states, e.service) !== 'done'));
}

function groupRef(group: BatchGroup): GroupRef {
  return { batch: group.batch, first: group.entries[0]?.service ?? '?' };
}

function byOrder(a: PlanEntry, b: PlanEntry): number {
  return a.position - b.position || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0);
}

function stateOf(states: ServiceStates, service: string): ServiceState {
  return Object.hasOwn(states, service) ? (states[service] ?? 'planned') : 'planned';
}

/** Not on the new platform in any way: never started, or back on the old one. */
function notStarted(state: ServiceState): boolean {
  return state === 'planned' || state === 'rolled_back';
}
