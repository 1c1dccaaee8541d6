// The plan review's warnings in words, each with what to do. The facts and the sentences are the
// same in the command line and in Slack; only the actions differ (a flag and the graph file there,
// a `/migrate` command here), so each surface hands in its voice.
import type { Strategy } from './model.ts';
import { type CallToCheck, durationWords, type LargeGroup, type LongPlan, type PlanWarning } from './plan-review.ts';
import { plural } from './words.ts';

export interface ReviewVoice {
  /** The warning's headline. */
  strong(text: string): string;
  /** A service name in running text. */
  name(text: string): string;
  /** How to remove these dependencies and re-plan; null for "the ones the team names". */
  remove(calls: readonly CallToCheck[] | null): string;
  /** How to remove a service's dependency on a database it does not really share. */
  removeSharedDb(): string;
  /** How to cap batches at n services and re-plan. */
  capBatches(n: number): string;
  /** How to plan with another strategy. */
  plan(strategy: Strategy): string;
  /** How to give the estimate the team's own figure. */
  setting(key: 'effort-days' | 'engineers'): string;
}

function groupSentence(w: LargeGroup, voice: ReviewVoice): string {
  const why =
    w.cycleSize === 0
      ? 'they share a database'
      : w.cycleSize === w.size
        ? 'a dependency cycle'
        : `a dependency cycle through ${w.cycleSize} of them`;
  const head = `${voice.strong(`The ${w.name} move as one`)} (${why}): one cutover and one rollback for all of them, more than a team can rehearse or watch past ${w.limit} services.`;
  const split = w.split;
  if (!split) return `${head} If some of them do not really share the database, ${voice.removeSharedDb()}.`;
  if (split.calls.length === 0) {
    return `${head} None of the dependencies on its loop were traced, so there is no call count to go by: ask its teams which are not needed, then ${voice.remove(null)}.`;
  }
  const list = split.calls
    .map((c) => `${voice.name(c.from)} → ${voice.name(c.to)} (${plural(c.callCount, 'call')})`)
    .join(', ');
  if (!split.splits) {
    return `${head} Even without its ${split.calls.length} least-used traced calls (${list}) it stays one group: its loops run through well-used calls. Ask its teams which dependencies are not needed, then ${voice.remove(null)}.`;
  }
  const one = split.calls.length === 1;
  const left =
    split.largestPart <= 1
      ? 'no loop is left'
      : `the largest group left has ${split.largestPart} services${split.largestPart > w.limit ? ', and planning again suggests what to check in it' : ''}`;
  return `${head} Traces show ${one ? 'this rarely used call' : 'these rarely used calls'} on the loop: ${list}. Without ${one ? 'it' : 'them'}, ${left}. If ${one ? 'it is not a real dependency' : 'they are not real dependencies'}, ${voice.remove(split.calls)}.`;
}

function longSentence(w: LongPlan, voice: ReviewVoice): string {
  const lines = [
    `${voice.strong(`This plan takes about ${durationWords(w.months)}`)} (${w.months} months) by the estimate; plans over ${durationWords(w.limitMonths)} rarely hold, as teams, budgets and platforms change first.`,
  ];
  const shortest = w.faster[0];
  if (shortest) {
    const still = w.faster.every((f) => f.months > w.limitMonths)
      ? `, though still over ${durationWords(w.limitMonths)}`
      : '';
    const list = w.faster.map((f) => `${f.strategy} about ${durationWords(f.months)}`).join(', ');
    lines.push(`Faster${still}: ${list}; ${voice.plan(shortest.strategy)} plans the shortest.`);
  }
  if (w.moreEngineersHelp) lines.push(`More engineers shorten the batches: ${voice.setting('engineers')}.`);
  if (w.effortDays?.source === 'guide default') {
    lines.push(
      `The estimate uses the guide's ${w.effortDays.value} days of effort per service; ${voice.setting('effort-days')} gives it your team's figure.`,
    );
  }
  return lines.join(' ');
}

/** One warning as a sentence or a few, ending with what to do. */
export function warningSentence(w: PlanWarning, voice: ReviewVoice): string {
  switch (w.kind) {
    case 'large-group':
      return groupSentence(w, voice);
    case 'group-over-cap':
      return `The ${w.name} move as one, more than the batch cap of ${w.batchCap}: they share one batch.`;
    case 'large-batches': {
      const [first, ...rest] = w.batches;
      const shown = rest.slice(0, 4).map((b) => `batch ${b.batch} has ${b.size}`);
      if (rest.length > shown.length) shown.push(`${rest.length - shown.length} more`);
      const others = shown.length > 0 ? ` (also over ${w.limit}: ${shown.join(', ')})` : '';
      return `${voice.strong(`Batch ${first?.batch} has ${first?.size} services`)}${others}: one cutover window for more services than a team can watch. A cap splits them into batches of at most ${w.limit} (more batches, so a longer plan): ${voice.capBatches(w.limit)}.`;
    }
    case 'long-plan':
      return longSentence(w, voice);
  }
}
