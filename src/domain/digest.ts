// The daily digest as data: where the migration stands, what changed, what is due today and what
// looks wrong, for a reader who is not an engineer as much as for the team. Builders in
// src/slack/views/ turn it into messages. Pure: the time, the timezone and the seed are inputs.

import {
  type BurnupData,
  calendarDays,
  doneBurnup,
  observedCycles,
  type PaceService,
  type PaceSettings,
  plannedBurnup,
  plannedCycleWorkingDays,
  remainingParallelism,
} from './digest-pace.ts';
import { type Forecast, forecastFinish, MIN_OBSERVED } from './forecast.ts';
import { IN_FLIGHT_STATES } from './lifecycle.ts';
import type { ServiceState, Strategy } from './model.ts';
import { localDate } from './schedule-time.ts';

export interface DigestMigrationInput {
  readonly name: string;
  readonly strategy: Strategy;
  /** The platforms, as the team named them; null when not given. */
  readonly from: string | null;
  readonly to: string | null;
  readonly createdAt: Date;
  /** When the current plan was made; null while there is none. */
  readonly planCreatedAt: Date | null;
  /** When a service or dependency was last added or changed; null if never since import. */
  readonly graphChangedAt: Date | null;
  /**
   * The plan's own estimate in working days, as `/migrate plan` showed it (estimatePlan's
   * calendarDays); null to derive one from the plan's steps (see digest-pace.ts).
   */
  readonly planEstimateWorkingDays: number | null;
}

/** A service as the digest sees it: its pace fields (name, state, start, place in the plan) and more. */
export interface DigestServiceInput extends PaceService {
  /** A Slack user id (shown as a mention) or a team name (shown as text); null when unowned. */
  readonly owner: string | null;
  /** End of the monitoring window once switched; null otherwise. */
  readonly monitoringEndsAt: Date | null;
}

export const DIGEST_EVENT_ACTIONS = ['transition', 'approval', 'rollback', 'dependency_added', 'replanned'] as const;
export type DigestEventAction = (typeof DIGEST_EVENT_ACTIONS)[number];

/**
 * One audit-log entry since the last digest. `from` and `to` by action:
 * transition and rollback: ServiceState values; dependency_added: `from` depends on `to` (service
 * names); replanned: the old and new strategy; approval: unused.
 */
export interface DigestEventInput {
  readonly at: Date;
  /** A Slack user id or a name; null for the bot itself. */
  readonly actor: string | null;
  readonly action: DigestEventAction;
  readonly service: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly reason: string | null;
}

/** An open runbook step of a service in flight. */
export interface DigestRunbookStepInput {
  readonly service: string;
  /** Who does it; null means the service's owner. */
  readonly owner: string | null;
  readonly text: string;
  readonly phase: string;
}

export interface DigestApprovalInput {
  /** One service, or the members of a batch. */
  readonly services: readonly string[];
  readonly requestedAt: Date;
  /** Link to the approval message; null when unknown. */
  readonly permalink: string | null;
}

export interface DigestInput {
  readonly migration: DigestMigrationInput;
  readonly services: readonly DigestServiceInput[];
  /** Entries since `lastDigestAt`, any order. */
  readonly events: readonly DigestEventInput[];
  readonly runbookSteps: readonly DigestRunbookStepInput[];
  readonly approvals: readonly DigestApprovalInput[];
  readonly settings: PaceSettings;
  /** The migration's digest timezone: "today" and "ending today" are local dates in it. */
  readonly timeZone: string;
  readonly lastDigestAt: Date | null;
  readonly forecastSeed: number;
}

export interface DigestProgress {
  readonly total: number;
  readonly done: number;
  /** shadow, awaiting approval, cutover or monitoring. */
  readonly inFlight: number;
  readonly planned: number;
  readonly rolledBack: number;
  /** Done share, rounded down: 100 only when everything is done. */
  readonly percent: number;
  /** PROGRESS_BAR_WIDTH characters of █ (done) and ░ (not yet). */
  readonly bar: string;
  readonly byState: Readonly<Record<ServiceState, number>>;
}

export interface DigestRunbookGroup {
  /** A Slack user id or a team name; null for steps nobody owns. */
  readonly owner: string | null;
  readonly steps: readonly { readonly service: string; readonly text: string; readonly phase: string }[];
}

export interface DigestMonitoringEnd {
  readonly service: string;
  readonly owner: string | null;
  readonly endsAt: Date;
}

export interface StuckService {
  readonly service: string;
  readonly owner: string | null;
  readonly since: Date;
  readonly days: number;
}

export type StuckState = 'shadow' | 'awaiting_approval' | 'cutover';

export type DigestWarning =
  | {
      readonly kind: 'rollbacks';
      readonly rollbacks: readonly { readonly service: string; readonly at: Date; readonly reason: string | null }[];
    }
  | {
      readonly kind: 'stuck';
      readonly state: StuckState;
      readonly thresholdDays: number;
      /** Longest-waiting first. */
      readonly services: readonly StuckService[];
    }
  | { readonly kind: 'plan_outdated'; readonly planCreatedAt: Date; readonly graphChangedAt: Date }
  | {
      readonly kind: 'fatigue';
      /** Start to done, calendar days. */
      readonly averageCycleDays: number;
      /** The planned cycle (effort + monitoring) in calendar days, and as the plan states it. */
      readonly plannedCycleDays: number;
      readonly plannedWorkingDays: number;
      readonly sample: number;
    };

/** Where the forecast stands against the plan's own estimate. */
export type Outlook = 'done' | 'on_track' | 'at_risk' | 'behind' | 'no_plan' | 'too_early';

export interface DigestForecast extends Forecast {
  /** The plan's own estimate (see digest-pace.ts); null without a plan. */
  readonly plannedFinish: Date | null;
  /** on_track: even the pessimistic date is within the plan; at_risk: only the likely one is. */
  readonly outlook: Outlook;
  /** Whole days the likely finish is after the plan's; 0 when not behind. */
  readonly slipDays: number;
}

export interface DigestModel {
  readonly migration: Pick<DigestMigrationInput, 'name' | 'strategy' | 'from' | 'to'>;
  readonly timeZone: string;
  readonly generatedAt: Date;
  /** Today in the migration's timezone, 'YYYY-MM-DD'. */
  readonly localDate: string;
  /** Changes are those since this instant; null for the first digest. */
  readonly since: Date | null;
  readonly progress: DigestProgress;
  /** Oldest first. */
  readonly changes: readonly DigestEventInput[];
  /** Owners in name order, unowned steps last. */
  readonly runbook: readonly DigestRunbookGroup[];
  /** Services in monitoring whose window ends on today's local date, earliest first. */
  readonly monitoringEndingToday: readonly DigestMonitoringEnd[];
  /** Oldest request first. */
  readonly approvals: readonly DigestApprovalInput[];
  /** Most pressing first. */
  readonly warnings: readonly DigestWarning[];
  readonly forecast: DigestForecast;
}

export const PROGRESS_BAR_WIDTH = 20;

/** How long a service may sit in a state before the digest calls it stuck, in days. */
export const STUCK_AFTER_DAYS: Readonly<Record<StuckState, number>> = {
  shadow: 7,
  awaiting_approval: 1,
  cutover: 1,
};

/** Fatigue is judged on the most recent sequential services finished, so an early slow start fades. */
export const FATIGUE_WINDOW = 5;

const DAY_MS = 86_400_000;

export function buildDigest(input: DigestInput, now: Date): DigestModel {
  const today = localDate(now, input.timeZone);
  const byTime =
    <T>(at: (item: T) => Date) =>
    (a: T, b: T) =>
      at(a).getTime() - at(b).getTime();
  return {
    migration: {
      name: input.migration.name,
      strategy: input.migration.strategy,
      from: input.migration.from,
      to: input.migration.to,
    },
    timeZone: input.timeZone,
    generatedAt: now,
    localDate: today,
    since: input.lastDigestAt,
    progress: digestProgress(input.services),
    changes: [...input.events].sort(byTime((e) => e.at)),
    runbook: runbookByOwner(input),
    monitoringEndingToday: input.services
      .flatMap((s) =>
        s.state === 'monitoring' &&
        s.monitoringEndsAt !== null &&
        localDate(s.monitoringEndsAt, input.timeZone) === today
          ? [{ service: s.name, owner: s.owner, endsAt: s.monitoringEndsAt }]
          : [],
      )
      .sort(byTime((m) => m.endsAt)),
    approvals: [...input.approvals].sort(byTime((a) => a.requestedAt)),
    warnings: digestWarnings(input, now),
    forecast: digestForecast(input, now),
  };
}

export function digestProgress(services: readonly Pick<DigestServiceInput, 'state'>[]): DigestProgress {
  const byState: Record<ServiceState, number> = {
    planned: 0,
    shadow: 0,
    awaiting_approval: 0,
    cutover: 0,
    monitoring: 0,
    done: 0,
    rolled_back: 0,
  };
  for (const s of services) byState[s.state] += 1;
  const total = services.length;
  const share = total === 0 ? 0 : byState.done / total;
  const filled = Math.floor(share * PROGRESS_BAR_WIDTH);
  return {
    total,
    done: byState.done,
    inFlight: IN_FLIGHT_STATES.reduce((sum, state) => sum + byState[state], 0),
    planned: byState.planned,
    rolledBack: byState.rolled_back,
    percent: Math.floor(share * 100),
    bar: '█'.repeat(filled) + '░'.repeat(PROGRESS_BAR_WIDTH - filled),
    byState,
  };
}

function runbookByOwner(input: DigestInput): DigestRunbookGroup[] {
  const ownerOf = new Map(input.services.map((s) => [s.name, s.owner]));
  const groups = new Map<string | null, { service: string; text: string; phase: string }[]>();
  for (const step of input.runbookSteps) {
    const owner = step.owner ?? ownerOf.get(step.service) ?? null;
    const steps = groups.get(owner) ?? [];
    steps.push({ service: step.service, text: step.text, phase: step.phase });
    groups.set(owner, steps);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([owner, steps]) => ({ owner, steps }));
}

function digestWarnings(input: DigestInput, now: Date): DigestWarning[] {
  const warnings: DigestWarning[] = [];
  const rollbacks = recentRollbacks(input, now);
  if (rollbacks.length > 0) warnings.push({ kind: 'rollbacks', rollbacks });

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

function digestForecast(input: DigestInput, now: Date): DigestForecast {
  const remaining = input.services.filter((s) => s.state !== 'done').length;
  const forecast = forecastFinish({
    observedDurationsDays: observedCycles(input.services).map((c) => c.days),
    remaining,
    parallelism: remainingParallelism(input.services),
    plannedDaysPerService: calendarDays(plannedCycleWorkingDays(input.settings)),
    start: now,
    seed: input.forecastSeed,
  });
  const { planCreatedAt, planEstimateWorkingDays } = input.migration;
  const planned =
    plannedBurnup(planCreatedAt, input.services, input.settings, planEstimateWorkingDays).at(-1)?.date ?? null;
  const slip = planned === null ? 0 : Math.ceil((forecast.likely.getTime() - planned.getTime()) / DAY_MS);
  let outlook: Outlook;
  if (remaining === 0) outlook = 'done';
  else if (planned === null) outlook = 'no_plan';
  // Without finished services the projection is the plan's own figure reshaped: calling that
  // "behind" or "on track" would be noise, so the digest says it is too early.
  else if (forecast.fromPlan) outlook = 'too_early';
  else if (forecast.pessimistic <= planned) outlook = 'on_track';
  else if (forecast.likely <= planned) outlook = 'at_risk';
  else outlook = 'behind';
  return { ...forecast, plannedFinish: planned, outlook, slipDays: outlook === 'behind' ? slip : 0 };
}

/** The burn-up chart's data: services done so far, the plan's promise, and the rollbacks. */
export function digestBurnup(input: DigestInput, now: Date): BurnupData {
  const { createdAt, planCreatedAt, planEstimateWorkingDays } = input.migration;
  const start = planCreatedAt !== null && planCreatedAt < createdAt ? planCreatedAt : createdAt;
  // A rollback seen both in a service's state and in the events is drawn once.
  const rollbacks = new Map<string, { date: Date; service: string }>();
  const note = (service: string, date: Date) =>
    rollbacks.set(`${service}@${Math.floor(date.getTime() / 60_000)}`, { date, service });
  for (const s of input.services) if (s.state === 'rolled_back') note(s.name, s.stateChangedAt);
  for (const e of input.events) if (isRollback(e) && e.service !== null) note(e.service, e.at);
  return {
    points: doneBurnup(input.services, start, now),
    planned: plannedBurnup(planCreatedAt, input.services, input.settings, planEstimateWorkingDays),
    rollbacks: [...rollbacks.values()].sort((a, b) => a.date.getTime() - b.date.getTime()),
    total: input.services.length,
  };
}

function isRollback(e: DigestEventInput): boolean {
  return e.action === 'rollback' || (e.action === 'transition' && e.to === 'rolled_back');
}
