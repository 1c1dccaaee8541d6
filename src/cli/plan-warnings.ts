// The plan review's warnings as the command line says them: each with what to do, in the words of
// this command (its options, the graph file), and Slack's command once the graph is imported.
import {
  durationWords,
  type LargeGroup,
  type LongPlan,
  type PlanWarning,
  REVIEW_LIMITS,
} from '../domain/plan-review.ts';

const calls = (n: number) => `${n} ${n === 1 ? 'call' : 'calls'}`;

function groupSentence(w: LargeGroup): string {
  const cycle = w.cycleSize === w.size ? 'a dependency cycle' : `a dependency cycle through ${w.cycleSize} of them`;
  const head = `${w.groupId}: ${w.size} services move as one (${w.cycleSize > 0 ? cycle : 'they share a database'}), in one step with one rollback for all; the review flags groups over ${w.limit}.`;
  const split = w.split;
  if (!split) {
    return `${head} If some do not really share the database, drop that shared-db dependency from the file and plan again.`;
  }
  if (split.calls.length === 0) {
    return `${head} None of the dependencies on the loop were traced, so there are no calls to suggest: ask its teams which one is not needed, drop it from the file and plan again.`;
  }
  const list = split.calls.map((c) => `${c.from} -> ${c.to} (${calls(c.callCount)})`).join(', ');
  const one = split.calls.length === 1;
  if (!split.splits) {
    return `${head} Even without its ${split.calls.length} least-used traced calls (${list}) it stays one group: look for dependencies on the loop that are not real.`;
  }
  const left = split.largestPart > 1 ? `the largest group left has ${split.largestPart} services` : 'no loop is left';
  const commands = split.calls.map((c) => `\`/migrate undepend ${c.from} on ${c.to}\``).join(', ');
  return `${head} Check ${one ? 'this traced call' : 'these traced calls'}, chosen among the least used on the loop: ${list}; without ${one ? 'it' : 'them'} ${left}. If ${one ? 'it is not a real dependency' : 'they are not real dependencies'}, drop ${one ? 'it' : 'them'} from the file and plan again (once imported, in Slack: ${commands}).`;
}

function longSentence(w: LongPlan): string {
  const faster = w.faster.map((f) => `${f.strategy} about ${durationWords(f.months)}`);
  const still = w.faster.every((f) => f.months > w.limitMonths) ? ` (still over ${durationWords(w.limitMonths)})` : '';
  const effort =
    w.effortDays?.source === 'guide default'
      ? ` It assumes the guide's ${w.effortDays.value} effort-days per service; your team's own figure changes it (\`/migrate set effort-days N\` once imported).`
      : '';
  const switchTo = w.faster[0]
    ? ` Faster strategies: ${faster.join(', ')}${still}; --strategy ${w.faster[0].strategy} plans the shortest.`
    : '';
  return `The ${w.strategy} plan takes about ${durationWords(w.months)} (${w.months} months) by the estimate, past the ${durationWords(w.limitMonths)} a plan stays realistic over.${switchTo}${effort}`;
}

/** One sentence per warning, with what to do. */
export function warningSentence(w: PlanWarning): string {
  switch (w.kind) {
    case 'large-group':
      return groupSentence(w);
    case 'group-over-cap':
      return `${w.groupId} has ${w.size} services, more than the batch cap of ${w.batchCap}: they share one batch.`;
    case 'large-batches': {
      const [first, ...rest] = w.batches;
      const shown = rest.slice(0, 4).map((b) => `batch ${b.batch}, ${b.size}`);
      if (rest.length > shown.length) shown.push(`${rest.length - shown.length} more`);
      const others = shown.length > 0 ? ` (also over ${w.limit}: ${shown.join('; ')})` : '';
      return `Batch ${first?.batch} has ${first?.size} services${others}: one cutover window for more services than a team can watch. Cap the batches: --batch-cap ${REVIEW_LIMITS.batchSize}.`;
    }
    case 'long-plan':
      return longSentence(w);
  }
}
