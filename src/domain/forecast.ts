// When will the migration finish? A small Monte Carlo: each run draws a duration for every remaining
// service from the durations observed so far (or, with too few, from the plan's own figure) and
// adds them up the way the work is done: one after another, or in batches of `parallelism` that
// cut over together, so a batch takes as long as its slowest member. The median run is the likely
// finish, the 90th percentile the pessimistic one. Seeded, so the same input gives the same dates.

import { plural } from './words.ts';

export interface ForecastInput {
  /** Calendar days from start to done of each finished service. */
  readonly observedDurationsDays: readonly number[];
  readonly remaining: number;
  /** 1 for one service at a time; the batch width for parallel batches. */
  readonly parallelism: number;
  /** Calendar days per service the plan assumes, used while fewer than MIN_OBSERVED have finished. */
  readonly plannedDaysPerService: number;
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
  /** True when the plan's figure stood in for observed durations. */
  readonly fromPlan: boolean;
}

export const MIN_OBSERVED = 3;
export const DEFAULT_ITERATIONS = 1000;
/**
 * Spread put around the plan's figure when it stands in for observations: the guide's 3-7 day cycle
 * is 5 days plus or minus 40%.
 */
export const PLAN_SPREAD = 0.4;

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
  const parallelism = Math.max(1, Math.floor(input.parallelism));
  const observed = input.observedDurationsDays.filter((d) => Number.isFinite(d) && d >= 0);
  const fromPlan = observed.length < MIN_OBSERVED;
  const start = input.start.getTime();

  if (remaining === 0) {
    return { likely: new Date(start), pessimistic: new Date(start), basis: 'Nothing is left to move.', fromPlan };
  }

  const random = mulberry32(input.seed);
  const planned = Math.max(0, input.plannedDaysPerService);
  const draw = fromPlan
    ? () => planned * (1 - PLAN_SPREAD + 2 * PLAN_SPREAD * random())
    : () => observed[Math.floor(random() * observed.length)] ?? 0;

  const totals = new Float64Array(iterations);
  for (let run = 0; run < iterations; run++) {
    let days = 0;
    for (let left = remaining; left > 0; left -= parallelism) {
      let slowest = 0;
      for (let i = Math.min(parallelism, left); i > 0; i--) slowest = Math.max(slowest, draw());
      days += slowest;
    }
    totals[run] = days;
  }
  totals.sort();

  return {
    likely: new Date(start + percentile(totals, 0.5) * DAY_MS),
    pessimistic: new Date(start + percentile(totals, 0.9) * DAY_MS),
    basis: describeBasis(observed, remaining, parallelism, planned, iterations, fromPlan),
    fromPlan,
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

function describeBasis(
  observed: readonly number[],
  remaining: number,
  parallelism: number,
  planned: number,
  iterations: number,
  fromPlan: boolean,
): string {
  const pace = parallelism === 1 ? 'one at a time' : `in batches of ${parallelism}`;
  const work = `${plural(remaining, 'service')} left, ${pace}; ${iterations} simulated runs`;
  if (fromPlan) {
    const finished =
      observed.length === 0
        ? 'no service has'
        : `only ${plural(observed.length, 'service')} ${observed.length === 1 ? 'has' : 'have'}`;
    return (
      `From the plan's ${round1(planned)} calendar days per service (±${PLAN_SPREAD * 100}%), because ${finished} ` +
      `finished yet (${MIN_OBSERVED} needed to use real durations). ${work}.`
    );
  }
  const sorted = [...observed].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  return `From ${plural(observed.length, 'finished service')} (median ${round1(median)} days each). ${work}.`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
