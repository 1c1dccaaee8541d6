import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adviceFor,
  assess,
  CRITERIA,
  CRITERION_SPECS,
  outcomeFor,
  pullOf,
  zScores,
} from '../../src/domain/checklist.ts';

const all = (n: number) => Object.fromEntries(CRITERIA.map((c) => [c, n])) as Record<(typeof CRITERIA)[number], number>;

describe('the decision checklist', () => {
  it.each([
    [6, 'sequential'],
    [12, 'sequential'],
    [13, 'hybrid'],
    [18, 'hybrid'],
    [19, 'parallel'],
    [30, 'parallel'],
  ] as const)('a total of %i is %s', (total, outcome) => {
    expect(outcomeFor(total)).toBe(outcome);
  });

  it.each([5, 31, 12.5, Number.NaN])('refuses the impossible total %s', (total) => {
    expect(() => outcomeFor(total)).toThrow(RangeError);
  });

  it('labels every score of every criterion, each fitting a Slack option', () => {
    for (const c of CRITERIA) {
      const { labels } = CRITERION_SPECS[c];
      expect(labels).toHaveLength(5);
      expect(new Set(labels).size).toBe(5);
      for (const label of labels) expect(`5 · ${label}`.length).toBeLessThanOrEqual(75);
    }
  });

  it('puts the guide’s hints on the right scores', () => {
    expect(CRITERION_SPECS.teamSize.labels[4]).toMatch(/6 or more/);
    expect(CRITERION_SPECS.teamSize.labels[1]).toMatch(/1-3/);
    expect(CRITERION_SPECS.riskTolerance.labels[0]).toMatch(/payments, healthcare/);
    expect(CRITERION_SPECS.automation.labels[4]).toMatch(/automated rollback/);
  });

  it.each([0, 6, 2.5, -1, 'x', null])('rejects the score %s', (score) => {
    expect(zScores.safeParse({ ...all(3), coupling: score }).success).toBe(false);
  });

  it('accepts scores as the strings Slack sends', () => {
    expect(zScores.parse({ ...all(3), coupling: '4' }).coupling).toBe(4);
  });

  it('sums the six scores, pulls each the right way and explains itself', () => {
    const a = assess({ coupling: 1, teamSize: 2, automation: 3, riskTolerance: 4, timeline: 5, dualRunningCost: 3 });
    expect(a.total).toBe(18);
    expect(a.outcome).toBe('hybrid');
    expect(a.pulls).toMatchObject({ coupling: 'sequential', automation: 'neutral', timeline: 'parallel' });
    const risks = adviceFor(a).map((x) => x.risk);
    expect(risks.some((r) => /Hidden dependencies/.test(r))).toBe(true);
    expect(risks.some((r) => /blast radius/.test(r))).toBe(true);
  });

  it('gives parallel advice only where parallel is on the table', () => {
    expect(adviceFor(assess(all(1))).some((x) => /batch/.test(x.risk))).toBe(false);
    expect(adviceFor(assess(all(5))).some((x) => /Hidden dependencies/.test(x.risk))).toBe(false);
    expect(adviceFor(assess(all(1))).some((x) => /Stateful/.test(x.risk))).toBe(true);
  });

  it('always lands on the band its total falls in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 6, maxLength: 6 }), (scores) => {
        const a = assess(Object.fromEntries(CRITERIA.map((c, i) => [c, scores[i]])) as ReturnType<typeof all>);
        expect(a.total).toBe(scores.reduce((x, y) => x + y, 0));
        expect(a.outcome).toBe(a.total <= 12 ? 'sequential' : a.total <= 18 ? 'hybrid' : 'parallel');
        expect(Object.values(a.pulls).filter((p) => p === 'sequential')).toHaveLength(
          scores.filter((s) => s <= 2).length,
        );
      }),
    );
  });

  it('pulls 1-2 towards sequential, 3 nowhere, 4-5 towards parallel', () => {
    expect([1, 2, 3, 4, 5].map(pullOf)).toEqual(['sequential', 'sequential', 'neutral', 'parallel', 'parallel']);
  });
});
