// The digest's one-line summary, written for someone who is not an engineer: how much has moved,
// whether the finish is on plan, and what happens today. Dates go through a formatter so a Slack
// message can show each reader their own timezone while plain text shows the migration's.

import type { DigestModel } from './digest.ts';
import { MIN_OBSERVED } from './forecast.ts';
import { formatLocalDay, localDate } from './schedule-time.ts';
import { plural } from './words.ts';

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
  if (model.forecast.outlook === 'no_services') {
    return 'No services yet: `/migrate import` adds them from a dependency file (or a Backstage catalog), then `/migrate plan` orders them.';
  }
  return `${done} of ${plural(total, 'service')} moved (${percent}%). ${outlookSentence(model, formatDate)} ${todaySentence(model)}`;
}

/** Finished services against what the plan expected by today, while there is no pace to measure. */
function progressSentence(model: DigestModel): string {
  const { done } = model.progress;
  const expected = model.forecast.plannedDoneByNow;
  const finished =
    done === 0 ? 'no service has finished yet' : `${plural(done, 'service has', 'services have')} finished`;
  if (expected === 0) return `${capitalise(finished)}, and the plan expects none by today.`;
  return `The plan expected ${plural(expected, 'service')} done by today; ${finished}.`;
}

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function outlookSentence(model: DigestModel, formatDate: DateFormatter): string {
  const { likely, pessimistic, plannedFinish, outlook, slipDays, planPassed, fromPlan } = model.forecast;
  const by = `likely done by ${formatDate(likely)}`;
  const plan = plannedFinish === null ? '' : formatDate(plannedFinish);
  switch (outlook) {
    case 'no_services':
    case 'done':
      return 'Every service has moved.';
    case 'no_plan':
      return `No plan yet (\`/migrate plan\` makes one); at ${fromPlan ? "the guide's pace" : 'the pace so far'}, ${by}.`;
    case 'on_plan': {
      const sameDay =
        plannedFinish !== null && localDate(likely, model.timeZone) === localDate(plannedFinish, model.timeZone);
      const vsPlan = sameDay ? 'as planned' : `the plan says ${plan}`;
      const before = model.progress.done === 0 ? `${progressSentence(model)} ` : '';
      return `${before}Going by the plan's estimate: ${by} (${vsPlan}), or as late as ${formatDate(pessimistic)}; the real pace shows once ${MIN_OBSERVED} services have finished.`;
    }
    case 'on_track':
      return `On track: ${by}, within the plan's ${plan}.`;
    case 'at_risk':
      return `At risk: ${by}, within the plan's ${plan}, but it could slip to ${formatDate(pessimistic)}.`;
    case 'behind': {
      // Without a measured pace, behind means fewer done than the plan expected by today: say both.
      const observed = fromPlan ? ` ${progressSentence(model)}` : '';
      if (planPassed) return `Behind: the plan said done by ${plan}, and that date has passed; now ${by}.`;
      return slipDays > 0
        ? `Behind: ${by}, ${plural(slipDays, 'day')} after the plan's ${plan}.${observed}`
        : `Behind:${observed} Going by the plan's estimate, ${by}.`;
    }
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
    .map(([n, one, many]) => plural(n, one, many));
  return items.length === 0 ? 'Nothing is due today.' : `Today: ${items.join(', ')}.`;
}
