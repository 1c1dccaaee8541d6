// The plan as posted: the summary and the three-way comparison in the channel, the full numbered
// list in thread replies (so it fits Slack's limits at any size).
import type { KnownBlock } from '@slack/types';
import type { EstimateComparison } from '../../domain/estimates.ts';
import type { Strategy } from '../../domain/model.ts';
import type { PlanChange } from '../../domain/plan-changes.ts';
import {
  durationWords,
  type LargeGroup,
  type LongPlan,
  type PlanWarning,
  REVIEW_LIMITS,
} from '../../domain/plan-review.ts';
import type { Plan, PlanEntry } from '../../domain/planner.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, escapeMrkdwn, truncate } from '../escape.ts';
import { firstOf, linesToMessages } from './paginate.ts';

export interface PlanView {
  readonly migrationName: string;
  readonly version: number;
  readonly plan: Plan;
  readonly comparison: EstimateComparison;
  readonly changes: readonly PlanChange[];
  readonly previousVersion: number | null;
  readonly startedCount: number;
  /** The plan review's findings, each posted with what to do. */
  readonly warnings: readonly PlanWarning[];
  /** Owner display per service: a mention or escaped team text. */
  readonly owners: ReadonlyMap<string, string>;
  readonly by: string;
}

const STRATEGY_LABEL: Record<Strategy, string> = {
  sequential: 'Sequential: one service at a time',
  parallel: 'Parallel batches',
  hybrid: 'Hybrid: core services one at a time, the rest in batches',
};

function slot(e: PlanEntry): string {
  return e.step !== null ? `step ${e.step}` : `batch ${e.batch}`;
}

function overview(plan: Plan): string[] {
  const lines: string[] = [];
  if (plan.stepCount > 0) {
    const steps = plan.entries.filter((e) => e.step !== null);
    const first = [...new Set(steps.map((e) => e.step))].slice(0, 5).map((s) => {
      const names = steps.filter((e) => e.step === s).map((e) => `*${escapeInline(e.service)}*`);
      return `${s}. ${firstOf(names, 4)}`;
    });
    lines.push(`*Sequential track*: ${plan.stepCount} step(s). First: ${first.join('; ')}`);
  }
  if (plan.batchCount > 0) {
    const sizes = new Map<number, number>();
    for (const e of plan.entries) if (e.batch !== null) sizes.set(e.batch, (sizes.get(e.batch) ?? 0) + 1);
    const list = [...sizes.entries()].map(([b, n]) => `${b}: ${n}`);
    lines.push(`*Parallel batches*: ${plan.batchCount} (services per batch ${firstOf(list, 12)})`);
  }
  if (plan.groups.length > 0) {
    const groups = plan.groups.map((g) => `${escapeMrkdwn(g.reason)} (${firstOf(g.members.map(escapeInline), 5)})`);
    lines.push(`*Move together*: ${firstOf(groups, 5, '; ')}`);
  }
  return lines;
}

const calls = (n: number) => `${n} ${n === 1 ? 'call' : 'calls'}`;
const undepend = (from: string, to: string) => `\`/migrate undepend ${escapeCode(from)} on ${escapeCode(to)}\``;

function groupText(w: LargeGroup): string {
  const cycle = w.cycleSize === w.size ? 'a dependency cycle' : `a dependency cycle through ${w.cycleSize} of them`;
  const head = `*${w.groupId}: ${w.size} services move as one* (${w.cycleSize > 0 ? cycle : 'they share a database'}), in one step with one rollback for all of them. The plan review flags groups over ${w.limit}.`;
  const split = w.split;
  if (!split) {
    return `${head} If some of them do not really share the database, remove that dependency: ${undepend('<service>', '<database>')}.`;
  }
  if (split.calls.length === 0) {
    return `${head} None of the dependencies on the loop were traced, so there are no calls to suggest: ask its teams which one is not needed and remove it with ${undepend('<a>', '<b>')}.`;
  }
  const list = split.calls
    .map((c) => `${escapeInline(c.from)} → ${escapeInline(c.to)} (${calls(c.callCount)})`)
    .join(', ');
  if (!split.splits) {
    return `${head} Even without its ${split.calls.length} least-used traced calls (${list}) it stays one group: ask its teams which dependencies on the loop are not real, and remove them with ${undepend('<a>', '<b>')}.`;
  }
  const one = split.calls.length === 1;
  const left = split.largestPart > 1 ? `the largest group left has ${split.largestPart} services` : 'no loop is left';
  return `${head} Check ${one ? 'this traced call' : 'these traced calls'}, chosen among the least used on the loop: ${list}. Without ${one ? 'it' : 'them'}, ${left}. If ${one ? 'it is not a real dependency' : 'they are not real dependencies'}: ${split.calls.map((c) => undepend(c.from, c.to)).join(', ')}.`;
}

function longText(w: LongPlan): string {
  const faster = w.faster.map((f) => `${f.strategy} about ${durationWords(f.months)}`);
  const still = w.faster.every((f) => f.months > w.limitMonths) ? `, still over ${durationWords(w.limitMonths)}` : '';
  const switchTo = w.faster[0]
    ? ` Faster: ${faster.join(', ')}${still}. \`/migrate plan ${w.faster[0].strategy}\` switches to the shortest.`
    : '';
  const effort =
    w.effortDays?.source === 'guide default'
      ? ` The estimate uses the guide's ${w.effortDays.value} days of effort per service: \`/migrate set effort-days N\` gives it your team's figure.`
      : '';
  return `*This plan takes about ${durationWords(w.months)}* (${w.months} months) by the estimate, past the ${durationWords(w.limitMonths)} a plan stays realistic over.${switchTo}${effort}`;
}

/** One warning in the channel's words, with the command that addresses it. */
export function warningText(w: PlanWarning): string {
  switch (w.kind) {
    case 'large-group':
      return groupText(w);
    case 'group-over-cap':
      return `${w.groupId} has ${w.size} services, more than the batch cap of ${w.batchCap}: they share one batch.`;
    case 'large-batches': {
      const [first, ...rest] = w.batches;
      const shown = rest.slice(0, 4).map((b) => `batch ${b.batch}: ${b.size}`);
      if (rest.length > shown.length) shown.push(`${rest.length - shown.length} more`);
      const others = shown.length > 0 ? ` (also over ${w.limit}: ${shown.join(', ')})` : '';
      return `*Batch ${first?.batch} has ${first?.size} services*${others}: one cutover window for more services than a team can watch. Cap the batches, then re-plan: \`/migrate set batch-cap ${REVIEW_LIMITS.batchSize}\`, then \`/migrate plan\`.`;
    }
    case 'long-plan':
      return longText(w);
  }
}

function money(n: number): string {
  return `$${Math.round(n).toLocaleString('en-US')}`;
}

export function comparisonBlocks(comparison: EstimateComparison, current: Strategy): KnownBlock[] {
  const fields = comparison.estimates.map((e) => ({
    type: 'mrkdwn' as const,
    text: `*${e.strategy}${e.strategy === current ? ' (chosen)' : ''}*\n${e.calendarWeeks} weeks (${e.calendarMonths} months)\n${e.engineerHours.toLocaleString('en-US')} engineer-hours\n${money(e.dualRunningCost)} dual-running`,
  }));
  const inputs = comparison.inputs.map((i) => `${i.key} ${i.value} ${i.unit} (${i.source})`).join(' · ');
  return [
    { type: 'section', text: { type: 'mrkdwn', text: '*Estimates side by side*' }, fields },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `Inputs: ${inputs}. ${comparison.servicesWithOwnEffort} service(s) carry their own effort figure. Change a figure with \`/migrate set <key> <value>\`; the formulas are in the thread.`,
            2900,
          ),
        },
      ],
    },
  ];
}

export function planMessage(v: PlanView): Message {
  const { plan } = v;
  const header = `Plan v${v.version} for ${v.migrationName}`;
  const summary = [
    `*${STRATEGY_LABEL[plan.strategy]}*, ${plan.direction === 'leaf-first' ? 'leaf services first, moving in to the core' : 'providers first, consumers after'}.`,
    `${plan.entries.length} service(s) to move${v.startedCount ? ` (${v.startedCount} already under way are not re-planned)` : ''}.`,
  ].join(' ');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(header, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: summary } },
  ];
  const lines = overview(plan);
  if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } });
  if (v.previousVersion !== null) {
    const changed = v.changes.length
      ? `*Since v${v.previousVersion}*: ${firstOf(
          v.changes.map((c) => escapeMrkdwn(c.text)),
          10,
          '; ',
        )}`
      : `*Since v${v.previousVersion}*: no service changed place.`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(changed, 3000) } });
  }
  for (const w of v.warnings) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`:warning: ${warningText(w)}`, 3000) } });
  }
  blocks.push(...comparisonBlocks(v.comparison, plan.strategy));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Planned by <@${v.by}>. The full numbered list is in the thread.` }],
  });
  return { text: `${header}: ${plan.entries.length} services, ${plan.strategy}`, blocks };
}

export function planThread(v: PlanView): Message[] {
  const lines = v.plan.entries.map((e) => {
    const owner = v.owners.get(e.service);
    return `${e.position}. ${slot(e)} · *${escapeInline(e.service)}*${owner ? ` · ${owner}` : ''} · ${e.track} · blast radius ${e.blastRadius} · ${escapeMrkdwn(e.reason)}`;
  });
  const formulas = v.comparison.estimates.flatMap((e) => [
    `*${e.strategy}* calendar: ${e.formulas.calendar}`,
    `*${e.strategy}* engineer-hours: ${e.formulas.engineerHours}`,
    `*${e.strategy}* dual-running: ${e.formulas.dualRunningCost}`,
  ]);
  return [
    ...linesToMessages(`Plan v${v.version}, every service`, lines),
    ...linesToMessages(`Plan v${v.version}, how the estimates are made`, formulas),
  ];
}
