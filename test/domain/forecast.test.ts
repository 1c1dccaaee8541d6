import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ForecastInput, forecastFinish, mulberry32 } from '../../src/domain/forecast.ts';

const DAY = 86_400_000;
const start = new Date('2026-05-01T09:00:00Z');
const days = (d: Date) => (d.getTime() - start.getTime()) / DAY;

const base: ForecastInput = {
  planRemainingDays: 60,
  planSource: 'plan',
  plannedDaysPerService: 6,
  observedDurationsDays: [4, 5, 6, 5, 7, 3],
  remaining: 10,
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
    expect(forecastFinish({ ...base, seed: 43 }).basis).toBe(forecastFinish(base).basis);
  });

  it("is the plan's own estimate while fewer than 3 services have finished, with a wide range, and says so", () => {
    const result = forecastFinish({ ...base, observedDurationsDays: [30] });
    expect(result.fromPlan).toBe(true);
    expect(days(result.likely)).toBe(60);
    expect(days(result.pessimistic)).toBe(90);
    expect(result.basis).toBe(
      "From the plan's own estimate (60 calendar days for the 10 services left): only 1 service finished so far, and 3 are needed to measure the pace. The pessimistic date allows 50% more, as plans often run late.",
    );
    expect(forecastFinish({ ...base, observedDurationsDays: [] }).basis).toContain('no service has finished yet');
    expect(forecastFinish({ ...base, planSource: 'guide', observedDurationsDays: [] }).basis).toContain(
      "the guide's pace, as there is no plan yet",
    );
  });

  it('corrects the plan by the pace seen: services taking a third longer push the finish a third later', () => {
    const slow = forecastFinish({ ...base, observedDurationsDays: [8, 8, 8, 8, 8, 8, 8, 8, 8] });
    expect(slow.fromPlan).toBe(false);
    // Nine at 8/6 of the plan, weighted with three at the plan's own pace: 1.25 of 60 days.
    expect(days(slow.likely)).toBeCloseTo(75, 5);
    expect(slow.basis).toBe(
      "From the plan's own estimate (60 calendar days for the 10 services left), corrected by 9 finished services: they took a median 8 days each against the plan's 6, 1.3× the time planned. The range narrows as more services finish.",
    );
  });

  it('narrows the range as more services finish', () => {
    const width = (n: number) => {
      const r = forecastFinish({ ...base, observedDurationsDays: Array.from({ length: n }, (_, i) => 3 + (i % 7)) });
      return days(r.pessimistic) - days(r.likely);
    };
    expect(width(3)).toBeGreaterThan(width(30));
    expect(width(30)).toBeGreaterThan(width(300));
    expect(width(300)).toBeGreaterThan(0);
  });

  it('never gives a one-day range from a handful of finished services', () => {
    const r = forecastFinish({ ...base, planRemainingDays: 700, observedDurationsDays: [6, 6, 6] });
    expect(days(r.pessimistic) - days(r.likely)).toBeGreaterThan(100);
  });

  it('is the start date when nothing is left', () => {
    const result = forecastFinish({ ...base, remaining: 0 });
    expect(result.likely).toEqual(start);
    expect(result.pessimistic).toEqual(start);
    expect(result.basis).toBe('Nothing is left to move.');
  });

  it('ignores durations that are not numbers of days and refuses a bad iteration count', () => {
    const result = forecastFinish({ ...base, observedDurationsDays: [6, Number.NaN, -2, 6, 6] });
    expect(days(result.likely)).toBeCloseTo(60, 5);
    expect(() => forecastFinish({ ...base, iterations: 0 })).toThrow(RangeError);
  });

  it('keeps likely <= pessimistic and both after the start, for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 60, noNaN: true }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 200 }),
        fc.double({ min: 0, max: 3000, noNaN: true }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        fc.integer(),
        (observed, remaining, planRemainingDays, planned, seed) => {
          const r = forecastFinish({
            planRemainingDays,
            planSource: 'plan',
            observedDurationsDays: observed,
            remaining,
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
