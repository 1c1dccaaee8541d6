// The per-service state machine. Action names are the `/migrate` subcommands, except
// `approve-complete`, which the approval flow fires when the last required approval arrives.
// Pure: the caller passes the time and the monitoring window's end.

import type { ServiceState } from './model.ts';

export const LIFECYCLE_ACTIONS = [
  'start',
  'cutover',
  'withdraw',
  'reject',
  'approve-complete',
  'switched',
  'done',
  'rollback',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** How a state reads in a message. */
export const STATE_LABELS: Readonly<Record<ServiceState, string>> = {
  planned: 'planned',
  shadow: 'shadow',
  awaiting_approval: 'awaiting approval',
  cutover: 'cutover',
  monitoring: 'monitoring',
  done: 'done',
  rolled_back: 'rolled back',
};

/** What a user types to take each action (`approve-complete` follows the last `approve`). */
export const ACTION_COMMANDS: Readonly<Record<LifecycleAction, string>> = {
  start: 'start',
  cutover: 'cutover',
  withdraw: 'withdraw',
  reject: 'reject',
  'approve-complete': 'approve',
  switched: 'switched',
  done: 'done',
  rollback: 'rollback',
};

/** States a service can be rolled back from: it has left the old platform at least partly. */
export const STARTED_STATES: readonly ServiceState[] = ['shadow', 'awaiting_approval', 'cutover', 'monitoring', 'done'];

/** States that count against the work-in-progress limits. */
export const IN_FLIGHT_STATES: readonly ServiceState[] = ['shadow', 'awaiting_approval', 'cutover', 'monitoring'];

export interface TransitionRule {
  readonly from: readonly ServiceState[];
  readonly to: ServiceState;
  readonly reasonRequired: boolean;
}

export const TRANSITIONS: Readonly<Record<LifecycleAction, TransitionRule>> = {
  start: { from: ['planned', 'rolled_back'], to: 'shadow', reasonRequired: false },
  cutover: { from: ['shadow'], to: 'awaiting_approval', reasonRequired: false },
  withdraw: { from: ['awaiting_approval'], to: 'shadow', reasonRequired: false },
  reject: { from: ['awaiting_approval'], to: 'shadow', reasonRequired: true },
  'approve-complete': { from: ['awaiting_approval'], to: 'cutover', reasonRequired: false },
  switched: { from: ['cutover'], to: 'monitoring', reasonRequired: false },
  done: { from: ['monitoring'], to: 'done', reasonRequired: false },
  rollback: { from: STARTED_STATES, to: 'rolled_back', reasonRequired: true },
};

export interface TransitionContext {
  readonly now: Date;
  /** End of the monitoring window, set when the service was switched; null when unknown. */
  readonly monitoringEndsAt?: Date | null;
  readonly reason?: string;
}

/** Why a transition cannot happen: facts a view turns into a sentence. */
export type TransitionRefusal =
  | {
      readonly code: 'not_possible';
      readonly action: LifecycleAction;
      readonly state: ServiceState;
      /** What is possible from `state` instead, in lifecycle order. */
      readonly allowed: readonly LifecycleAction[];
    }
  | { readonly code: 'reason_required'; readonly action: LifecycleAction; readonly state: ServiceState };

/** Why a transition may go ahead only after the person confirms. */
export type ConfirmationNeed =
  /** Rolling back a done service: its old platform may already be gone. */
  | { readonly code: 'rollback_from_done' }
  /** Marking done without a recorded end of the monitoring window. */
  | { readonly code: 'window_unrecorded' }
  | { readonly code: 'window_running'; readonly remainingMs: number; readonly endsAt: Date };

export type TransitionResult =
  | { readonly ok: true; readonly to: ServiceState; readonly needsConfirmation?: ConfirmationNeed }
  | { readonly ok: false; readonly refusal: TransitionRefusal };

export function isStarted(state: ServiceState): boolean {
  return STARTED_STATES.includes(state);
}

export function isInFlight(state: ServiceState): boolean {
  return IN_FLIGHT_STATES.includes(state);
}

/** The actions possible from a state, in lifecycle order. */
export function allowedActions(state: ServiceState): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(state));
}

export function monitoringEndsAt(switchedAt: Date, hours: number): Date {
  return new Date(switchedAt.getTime() + hours * 3_600_000);
}

export function transition(state: ServiceState, action: LifecycleAction, ctx: TransitionContext): TransitionResult {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(state)) {
    return { ok: false, refusal: { code: 'not_possible', action, state, allowed: allowedActions(state) } };
  }
  if (rule.reasonRequired && !ctx.reason?.trim()) {
    return { ok: false, refusal: { code: 'reason_required', action, state } };
  }
  const why = confirmationNeeded(state, action, ctx);
  return why === null ? { ok: true, to: rule.to } : { ok: true, to: rule.to, needsConfirmation: why };
}

function confirmationNeeded(
  state: ServiceState,
  action: LifecycleAction,
  ctx: TransitionContext,
): ConfirmationNeed | null {
  if (action === 'rollback' && state === 'done') return { code: 'rollback_from_done' };
  if (action !== 'done') return null;
  const endsAt = ctx.monitoringEndsAt ?? null;
  if (endsAt === null) return { code: 'window_unrecorded' };
  const left = endsAt.getTime() - ctx.now.getTime();
  if (left <= 0) return null;
  return { code: 'window_running', remainingMs: left, endsAt };
}

/** Rounded up to the minute: "2 h 5 min", "40 min", "3 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
