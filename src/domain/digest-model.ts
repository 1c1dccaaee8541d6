// The daily digest's shapes: what it reads (DigestInput, gathered from the store by
// src/services/digest-input.ts) and what it gives the views (DigestModel).

import type { PaceService, PaceSettings } from './digest-pace.ts';
import type { Forecast } from './forecast.ts';
import type { ServiceState, Strategy } from './model.ts';

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

export const DIGEST_EVENT_ACTIONS = [
  'transition',
  'approval_requested',
  'approved',
  'rejected',
  'withdrawn',
  'rollback',
  'dependency_added',
  'replanned',
  'health_changed',
] as const;
export type DigestEventAction = (typeof DIGEST_EVENT_ACTIONS)[number];

/**
 * One audit-log entry since the last digest. `from` and `to` by action:
 * transition and rollback: ServiceState values; dependency_added: `from` depends on `to` (service
 * names); replanned: the old and new strategy; health_changed: the service's worst check state
 * (green, amber, red; `from` null when it was not measured before); the approval events (requested, approved, rejected,
 * withdrawn): unused, their services are in `services`.
 */
export interface DigestEventInput {
  readonly at: Date;
  /** A Slack user id or a name; null for the bot itself. */
  readonly actor: string | null;
  readonly action: DigestEventAction;
  readonly service: string | null;
  /** An approval event's services: one, or the members of a batch (then `batch` is its number). */
  readonly services?: readonly string[];
  readonly batch?: number | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly reason: string | null;
}

/** A runbook step due now (see waiting.ts), in the order waiting.ts gives. */
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

/** A service with red health checks now (the App Home shows a person's own from the same rule). */
export interface RedServiceInput {
  readonly service: string;
  /** A Slack user id or a team name; null when unowned. */
  readonly owner: string | null;
  /** The names of its red checks. */
  readonly checks: readonly string[];
}

export interface DigestInput {
  readonly migration: DigestMigrationInput;
  readonly services: readonly DigestServiceInput[];
  /** Entries since `lastDigestAt`, any order. */
  readonly events: readonly DigestEventInput[];
  readonly runbookSteps: readonly DigestRunbookStepInput[];
  readonly approvals: readonly DigestApprovalInput[];
  /** Services with red health checks now. */
  readonly redChecks: readonly RedServiceInput[];
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
  | { readonly kind: 'red_checks'; readonly services: readonly RedServiceInput[] }
  | {
      readonly kind: 'fatigue';
      /** Start to done, calendar days. */
      readonly averageCycleDays: number;
      /** The planned cycle (effort + monitoring) in calendar days, and as the plan states it. */
      readonly plannedCycleDays: number;
      readonly plannedWorkingDays: number;
      readonly sample: number;
    };

/**
 * Where the forecast stands against the plan's own estimate. no_services: nothing imported yet;
 * on_plan: too few services have finished to measure the pace, so the forecast is the plan's own.
 */
export type Outlook = 'no_services' | 'done' | 'on_plan' | 'on_track' | 'at_risk' | 'behind' | 'no_plan';

export interface DigestForecast extends Forecast {
  /** The plan's own estimate (see digest-pace.ts); null without a plan. */
  readonly plannedFinish: Date | null;
  /** on_track: even the pessimistic date is within the plan; at_risk: only the likely one is. */
  readonly outlook: Outlook;
  /** Whole days the likely finish is after the plan's; 0 when not behind. */
  readonly slipDays: number;
  /** The plan's date is already past while services are left. */
  readonly planPassed: boolean;
  /** Services the plan's burn-up has done by now (0 without a plan): observed progress is measured against it. */
  readonly plannedDoneByNow: number;
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
