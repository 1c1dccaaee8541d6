// When the migration will likely finish against the plan's promise, and the burn-up chart's data.

import type { DigestForecast, DigestInput, Outlook } from './digest-model.ts';
import {
  type BurnupData,
  calendarDays,
  doneBurnup,
  observedCycles,
  plannedBurnup,
  plannedCycleWorkingDays,
  remainingParallelism,
} from './digest-pace.ts';
import { isRollback } from './digest-warnings.ts';
import { forecastFinish } from './forecast.ts';

const DAY_MS = 86_400_000;

export function digestForecast(input: DigestInput, now: Date): DigestForecast {
  const remaining = input.services.filter((s) => s.state !== 'done').length;
  const forecast = forecastFinish({
    observedDurationsDays: observedCycles(input.services).map((c) => c.days),
    remaining,
    parallelism: remainingParallelism(input.services),
    plannedDaysPerService: calendarDays(plannedCycleWorkingDays(input.settings)),
    start: now,
    seed: input.forecastSeed,
  });
  const { planCreatedAt, planEstimateWorkingDays } = input.migration;
  const planned =
    plannedBurnup(planCreatedAt, input.services, input.settings, planEstimateWorkingDays).at(-1)?.date ?? null;
  const slip = planned === null ? 0 : Math.ceil((forecast.likely.getTime() - planned.getTime()) / DAY_MS);
  let outlook: Outlook;
  if (remaining === 0) outlook = 'done';
  else if (planned === null) outlook = 'no_plan';
  // Without finished services the projection is the plan's own figure reshaped: calling that
  // "behind" or "on track" would be noise, so the digest says it is too early.
  else if (forecast.fromPlan) outlook = 'too_early';
  else if (forecast.pessimistic <= planned) outlook = 'on_track';
  else if (forecast.likely <= planned) outlook = 'at_risk';
  else outlook = 'behind';
  return { ...forecast, plannedFinish: planned, outlook, slipDays: outlook === 'behind' ? slip : 0 };
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
