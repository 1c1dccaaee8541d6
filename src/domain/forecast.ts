// When will the migration finish? The forecast starts from the plan's own estimate (what
// `/migrate plan` showed, scaled to the services left) and corrects it by the pace seen so far:
// how long finished services took against what the plan gave each one.
// - Until MIN_OBSERVED services have finished there is no pace to measure: the likely date is the
//   plan's, and the pessimistic one allows UNMEASURED_SLACK more, because plans usually run late
//   and nothing yet says by how much.
// - From then on, a seeded bootstrap: each run resamples the observed pace ratios (observed days /
//   planned days) and takes their mean, weighted with the plan's own ratio of 1 as if it were
//   MIN_OBSERVED more services. The median run is the likely finish, the 90th percentile the
//   pessimistic one. What is uncertain is the team's average pace, not each service's luck, so the
//   range narrows as more services finish, and never below UNMEASURED_SLACK / sqrt(finished).

import { plural } from './words.ts';

export interface ForecastInput {
  /** Calendar days the plan (or the guide's pace, without a plan) gives the services not yet done. */
  readonly planRemainingDays: number;
  /** Where planRemainingDays comes from, for the reader. */
  readonly planSource: 'plan' | 'guide';
  /** Calendar days the plan gives one service (effort plus monitoring), to measure the pace against. */
  readonly plannedDaysPerService: number;
  /** Calendar days from start to done of each finished service. */
  readonly observedDurationsDays: readonly number[];
  readonly remaining: number;
  readonly start: Date;
  readonly seed: number;
  /** Default DEFAULT_ITERATIONS. */
  readonly iterations?: number;
}

export interface Forecast {
  /** The median run. */
  readonly likely: Date;
  /** The 90th-percentile run. */
  readonly pessimistic: Date;
  /** How the range was made, in words a reader can check. */
  readonly basis: string;
  /** True when too few services have finished and the plan's figure is the forecast. */
  readonly fromPlan: boolean;
}

export const MIN_OBSERVED = 3;
export const DEFAULT_ITERATIONS = 1000;
/** How much later than the plan the pessimistic date is while the pace is unmeasured: half again. */
export const UNMEASURED_SLACK = 0.5;

const DAY_MS = 86_400_000;

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). Good enough for a forecast. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function forecastFinish(input: ForecastInput): Forecast {
  const iterations = input.iterations ?? DEFAULT_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`iterations must be >= 1, got ${iterations}`);
  const remaining = Math.max(0, Math.ceil(input.remaining));
  const observed = input.observedDurationsDays.filter((d) => Number.isFinite(d) && d >= 0);
  const fromPlan = observed.length < MIN_OBSERVED;
  const start = input.start.getTime();
  const at = (days: number) => new Date(start + days * DAY_MS);

  if (remaining === 0) {
    return { likely: at(0), pessimistic: at(0), basis: 'Nothing is left to move.', fromPlan };
  }
  const planDays = Math.max(0, input.planRemainingDays);
  const perService = input.plannedDaysPerService;
  if (fromPlan || !(perService > 0)) {
    return {
      likely: at(planDays),
      pessimistic: at(planDays * (1 + UNMEASURED_SLACK)),
      basis: describePlanBasis(input, remaining, observed.length),
      fromPlan: true,
    };
  }

  const ratios = observed.map((d) => d / perService);
  const random = mulberry32(input.seed);
  const paces = new Float64Array(iterations);
  for (let run = 0; run < iterations; run++) {
    let sum = 0;
    for (let i = 0; i < ratios.length; i++) sum += ratios[Math.floor(random() * ratios.length)] ?? 1;
    paces[run] = (sum + MIN_OBSERVED) / (ratios.length + MIN_OBSERVED);
  }
  paces.sort();
  const likelyPace = percentile(paces, 0.5);
  const floor = likelyPace * (1 + UNMEASURED_SLACK / Math.sqrt(ratios.length));
  const pessimisticPace = Math.max(percentile(paces, 0.9), floor);
  return {
    likely: at(planDays * likelyPace),
    pessimistic: at(planDays * pessimisticPace),
    basis: describeMeasuredBasis(input, remaining, observed, likelyPace),
    fromPlan: false,
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

function source(input: ForecastInput, remaining: number): string {
  const days = plural(Math.round(input.planRemainingDays), 'calendar day');
  const left = plural(remaining, 'service');
  return input.planSource === 'plan'
    ? `the plan's own estimate (${days} for the ${left} left)`
    : `the guide's pace, as there is no plan yet (${days} for the ${left} left)`;
}

function describePlanBasis(input: ForecastInput, remaining: number, finished: number): string {
  const so = finished === 0 ? 'no service has finished yet' : `only ${plural(finished, 'service')} finished so far`;
  return (
    `From ${source(input, remaining)}: ${so}, and ${MIN_OBSERVED} are needed to measure the pace. ` +
    `The pessimistic date allows ${UNMEASURED_SLACK * 100}% more, as plans often run late.`
  );
}

function describeMeasuredBasis(
  input: ForecastInput,
  remaining: number,
  observed: readonly number[],
  pace: number,
): string {
  const sorted = [...observed].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const speed =
    Math.abs(pace - 1) < 0.05
      ? 'about the time planned'
      : `${round1(pace)}× the time planned${pace < 1 ? ' (faster)' : ''}`;
  return (
    `From ${source(input, remaining)}, corrected by ${plural(observed.length, 'finished service')}: ` +
    `they took a median ${plural(round1(median), 'day')} each against the ${input.planSource === 'plan' ? "plan's" : "guide's"} ${round1(input.plannedDaysPerService)}, ` +
    `${speed}. The range narrows as more services finish.`
  );
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
