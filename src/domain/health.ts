// Health checks judged from the team's own metrics (issue 15): a check's query result against its
// threshold gives green or red; anything the bot could not read gives amber with the reason, and
// amber never counts as passing. No I/O here: the query client hands in what the source answered.

/**
 * The service states whose health is watched: before the switch, while traffic is being switched
 * (cutover, the riskiest moment, whose approval message keeps showing the checks) and in the
 * window after it.
 */
export const HEALTH_WATCHED_STATES = ['shadow', 'awaiting_approval', 'cutover', 'monitoring'] as const;

export const HEALTH_STATES = ['green', 'amber', 'red'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** How a value is shown; the threshold compares raw numbers. */
export const HEALTH_UNITS = ['ratio', 'seconds', 'per_second', 'number'] as const;
export type HealthUnit = (typeof HEALTH_UNITS)[number];

/**
 * `below`/`above`: the new platform's value against a fixed bound (error ratio below 1%).
 * `relative`: new may exceed the reference (by default the same query on the old platform) by at
 * most `maxIncrease` of it (0.1: p99 of new no more than 10% above old).
 * `parity`: new must stay within `tolerance` of the reference either way (shadow traffic).
 */
export type Threshold =
  | { readonly kind: 'below'; readonly value: number }
  | { readonly kind: 'above'; readonly value: number }
  | { readonly kind: 'relative'; readonly maxIncrease: number }
  | { readonly kind: 'parity'; readonly tolerance: number };

export const THRESHOLD_KINDS = ['below', 'above', 'relative', 'parity'] as const;

/** Why a check could not be judged. Each is amber and closes the gate. */
export const UNKNOWN_REASONS = [
  'unreachable',
  'timeout',
  'redirect',
  'refused',
  'query_error',
  'bad_response',
  'no_data',
  'ambiguous',
  'not_evaluated',
  'stale',
] as const;
export type UnknownReason = (typeof UNKNOWN_REASONS)[number];

/** One sample of an instant query; `value` may be NaN or ±Infinity, as Prometheus sends them. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** What the source answered to one query, as the query client reports it. */
export type QueryAnswer =
  | { readonly ok: true; readonly samples: readonly Sample[] }
  | { readonly ok: false; readonly reason: UnknownReason; readonly detail: string };

export interface CheckVerdict {
  readonly state: HealthState;
  /** The new platform's value; null when it could not be read. */
  readonly value: number | null;
  /** The reference value (old platform) for relative and parity checks. */
  readonly reference: number | null;
  /** Set exactly when the state is amber. */
  readonly unknown: UnknownReason | null;
  /** One line for people: the value against the threshold, or why there is none. */
  readonly reason: string;
}

/** Reads one number out of an answer: exactly one sample, a real number. */
export function singleValue(answer: QueryAnswer): { value: number } | { reason: UnknownReason; detail: string } {
  if (!answer.ok) return { reason: answer.reason, detail: answer.detail };
  if (answer.samples.length === 0) return { reason: 'no_data', detail: 'the query returned no data' };
  if (answer.samples.length > 1) {
    return {
      reason: 'ambiguous',
      detail: `the query returned ${answer.samples.length} series; aggregate it to one (sum, max …)`,
    };
  }
  const [sample] = answer.samples;
  if (sample === undefined || Number.isNaN(sample.value)) {
    return { reason: 'no_data', detail: 'the query returned NaN (no traffic in the window?)' };
  }
  return { value: sample.value };
}

const amber = (unknown: UnknownReason, reason: string, value: number | null = null): CheckVerdict => ({
  state: 'amber',
  value,
  reference: null,
  unknown,
  reason,
});

/**
 * Judges one check. `subject` is the new platform's answer; `reference` the old platform's (or the
 * parity counterpart), needed only by relative and parity thresholds.
 */
export function judge(
  threshold: Threshold,
  unit: HealthUnit,
  subject: QueryAnswer,
  reference: QueryAnswer | null,
): CheckVerdict {
  const got = singleValue(subject);
  if ('reason' in got) return amber(got.reason, `new platform: ${got.detail}`);
  const value = got.value;
  const show = (v: number) => formatValue(v, unit);
  if (threshold.kind === 'below' || threshold.kind === 'above') {
    const pass = threshold.kind === 'below' ? value < threshold.value : value > threshold.value;
    const op = threshold.kind === 'below' ? (pass ? '<' : '≥') : pass ? '>' : '≤';
    return {
      state: pass ? 'green' : 'red',
      value,
      reference: null,
      unknown: null,
      reason: `${show(value)} ${op} ${show(threshold.value)}`,
    };
  }
  if (reference === null) return amber('not_evaluated', 'the reference query was not run', value);
  const ref = singleValue(reference);
  if ('reason' in ref) return amber(ref.reason, `old platform: ${ref.detail}`, value);
  const base = ref.value;
  // Multiplicative forms, so a zero reference needs no special case: 0 vs 0 is equal, x vs 0 is not.
  if (threshold.kind === 'relative') {
    const limit = base + threshold.maxIncrease * Math.abs(base);
    const pass = value <= limit;
    return {
      state: pass ? 'green' : 'red',
      value,
      reference: base,
      unknown: null,
      reason: `${show(value)} vs ${show(base)} on old (${pass ? 'within' : 'more than'} +${percent(threshold.maxIncrease)})`,
    };
  }
  const pass = Math.abs(value - base) <= threshold.tolerance * Math.abs(base);
  return {
    state: pass ? 'green' : 'red',
    value,
    reference: base,
    unknown: null,
    reason: `${show(value)} vs ${show(base)} (${pass ? 'within' : 'outside'} ±${percent(threshold.tolerance)})`,
  };
}

export function formatValue(v: number, unit: HealthUnit): string {
  if (!Number.isFinite(v)) return v > 0 ? '∞' : Number.isNaN(v) ? 'NaN' : '-∞';
  switch (unit) {
    case 'ratio':
      return percent(v);
    case 'seconds':
      return Math.abs(v) < 1 ? `${round(v * 1000)} ms` : `${round(v)} s`;
    case 'per_second':
      return `${round(v)}/s`;
    case 'number':
      return `${round(v)}`;
  }
}

function percent(v: number): string {
  return `${round(v * 100)}%`;
}

/** Three significant digits at most, no trailing zeros: 0.0123 → "0.0123", 123.456 → "123". */
function round(v: number): string {
  if (v === 0) return '0';
  return String(Number(v.toPrecision(3)));
}
