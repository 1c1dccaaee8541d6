// The digest's one-line summary, written for someone who is not an engineer: how much has moved,
// whether the finish is on plan, and what happens today. Dates go through a formatter so a Slack
// message can show each reader their own timezone while plain text shows the migration's.

import type { DigestModel } from './digest.ts';
import { formatLocalDay } from './schedule-time.ts';

export type DateFormatter = (date: Date) => string;

/** '14 Jun 2026' in the given timezone. */
export function plainDay(timeZone: string): DateFormatter {
  return (date) => formatLocalDay(date, timeZone);
}

/**
 * "12 of 40 services moved (30%). Behind: likely done by 3 Aug 2026, 12 days after the plan's
 * 22 Jul 2026. Today: 1 cutover waits for approval, 2 monitoring windows end."
 */
export function digestHeadline(model: DigestModel, formatDate: DateFormatter = plainDay(model.timeZone)): string {
  const { done, total, percent } = model.progress;
  return `${done} of ${total} services moved (${percent}%). ${outlookSentence(model, formatDate)} ${todaySentence(model)}`;
}

function outlookSentence(model: DigestModel, formatDate: DateFormatter): string {
  const { likely, pessimistic, plannedFinish, outlook, slipDays } = model.forecast;
  const by = `likely done by ${formatDate(likely)}`;
  const plan = plannedFinish === null ? '' : formatDate(plannedFinish);
  switch (outlook) {
    case 'done':
      return 'Every service has moved.';
    case 'no_plan':
      return `No plan yet; at the pace so far, ${by}.`;
    case 'too_early':
      return `Too early to project: no service has finished yet; the plan says done by ${plan}.`;
    case 'on_track':
      return `On track: ${by}, within the plan's ${plan}.`;
    case 'at_risk':
      return `At risk: ${by}, within the plan's ${plan}, but it could slip to ${formatDate(pessimistic)}.`;
    case 'behind':
      return `Behind: ${by}, ${count(slipDays, 'day', 'days')} after the plan's ${plan}.`;
  }
}

/** Open runbook steps over all owners. */
export function openStepCount(model: Pick<DigestModel, 'runbook'>): number {
  return model.runbook.reduce((sum, group) => sum + group.steps.length, 0);
}

function todaySentence(model: DigestModel): string {
  const steps = openStepCount(model);
  const items = (
    [
      [model.approvals.length, 'cutover waits for approval', 'cutovers wait for approval'],
      [model.monitoringEndingToday.length, 'monitoring window ends', 'monitoring windows end'],
      [steps, 'runbook step is open', 'runbook steps are open'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => count(n, one, many));
  return items.length === 0 ? 'Nothing is due today.' : `Today: ${items.join(', ')}.`;
}

/** "1 day", "3 days". */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
