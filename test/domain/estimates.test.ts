import { describe, expect, it } from 'vitest';
import {
  compareEstimates,
  compareStrategies,
  estimateInputs,
  estimatePlan,
  WORKING_DAYS_PER_MONTH,
} from '../../src/domain/estimates.ts';
import type { PlanService, ServiceGraph } from '../../src/domain/model.ts';
import { plan } from '../../src/domain/planner.ts';
import { DEFAULT_SETTINGS, withDefaults } from '../../src/domain/settings.ts';

const svc = (name: string, extra: Partial<PlanService> = {}): PlanService => ({
  name,
  tier: null,
  stateful: false,
  external: false,
  effortDays: null,
  ...extra,
});

/** The guide's case: 30 independent services, the guide's default figures. */
const thirty: ServiceGraph = {
  services: Array.from({ length: 30 }, (_, i) => svc(`s${String(i).padStart(2, '0')}`)),
  edges: [],
};

describe('estimatePlan', () => {
  it('sequential: effort plus monitoring, one service at a time', () => {
    const e = estimatePlan(plan(thirty, { strategy: 'sequential' }), DEFAULT_SETTINGS);
    // 30 x (5 d + 24 h) = 180 working days = 36 weeks = 8.3 months.
    expect(e).toMatchObject({ strategy: 'sequential', services: 30, calendarDays: 180, calendarWeeks: 36 });
    expect(e.calendarMonths).toBe(8.3);
    // 150 d x 8 h hands-on + 180 d x 8 h keeping both platforms in step.
    expect(e.engineerHours).toBe(2640);
    // $10,000 x 75% x 180 / 21.67 months.
    expect(e.dualRunningCost).toBe(Math.round((10_000 * 0.75 * 180) / WORKING_DAYS_PER_MONTH));
    expect(e.formulas.calendar).toBe(
      'one service at a time: sum over 30 services of (effort + 1 d monitoring) = 150 + 30 x 1 = 180 working days',
    );
    expect(e.formulas.engineerHours).toBe(
      '150 effort-days x 8 h = 1200 h hands-on + 180 days x 8 h = 1440 h keeping both platforms in step = 2640 h',
    );
    expect(e.formulas.dualRunningCost).toBe('$10,000/month x 75% uplift x 8.3 months of dual running = $62,308');
  });

  it('parallel: automation set-up, then each batch bounded by its longest effort or the team', () => {
    const e = estimatePlan(plan(thirty, { strategy: 'parallel' }), DEFAULT_SETTINGS);
    // One batch of 30: max(5, 150 / 5 engineers) + 1 = 31 days, after 10 days of set-up.
    expect(e.calendarDays).toBe(41);
    // 1200 hands-on + 31 x 8 upkeep + 10 x 8 x 5 set-up + 1 batch x 5 x 8 coordination.
    expect(e.engineerHours).toBe(1200 + 248 + 400 + 40);
    expect(e.dualRunningCost).toBe(Math.round((7_500 * 31) / WORKING_DAYS_PER_MONTH));
    expect(e.formulas.engineerHours).toContain('10 d x 8 h x 5 engineers = 400 h automation set-up');
    expect(e.formulas.engineerHours).toContain('1 batch x 5 engineers x 8 h = 40 h cutover coordination');
  });

  it('parallel with a batch cap: more, smaller batches', () => {
    const e = estimatePlan(plan(thirty, { strategy: 'parallel', batchCap: 10 }), DEFAULT_SETTINGS);
    // Three batches of 10: max(5, 50 / 5) + 1 = 11 days each.
    expect(e.calendarDays).toBe(10 + 33);
    expect(e.engineerHours).toBe(1200 + 33 * 8 + 400 + 3 * 40);
  });

  it('hybrid: each phase takes the longer of its sequential steps and its batches', () => {
    const g: ServiceGraph = {
      services: thirty.services.map((s, i) => (i < 6 ? { ...s, tier: 1 } : s)),
      edges: [],
    };
    const e = estimatePlan(plan(g, { strategy: 'hybrid' }), DEFAULT_SETTINGS);
    // Sequential track: 6 x (5 + 1) = 36 days; batch of 24 with 4 engineers: max(5, 120 / 4) + 1 = 31.
    expect(e.calendarDays).toBe(10 + 36);
    expect(e.engineerHours).toBe(1200 + 36 * 8 + 400 + 40);
    expect(e.formulas.calendar).toContain('(sequential track alone 36, batches alone 31)');
  });

  it("uses a service's own effort and the team's figures", () => {
    const g: ServiceGraph = { services: [svc('a', { effortDays: 7 }), svc('b')], edges: [] };
    const settings = withDefaults({ 'effort-days': 3, 'monitoring-hours': 48, 'monthly-cost': 2_000 });
    const e = estimatePlan(plan(g, { strategy: 'sequential' }), settings);
    // (7 + 2) + (3 + 2) = 14 days.
    expect(e.calendarDays).toBe(14);
    expect(e.engineerHours).toBe((7 + 3) * 8 + 14 * 8);
  });

  it('an empty plan costs nothing', () => {
    const e = estimatePlan(plan({ services: [], edges: [] }, { strategy: 'parallel' }), DEFAULT_SETTINGS);
    expect([e.calendarDays, e.engineerHours, e.dualRunningCost]).toEqual([0, 0, 0]);
  });
});

describe('inputs and comparison', () => {
  it("marks each input as the team's figure or the guide's default", () => {
    const settings = withDefaults({ engineers: 8 });
    const inputs = estimateInputs(settings, new Set(['engineers']));
    expect(inputs.map((i) => [i.key, i.value, i.source])).toEqual([
      ['engineers', 8, 'team'],
      ['effort-days', 5, 'guide default'],
      ['monitoring-hours', 24, 'guide default'],
      ['automation-days', 10, 'guide default'],
      ['monthly-cost', 10_000, 'guide default'],
      ['dual-running-uplift', 75, 'guide default'],
    ]);
    expect(inputs[5]?.note).toContain('50-100%');
  });

  it('compares the three strategies side by side', () => {
    const g: ServiceGraph = {
      services: [...thirty.services, svc('db', { stateful: true, effortDays: 7 })],
      edges: thirty.services.map((s) => ({ from: s.name, to: 'db', kind: 'sync' as const })),
    };
    const c = compareStrategies(g, DEFAULT_SETTINGS, new Set());
    expect(c.estimates.map((e) => e.strategy)).toEqual(['sequential', 'hybrid', 'parallel']);
    expect(c.servicesWithOwnEffort).toBe(1);
    const [sequential, hybrid, parallel] = c.estimates;
    expect(sequential?.calendarDays).toBeGreaterThan(hybrid?.calendarDays ?? 0);
    expect(hybrid?.calendarDays).toBeGreaterThanOrEqual(parallel?.calendarDays ?? 0);
    expect(sequential?.dualRunningCost).toBeGreaterThan(parallel?.dualRunningCost ?? 0);
    const same = compareEstimates(
      (['sequential', 'hybrid', 'parallel'] as const).map((strategy) => plan(g, { strategy })),
      DEFAULT_SETTINGS,
      new Set(),
    );
    expect(same).toEqual(c);
  });
});
