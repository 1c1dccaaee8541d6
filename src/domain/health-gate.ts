// What the checks of one service decide: Approve is refused and `done` asks first while any check
// is red or unknown. A check with no result yet, or only an old one, is unknown too.
import type { CheckVerdict, HealthState } from './health.ts';

/** One check as just judged. */
export interface EvaluatedCheck {
  readonly key: string;
  readonly name: string;
  readonly dashboardUrl: string | null;
  readonly verdict: CheckVerdict;
}

/** A check's latest stored result, as the gate needs it. */
export interface CheckResult extends EvaluatedCheck {
  readonly evaluatedAt: Date;
}

export interface CheckStatus {
  readonly key: string;
  readonly name: string;
  readonly dashboardUrl: string | null;
  readonly verdict: CheckVerdict;
  /** null when the check has never been evaluated. */
  readonly evaluatedAt: Date | null;
}

/**
 * The status of each check now: its latest result, or amber when there is none or it is older than
 * `maxAgeMs` (the evaluator stopped, so the last green says nothing about the present).
 */
export function currentStatuses(
  checks: readonly { key: string; name: string; dashboardUrl: string | null }[],
  latest: readonly CheckResult[],
  now: Date,
  maxAgeMs: number,
): CheckStatus[] {
  const byKey = new Map(latest.map((r) => [r.key, r]));
  return checks.map((c) => {
    const r = byKey.get(c.key);
    if (r === undefined) {
      return { ...c, evaluatedAt: null, verdict: unknownVerdict('not_evaluated', 'not evaluated yet') };
    }
    if (now.getTime() - r.evaluatedAt.getTime() > maxAgeMs) {
      return {
        ...c,
        evaluatedAt: r.evaluatedAt,
        verdict: unknownVerdict(
          'stale',
          `last evaluated ${Math.round((now.getTime() - r.evaluatedAt.getTime()) / 60_000)} min ago`,
        ),
      };
    }
    return { ...c, evaluatedAt: r.evaluatedAt, verdict: r.verdict };
  });
}

function unknownVerdict(unknown: 'not_evaluated' | 'stale', reason: string): CheckVerdict {
  return { state: 'amber', value: null, reference: null, unknown, reason };
}

export interface Blocker {
  readonly key: string;
  readonly name: string;
  readonly state: 'red' | 'amber';
  readonly reason: string;
}

export type GateDecision =
  | { readonly open: true; readonly checks: number }
  | { readonly open: false; readonly checks: number; readonly blockers: readonly Blocker[] };

/**
 * Approve is refused while the gate is closed: open only while every check is green, with the
 * reasons naming each check otherwise. No checks at all leaves the decision to the people.
 */
export function approvalGate(statuses: readonly CheckStatus[]): GateDecision {
  const blockers: Blocker[] = [];
  for (const s of statuses) {
    if (s.verdict.state === 'green') continue;
    blockers.push({ key: s.key, name: s.name, state: s.verdict.state, reason: s.verdict.reason });
  }
  // Red first: it is the stronger reason and the one a person reads first.
  blockers.sort((a, b) => (a.state === b.state ? 0 : a.state === 'red' ? -1 : 1));
  return blockers.length === 0
    ? { open: true, checks: statuses.length }
    : { open: false, checks: statuses.length, blockers };
}

/** `/migrate done` goes ahead without asking only when every check is green. */
export function doneNeedsConfirmation(statuses: readonly CheckStatus[]): { ask: boolean; reasons: string[] } {
  const gate = approvalGate(statuses);
  return gate.open ? { ask: false, reasons: [] } : { ask: true, reasons: blockerLines(gate.blockers) };
}

/** "p99 latency: red — 250 ms vs 200 ms on old (more than +10%)". */
export function blockerLines(blockers: readonly Blocker[]): string[] {
  return blockers.map((b) => `${b.name}: ${b.state === 'red' ? 'red' : 'unknown'} — ${b.reason}`);
}

const RANK: Record<HealthState, number> = { green: 0, amber: 1, red: 2 };

/** The service's overall state: the worst of its checks; null when it has none. */
export function worstState(statuses: readonly { verdict: { state: HealthState } }[]): HealthState | null {
  let worst: HealthState | null = null;
  for (const s of statuses) if (worst === null || RANK[s.verdict.state] > RANK[worst]) worst = s.verdict.state;
  return worst;
}

export interface Transition {
  readonly key: string;
  readonly from: HealthState | null;
  readonly to: HealthState;
}

/** Checks whose state changed between two evaluations (a new check changes from null). */
export function transitions(
  before: readonly { key: string; verdict: { state: HealthState } }[],
  after: readonly { key: string; verdict: { state: HealthState } }[],
): Transition[] {
  const prev = new Map(before.map((s) => [s.key, s.verdict.state]));
  return after
    .map((s) => ({ key: s.key, from: prev.get(s.key) ?? null, to: s.verdict.state }))
    .filter((t) => t.from !== t.to);
}

/** In the monitoring window, only a change into red posts an alert (not a red that stays red). */
export function turnedRed(changes: readonly Transition[]): Transition[] {
  return changes.filter((t) => t.to === 'red');
}
