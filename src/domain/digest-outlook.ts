// When the migration will likely finish against the plan's promise, and the burn-up chart's data.

import type { DigestForecast, DigestInput, Outlook } from './digest-model.ts';
import {
  type BurnupData,
  calendarDays,
  doneBurnup,
  observedCycles,
  type PaceService,
  plannedBurnup,
  plannedCycleWorkingDays,
  planSteps,
} from './digest-pace.ts';
import { isRollback } from './digest-warnings.ts';
import { forecastFinish } from './forecast.ts';

const DAY_MS = 86_400_000;

export function digestForecast(input: DigestInput, now: Date): DigestForecast {
  const remaining = input.services.filter((s) => s.state !== 'done');
  const { planCreatedAt, planEstimateWorkingDays } = input.migration;
  const promised = plannedBurnup(planCreatedAt, input.services, input.settings, planEstimateWorkingDays);
  const planned = promised.at(-1)?.date ?? null;
  const plannedDoneByNow = promised.filter((p) => p.date <= now).at(-1)?.done ?? 0;
  const doneNow = input.services.length - remaining.length;
  const perService = calendarDays(plannedCycleWorkingDays(input.settings));
  const forecast = forecastFinish({
    planRemainingDays: planRemainingDays(input, remaining, perService),
    planSource: planned === null ? 'guide' : 'plan',
    plannedDaysPerService: perService,
    observedDurationsDays: observedCycles(input.services).map((c) => c.days),
    remaining: remaining.length,
    start: now,
    seed: input.forecastSeed,
  });
  const slip = planned === null ? 0 : Math.round((forecast.likely.getTime() - planned.getTime()) / DAY_MS);
  const planPassed = planned !== null && remaining.length > 0 && planned < now;
  let outlook: Outlook;
  if (input.services.length === 0) outlook = 'no_services';
  else if (remaining.length === 0) outlook = 'done';
  else if (planned === null) outlook = 'no_plan';
  else if (planPassed) outlook = 'behind';
  // Without a measured pace the forecast is the plan's own figure, started from today: a few days
  // without a finish push it past the plan's date although nothing observed is late. Behind, then,
  // means fewer services done than the plan expected by today; "on track" would claim more than is
  // known, so otherwise the digest says it goes by the plan.
  else if (forecast.fromPlan) outlook = doneNow < plannedDoneByNow ? 'behind' : 'on_plan';
  else if (slip > 0) outlook = 'behind';
  else if (forecast.pessimistic <= planned) outlook = 'on_track';
  else outlook = 'at_risk';
  return {
    ...forecast,
    plannedFinish: planned,
    outlook,
    slipDays: outlook === 'behind' ? Math.max(0, slip) : 0,
    planPassed,
    plannedDoneByNow,
  };
}

/**
 * Calendar days the plan gives what is left: its own estimate times the share of its services not
 * done (services added since count as planned ones), or without a plan one planned cycle per step.
 */
function planRemainingDays(input: DigestInput, remaining: readonly PaceService[], perService: number): number {
  const estimate = input.migration.planEstimateWorkingDays;
  const inPlan = input.services.filter((s) => s.track !== null).length;
  if (input.migration.planCreatedAt !== null && inPlan > 0) {
    const total =
      estimate !== null
        ? calendarDays(estimate)
        : planSteps(input.services.filter((s) => s.track !== null)).length * perService;
    return (total * remaining.length) / inPlan;
  }
  return planSteps(remaining).length * perService;
}

export function digestBurnup(input: DigestInput, now: Date): BurnupData {
  const { createdAt, planCreatedAt, planEstimateWorkingDays } = input.migration;
  const start = planCreatedAt !== null && planCreatedAt < createdAt ? planCreatedAt : createdAt;
  // A rollback seen both in a service's state and in the events is drawn once.
  const rollbacks = new Map<string, { date: Date; service: string }>();
  const note = (service: string, date: Date) =>
    rollbacks.set(`${service}@${Math.floor(date.getTime() / 60_000)}`, { date, service });
  for (const s of input.services) if (s.state === 'rolled_back') note(s.name, s.stateChangedAt);
  for (const e of input.events) if (isRollback(e) && e.service !== null) note(e.service, e.at);
  return {
    points: doneBurnup(input.services, start, now),
    planned: plannedBurnup(planCreatedAt, input.services, input.settings, planEstimateWorkingDays),
    rollbacks: [...rollbacks.values()].sort((a, b) => a.date.getTime() - b.date.getTime()),
    total: input.services.length,
  };
}
