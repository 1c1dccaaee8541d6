// The pace figures behind the digest: the plan's own estimate, what finished services actually
// took, and how many services move at once. Shared by the digest and its burn-up chart.
//
// Units follow estimates.ts: a plan's effort and monitoring are working days (5 a week), while
// observed durations and forecasts are calendar days; working days become calendar days x 7/5.
// The plan's estimate is the one `/migrate plan` showed (estimatePlan's calendarDays) when the
// caller has it; otherwise every plan step (a service on the sequential track, or a whole
// parallel batch) takes one planned cycle, effort-days plus the monitoring window, one step after
// another from when the plan was made: for a sequential plan that is estimatePlan's own formula.

import { WORKING_DAYS_PER_WEEK } from './estimates.ts';
import type { ServiceState } from './model.ts';
import type { Track } from './planner.ts';
import type { MigrationSettings } from './settings.ts';

/** What pace needs to know of a service. */
export interface PaceService {
  readonly name: string;
  readonly state: ServiceState;
  readonly stateChangedAt: Date;
  /** When it first left `planned`; null if it never has. */
  readonly startedAt: Date | null;
  /** Its batch in a parallel plan; null on the sequential track or outside the plan. */
  readonly batch: number | null;
  /** null: not in the current plan (added after it, or no plan yet). */
  readonly track: Track | null;
  /** Its place in the plan's order; null outside the plan. */
  readonly position: number | null;
}

export type PaceSettings = Pick<MigrationSettings, 'effort-days' | 'monitoring-hours'>;

export interface BurnupPoint {
  readonly date: Date;
  readonly done: number;
}

/** A burn-up chart's data; the chart adds its title. */
export interface BurnupData {
  /** Services done over time, a step up at each finish. */
  readonly points: readonly BurnupPoint[];
  /** The plan's promised burn-up; empty without a plan. */
  readonly planned: readonly BurnupPoint[];
  readonly rollbacks: readonly { readonly date: Date; readonly service: string }[];
  readonly total: number;
}

export interface ObservedCycle {
  readonly service: string;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly days: number;
}

const DAY_MS = 86_400_000;

/** Working days of a plan as calendar days. */
export function calendarDays(workingDays: number): number {
  return (workingDays * 7) / WORKING_DAYS_PER_WEEK;
}

/** Working days one plan step is planned to take: effort plus the monitoring window. */
export function plannedCycleWorkingDays(settings: PaceSettings): number {
  return settings['effort-days'] + settings['monitoring-hours'] / 24;
}

/** Services grouped into the steps that move together: one per sequential service, one per batch. */
export function planSteps(services: readonly PaceService[]): PaceService[][] {
  const steps = new Map<string, PaceService[]>();
  for (const service of services) {
    const key =
      service.track === 'parallel' && service.batch !== null ? `batch:${service.batch}` : `service:${service.name}`;
    const step = steps.get(key);
    if (step === undefined) steps.set(key, [service]);
    else step.push(service);
  }
  return [...steps.values()];
}

/**
 * The plan's promised burn-up: zero when the plan was made, then each step's services done in plan
 * order, the steps spread evenly over the plan's estimate (`estimateWorkingDays`, or one planned
 * cycle per step when null). Empty when there is no plan.
 */
export function plannedBurnup(
  planCreatedAt: Date | null,
  services: readonly PaceService[],
  settings: PaceSettings,
  estimateWorkingDays: number | null = null,
): BurnupPoint[] {
  const planned = services.filter((s) => s.track !== null);
  if (planCreatedAt === null || planned.length === 0) return [];
  const firstPosition = (step: readonly PaceService[]) =>
    Math.min(...step.map((s) => s.position ?? Number.POSITIVE_INFINITY));
  const steps = planSteps(planned).sort((a, b) => firstPosition(a) - firstPosition(b));
  const workingDays = estimateWorkingDays ?? steps.length * plannedCycleWorkingDays(settings);
  const stepMs = (calendarDays(workingDays) * DAY_MS) / steps.length;
  const points: BurnupPoint[] = [{ date: planCreatedAt, done: 0 }];
  let done = 0;
  steps.forEach((step, i) => {
    done += step.length;
    points.push({ date: new Date(planCreatedAt.getTime() + (i + 1) * stepMs), done });
  });
  return points;
}

/** Start-to-done durations of the finished services, oldest finish first. */
export function observedCycles(services: readonly PaceService[]): ObservedCycle[] {
  const cycles: ObservedCycle[] = [];
  for (const s of services) {
    if (s.state !== 'done' || s.startedAt === null) continue;
    const days = (s.stateChangedAt.getTime() - s.startedAt.getTime()) / DAY_MS;
    if (days >= 0) cycles.push({ service: s.name, startedAt: s.startedAt, finishedAt: s.stateChangedAt, days });
  }
  return cycles.sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
}

/** Cumulative count of services done over time, from `start` (zero) to `now`. */
export function doneBurnup(services: readonly PaceService[], start: Date, now: Date): BurnupPoint[] {
  const finished = services
    .filter((s) => s.state === 'done')
    .map((s) => s.stateChangedAt)
    .sort((a, b) => a.getTime() - b.getTime());
  const points: BurnupPoint[] = [{ date: start, done: 0 }];
  finished.forEach((date, i) => {
    points.push({ date, done: i + 1 });
  });
  points.push({ date: now, done: finished.length });
  return points;
}
