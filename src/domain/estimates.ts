// What each strategy costs in time, people and money, with every formula shown in words and every
// input named as the team's own figure or the guide's default (DOMAIN.md section 7).
//
// Units: calendar time is in working days (5 a week, 21.7 a month), so "a week per service" for 30
// services comes to about 7 months, as in the guide. The model, kept simple enough to check by hand:
// - sequential: one service in flight: each takes its effort, then its monitoring window.
// - parallel: automation set-up first; then each batch takes its longest member's effort, or its
//   total effort shared by the engineers if that is longer, plus one monitoring window.
// - hybrid: automation set-up, then phase by phase the sequential track (as above) beside the
//   phase's batches (as parallel, one engineer fewer: one drives the sequential track); a phase
//   takes the longer of the two.
// Engineer-hours: hands-on effort (8 h a day per service) + keeping both platforms in step (one
// engineer-day per day of dual running: drift, rollback readiness, the old platform's upkeep) +
// for batches the automation set-up (the whole team) and one team-day of coordination per batch
// (runbook, syncs in the cutover window). With the guide's figures for 30 services this gives about
// 2,600 h sequential (guide: "over 2,400"), and about 1,600 h in four batches plus 400 h of set-up
// (guide: 1,500 h plus two weeks of set-up).
// Dual-running cost: monthly cost of the affected services x uplift x months with both platforms
// live (from the first cutover: the automation set-up moves nothing).

import type { IndexedGraph } from './graph.ts';
import type { GraphAnalysis } from './graph-groups.ts';
import type { PlanDirection, ServiceGraph, Strategy } from './model.ts';
import { type Plan, plan, toAnalysis } from './planner.ts';
import type { MigrationSettings, SettingKey } from './settings.ts';
import { SETTING_SPECS } from './settings.ts';
import { dollars } from './words.ts';

export const HOURS_PER_DAY = 8;
export const WORKING_DAYS_PER_WEEK = 5;
export const WORKING_DAYS_PER_MONTH = (WORKING_DAYS_PER_WEEK * 52) / 12;

export type FigureSource = 'team' | 'guide default';

export interface EstimateInput {
  readonly key: SettingKey;
  readonly value: number;
  readonly unit: string;
  readonly source: FigureSource;
  /** The guide's range or figure, for the reader. */
  readonly note: string;
}

export interface StrategyEstimate {
  readonly strategy: Strategy;
  readonly services: number;
  /** Working days, one decimal. */
  readonly calendarDays: number;
  readonly calendarWeeks: number;
  readonly calendarMonths: number;
  /** Whole hours. */
  readonly engineerHours: number;
  /** Whole currency units (USD). */
  readonly dualRunningCost: number;
  /** Each formula in words with its numbers filled in. */
  readonly formulas: {
    readonly calendar: string;
    readonly engineerHours: string;
    readonly dualRunningCost: string;
  };
}

export interface EstimateComparison {
  readonly inputs: readonly EstimateInput[];
  /** How many services had their own effort figure; the rest use `effort-days`. */
  readonly servicesWithOwnEffort: number;
  readonly estimates: readonly StrategyEstimate[];
}

const USED_KEYS: readonly SettingKey[] = [
  'engineers',
  'effort-days',
  'monitoring-hours',
  'automation-days',
  'monthly-cost',
  'dual-running-uplift',
];

export function estimateInputs(settings: MigrationSettings, teamKeys: ReadonlySet<SettingKey>): EstimateInput[] {
  return USED_KEYS.map((key) => ({
    key,
    value: settings[key],
    unit: SETTING_SPECS[key].unit,
    source: teamKeys.has(key) ? 'team' : 'guide default',
    note: SETTING_SPECS[key].description,
  }));
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const fmt = (x: number) => String(round1(x));
const count = (x: number, one: string, many: string) => `${x} ${x === 1 ? one : many}`;

/** Estimates one plan: each service's own effort, or the `effort-days` setting where it has none. */
export function estimatePlan(plan: Plan, settings: MigrationSettings): StrategyEstimate {
  const fallback = settings['effort-days'];
  const engineers = Math.max(1, settings.engineers);
  const monitoringDays = settings['monitoring-hours'] / 24;
  const n = plan.entries.length;
  let totalEffort = 0;
  for (const e of plan.entries) totalEffort += e.effortDays ?? fallback;

  // Per phase: the sequential track's days and the batches' days. Counts come from the entries, so a
  // plan read back from storage needs nothing else.
  let phaseCount = 0;
  let batchCount = 0;
  let stepCount = 0;
  for (const e of plan.entries) {
    phaseCount = Math.max(phaseCount, e.phase);
    batchCount = Math.max(batchCount, e.batch ?? 0);
    stepCount = Math.max(stepCount, e.step ?? 0);
  }
  const seqDays = new Float64Array(phaseCount + 1);
  const batchMax = new Float64Array(batchCount + 1);
  const batchSum = new Float64Array(batchCount + 1);
  const batchPhase = new Int32Array(batchCount + 1);
  for (const e of plan.entries) {
    const effort = e.effortDays ?? fallback;
    if (e.batch === null) {
      seqDays[e.phase] = (seqDays[e.phase] as number) + effort + monitoringDays;
    } else {
      batchMax[e.batch] = Math.max(batchMax[e.batch] as number, effort);
      batchSum[e.batch] = (batchSum[e.batch] as number) + effort;
      batchPhase[e.batch] = e.phase;
    }
  }
  const usesBatches = batchCount > 0;
  const batchEngineers = stepCount > 0 ? Math.max(1, engineers - 1) : engineers;
  const phaseBatchDays = new Float64Array(phaseCount + 1);
  for (let b = 1; b <= batchCount; b++) {
    const days = Math.max(batchMax[b] as number, (batchSum[b] as number) / batchEngineers) + monitoringDays;
    const p = batchPhase[b] as number;
    phaseBatchDays[p] = (phaseBatchDays[p] as number) + days;
  }
  let movingDays = 0;
  let seqTotal = 0;
  let batchTotal = 0;
  for (let p = 1; p <= phaseCount; p++) {
    movingDays += Math.max(seqDays[p] as number, phaseBatchDays[p] as number);
    seqTotal += seqDays[p] as number;
    batchTotal += phaseBatchDays[p] as number;
  }
  const automationDays = usesBatches ? settings['automation-days'] : 0;
  const days = automationDays + movingDays;

  const handsOn = totalEffort * HOURS_PER_DAY;
  const upkeep = movingDays * HOURS_PER_DAY;
  const automationHours = automationDays * HOURS_PER_DAY * engineers;
  const coordination = batchCount * engineers * HOURS_PER_DAY;
  const hours = handsOn + upkeep + automationHours + coordination;

  const dualMonths = movingDays / WORKING_DAYS_PER_MONTH;
  const uplift = settings['dual-running-uplift'] / 100;
  const cost = settings['monthly-cost'] * uplift * dualMonths;

  const mon = `${fmt(monitoringDays)} d monitoring`;
  let calendar: string;
  if (plan.strategy === 'sequential') {
    calendar = `one service at a time: sum over ${count(n, 'service', 'services')} of (effort + ${mon}) = ${fmt(totalEffort)} + ${n} x ${fmt(monitoringDays)} = ${fmt(days)} working days`;
  } else if (plan.strategy === 'parallel') {
    calendar = `${fmt(automationDays)} d automation set-up + sum over ${count(batchCount, 'batch', 'batches')} of (max(longest effort, total effort / ${count(batchEngineers, 'engineer', 'engineers')}) + ${mon}) = ${fmt(automationDays)} + ${fmt(batchTotal)} = ${fmt(days)} working days`;
  } else {
    calendar = `${fmt(automationDays)} d automation set-up + sum over ${count(phaseCount, 'phase', 'phases')} of max(sequential steps: effort + ${mon} each; batches: max(longest effort, total effort / ${count(batchEngineers, 'engineer', 'engineers')}) + ${mon} each) = ${fmt(automationDays)} + ${fmt(movingDays)} = ${fmt(days)} working days (sequential track alone ${fmt(seqTotal)}, batches alone ${fmt(batchTotal)})`;
  }
  const hoursParts = [`${fmt(totalEffort)} effort-days x ${HOURS_PER_DAY} h = ${Math.round(handsOn)} h hands-on`];
  hoursParts.push(
    `${fmt(movingDays)} days x ${HOURS_PER_DAY} h = ${Math.round(upkeep)} h keeping both platforms in step`,
  );
  if (usesBatches) {
    hoursParts.push(
      `${fmt(automationDays)} d x ${HOURS_PER_DAY} h x ${count(engineers, 'engineer', 'engineers')} = ${Math.round(automationHours)} h automation set-up`,
    );
    hoursParts.push(
      `${count(batchCount, 'batch', 'batches')} x ${count(engineers, 'engineer', 'engineers')} x ${HOURS_PER_DAY} h = ${Math.round(coordination)} h cutover coordination`,
    );
  }
  return {
    strategy: plan.strategy,
    services: n,
    calendarDays: round1(days),
    calendarWeeks: round1(days / WORKING_DAYS_PER_WEEK),
    calendarMonths: round1(days / WORKING_DAYS_PER_MONTH),
    engineerHours: Math.round(hours),
    dualRunningCost: Math.round(cost),
    formulas: {
      calendar,
      engineerHours: `${hoursParts.join(' + ')} = ${Math.round(hours)} h`,
      dualRunningCost: `${dollars(settings['monthly-cost'])}/month x ${fmt(settings['dual-running-uplift'])}% uplift x ${fmt(dualMonths)} months of dual running = ${dollars(cost)}`,
    },
  };
}

/** The three strategies side by side, given one plan of each (their order: sequential, hybrid, parallel). */
export function compareEstimates(
  plans: readonly Plan[],
  settings: MigrationSettings,
  teamKeys: ReadonlySet<SettingKey>,
): EstimateComparison {
  return {
    inputs: estimateInputs(settings, teamKeys),
    servicesWithOwnEffort: plans[0]?.entries.filter((e) => e.effortDays !== null).length ?? 0,
    estimates: plans.map((p) => estimatePlan(p, settings)),
  };
}

/**
 * Plans the graph all three ways (one analysis shared) with the settings' batch cap and critical
 * tier, and estimates each.
 */
export function compareStrategies(
  graph: ServiceGraph | IndexedGraph | GraphAnalysis,
  settings: MigrationSettings,
  teamKeys: ReadonlySet<SettingKey>,
  direction: PlanDirection = 'leaf-first',
): EstimateComparison {
  const analysis = toAnalysis(graph);
  const options = { direction, batchCap: settings['batch-cap'], criticalTier: settings['critical-tier'] };
  const plans = (['sequential', 'hybrid', 'parallel'] as const).map((strategy) =>
    plan(analysis, { ...options, strategy }),
  );
  return compareEstimates(plans, settings, teamKeys);
}
