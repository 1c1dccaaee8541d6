import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ForecastInput, forecastFinish, mulberry32 } from '../../src/domain/forecast.ts';

const DAY = 86_400_000;
const start = new Date('2026-05-01T09:00:00Z');
const days = (d: Date) => (d.getTime() - start.getTime()) / DAY;

const base: ForecastInput = {
  observedDurationsDays: [4, 5, 6, 5, 7, 3],
  remaining: 10,
  parallelism: 1,
  plannedDaysPerService: 6,
  start,
  seed: 42,
};

describe('mulberry32', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('forecastFinish', () => {
  it('is deterministic for a seed', () => {
    expect(forecastFinish(base)).toEqual(forecastFinish(base));
    const other = forecastFinish({ ...base, seed: 43 });
    expect(other.basis).toBe(forecastFinish(base).basis);
  });

  it('gives a range near what the durations imply, one at a time', () => {
    const result = forecastFinish(base);
    // Mean 5 days, 10 services in a row: about 50 days.
    expect(days(result.likely)).toBeGreaterThan(44);
    expect(days(result.likely)).toBeLessThan(56);
    expect(result.pessimistic.getTime()).toBeGreaterThan(result.likely.getTime());
    expect(result.fromPlan).toBe(false);
    expect(result.basis).toBe(
      'From 6 finished services (median 5 days each). 10 services left, one at a time; 1000 simulated runs.',
    );
  });

  it('goes faster in batches: a batch takes as long as its slowest member', () => {
    const batched = forecastFinish({ ...base, parallelism: 5 });
    // Two batches of five, each about the maximum of five draws (6-7 days).
    expect(days(batched.likely)).toBeGreaterThanOrEqual(12);
    expect(days(batched.pessimistic)).toBeLessThanOrEqual(14);
    expect(batched.basis).toContain('in batches of 5');
  });

  it('falls back to the plan with fewer than 3 observed durations, and says so', () => {
    const result = forecastFinish({ ...base, observedDurationsDays: [30, 40] });
    expect(result.fromPlan).toBe(true);
    // 10 × 6 days ± 40% per service: the sum stays close to 60.
    expect(days(result.likely)).toBeGreaterThan(54);
    expect(days(result.likely)).toBeLessThan(66);
    expect(days(result.pessimistic)).toBeLessThanOrEqual(10 * 6 * 1.4);
    expect(result.basis).toBe(
      "From the plan's 6 calendar days per service (±40%), because only 2 services have finished yet (3 needed to use real durations). 10 services left, one at a time; 1000 simulated runs.",
    );
    expect(forecastFinish({ ...base, observedDurationsDays: [] }).basis).toContain('because no service has finished');
    expect(forecastFinish({ ...base, observedDurationsDays: [5] }).basis).toContain('only 1 service has finished');
  });

  it('is the start date when nothing is left', () => {
    const result = forecastFinish({ ...base, remaining: 0 });
    expect(result.likely).toEqual(start);
    expect(result.pessimistic).toEqual(start);
    expect(result.basis).toBe('Nothing is left to move.');
  });

  it('ignores durations that are not numbers of days and refuses a bad iteration count', () => {
    const result = forecastFinish({ ...base, observedDurationsDays: [5, Number.NaN, -2, 5, 5] });
    expect(days(result.likely)).toBe(50);
    expect(() => forecastFinish({ ...base, iterations: 0 })).toThrow(RangeError);
  });

  it('keeps likely <= pessimistic and both after the start, for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 60, noNaN: true }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.integer(),
        (observed, remaining, parallelism, planned, seed) => {
          const r = forecastFinish({
            observedDurationsDays: observed,
            remaining,
            parallelism,
            plannedDaysPerService: planned,
            start,
            seed,
            iterations: 200,
          });
          expect(r.likely.getTime()).toBeLessThanOrEqual(r.pessimistic.getTime());
          expect(r.likely.getTime()).toBeGreaterThanOrEqual(start.getTime());
        },
      ),
      { numRuns: 200 },
    );
  });
});
