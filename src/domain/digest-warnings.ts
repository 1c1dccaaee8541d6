// What looks wrong in a migration, for the digest: recent rollbacks, red health checks, services stuck in a state,
// a plan older than the graph, and the sequential track slowing down (migration fatigue).

import type { DigestEventInput, DigestInput, DigestWarning, StuckState } from './digest-model.ts';
import { calendarDays, observedCycles, plannedCycleWorkingDays } from './digest-pace.ts';
import { MIN_OBSERVED } from './forecast.ts';

/** How long a service may sit in a state before the digest calls it stuck, in days. */
export const STUCK_AFTER_DAYS: Readonly<Record<StuckState, number>> = {
  shadow: 7,
  awaiting_approval: 1,
  cutover: 1,
};

/** Fatigue is judged on the most recent sequential services finished, so an early slow start fades. */
export const FATIGUE_WINDOW = 5;

const DAY_MS = 86_400_000;

export function digestWarnings(input: DigestInput, now: Date): DigestWarning[] {
  const warnings: DigestWarning[] = [];
  const rollbacks = recentRollbacks(input, now);
  if (rollbacks.length > 0) warnings.push({ kind: 'rollbacks', rollbacks });
  if (input.redChecks.length > 0) {
    const services = [...input.redChecks].sort((a, b) => a.service.localeCompare(b.service));
    warnings.push({ kind: 'red_checks', services });
  }

  for (const state of ['awaiting_approval', 'cutover', 'shadow'] as const) {
    const thresholdDays = STUCK_AFTER_DAYS[state];
    const services = input.services
      .filter((s) => s.state === state && now.getTime() - s.stateChangedAt.getTime() > thresholdDays * DAY_MS)
      .map((s) => ({
        service: s.name,
        owner: s.owner,
        since: s.stateChangedAt,
        days: Math.floor((now.getTime() - s.stateChangedAt.getTime()) / DAY_MS),
      }))
      .sort((a, b) => a.since.getTime() - b.since.getTime());
    if (services.length > 0) warnings.push({ kind: 'stuck', state, thresholdDays, services });
  }

  const { planCreatedAt, graphChangedAt } = input.migration;
  if (planCreatedAt !== null && graphChangedAt !== null && graphChangedAt > planCreatedAt) {
    warnings.push({ kind: 'plan_outdated', planCreatedAt, graphChangedAt });
  }

  const fatigue = fatigueSign(input);
  if (fatigue !== null) warnings.push(fatigue);
  return warnings;
}

/** Services rolled back in the 24 hours before `now`, from their state and from the events. */
function recentRollbacks(input: DigestInput, now: Date) {
  const since = now.getTime() - DAY_MS;
  const found = new Map<string, { service: string; at: Date; reason: string | null }>();
  const note = (service: string, at: Date, reason: string | null) => {
    if (at.getTime() <= since || at > now) return;
    const seen = found.get(service);
    if (seen === undefined || seen.at <= at)
      found.set(service, { service, at, reason: reason ?? seen?.reason ?? null });
  };
  for (const s of input.services) if (s.state === 'rolled_back') note(s.name, s.stateChangedAt, null);
  for (const e of input.events) {
    if (isRollback(e) && e.service !== null) note(e.service, e.at, e.reason);
  }
  return [...found.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The sequential track's recent cycle against the planned one (the guide's migration fatigue). */
function fatigueSign(input: DigestInput): DigestWarning | null {
  if (input.migration.strategy === 'parallel') return null;
  const sequential = input.services.filter(
    (s) => s.track === 'sequential' || (s.track === null && input.migration.strategy === 'sequential'),
  );
  const recent = observedCycles(sequential).slice(-FATIGUE_WINDOW);
  if (recent.length < MIN_OBSERVED) return null;
  const averageCycleDays = recent.reduce((sum, c) => sum + c.days, 0) / recent.length;
  const plannedWorkingDays = plannedCycleWorkingDays(input.settings);
  const planned = calendarDays(plannedWorkingDays);
  return averageCycleDays > planned
    ? { kind: 'fatigue', averageCycleDays, plannedCycleDays: planned, plannedWorkingDays, sample: recent.length }
    : null;
}

export function isRollback(e: DigestEventInput): boolean {
  return e.action === 'rollback' || (e.action === 'transition' && e.to === 'rolled_back');
}
