// The plan as posted: the summary and the three-way comparison in the channel, the full numbered
// list in thread replies (so it fits Slack's limits at any size).

import type { KnownBlock } from '@slack/types';
import type { EstimateComparison, EstimateInput } from '../../domain/estimates.ts';
import { groupWords } from '../../domain/graph-group-reasons.ts';
import type { Strategy } from '../../domain/model.ts';
import type { PlanChange } from '../../domain/plan-changes.ts';
import type { PlanWarning } from '../../domain/plan-review.ts';
import { type ReviewVoice, warningSentence } from '../../domain/plan-review-words.ts';
import type { Plan, PlanEntry } from '../../domain/planner.ts';
import { dollars, grouped, plural } from '../../domain/words.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, escapeMrkdwn, truncate } from '../escape.ts';
import { mentionUser } from '../format.ts';
import { firstOf, linesToMessages } from './paginate.ts';
import { settingFigureText } from './setting-words.ts';

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
    lines.push(`*Sequential track*: ${plural(plan.stepCount, 'step')}. First: ${first.join('; ')}`);
  }
  if (plan.batchCount > 0) {
    const sizes = new Map<number, number>();
    for (const e of plan.entries) if (e.batch !== null) sizes.set(e.batch, (sizes.get(e.batch) ?? 0) + 1);
    const list = [...sizes.entries()].map(([b, n]) => `${b}: ${n}`);
    lines.push(`*Parallel batches*: ${plan.batchCount} (services per batch ${firstOf(list, 12)})`);
  }
  const groups = groupsOf(plan);
  if (groups.length > 0) {
    const list = groups.map((g) => `${escapeMrkdwn(g.name)} (${escapeMrkdwn(g.reason)})`);
    lines.push(`*Move together*: ${GROUP_MEANING} ${firstOf(list, 5, '; ')}. Each group's members are in the thread.`);
  }
  return lines;
}

/** Said once, where the groups are first listed; each service's line then only names its group. */
const GROUP_MEANING = 'services tied by a dependency cycle or a shared database cut over as one group, in one step:';

interface GroupView {
  readonly name: string;
  readonly reason: string;
  readonly members: readonly string[];
}

/**
 * The plan's groups from its entries, in plan order. A stored plan keeps no group list, only each
 * service's group by its reason, so the entries are the one source both a new and a stored plan have.
 */
function groupsOf(plan: Plan): GroupView[] {
  const reasons = new Map(plan.groups.map((g) => [g.id, g.reason]));
  const members = new Map<string, string[]>();
  for (const e of plan.entries) {
    if (e.groupId === null) continue;
    const list = members.get(e.groupId);
    if (list) list.push(e.service);
    else members.set(e.groupId, [e.service]);
  }
  return [...members].map(([id, names]) => ({
    name: groupWords(names),
    reason: reasons.get(id) ?? id,
    members: [...names].sort(),
  }));
}

const MAX_GROUP_NAMES = 40;

function groupLines(plan: Plan): string[] {
  return groupsOf(plan).map(
    (g) =>
      `*The ${escapeMrkdwn(g.name)}* move as one: ${escapeMrkdwn(g.reason)}. Members: ${firstOf(g.members.map(escapeInline), MAX_GROUP_NAMES)}.`,
  );
}

const undepend = (from: string, to: string) => `\`/migrate undepend ${escapeCode(from)} on ${escapeCode(to)}\``;

const SLACK_VOICE: ReviewVoice = {
  strong: (text) => `*${escapeMrkdwn(text)}*`,
  name: escapeInline,
  remove: (calls) =>
    calls === null
      ? `remove each with ${undepend('<a>', '<b>')}`
      : `remove ${calls.length === 1 ? 'it' : 'them'}: ${calls.map((c) => undepend(c.from, c.to)).join(', ')}`,
  removeSharedDb: () => `remove that dependency with ${undepend('<service>', '<database>')}`,
  capBatches: (n) => `\`/migrate set batch-cap ${n}\`, then \`/migrate plan\``,
  plan: (strategy) => `\`/migrate plan ${strategy}\``,
  setting: (key) => `\`/migrate set ${key} N\``,
};

/** One warning in the channel's words, with the command that addresses it. */
export function warningText(w: PlanWarning): string {
  return warningSentence(w, SLACK_VOICE);
}

/** Whose figures the inputs are, said once rather than after each. */
function sourcesText(inputs: readonly EstimateInput[]): string {
  const team = inputs.filter((i) => i.source === 'team').map((i) => `\`${escapeCode(i.key)}\``);
  if (team.length === 0) return "All are the guide's defaults.";
  if (team.length === inputs.length) return "All are your team's figures.";
  return `Your team set ${team.join(', ')}; the rest are the guide's defaults.`;
}

export function comparisonBlocks(comparison: EstimateComparison, current: Strategy): KnownBlock[] {
  const fields = comparison.estimates.map((e) => ({
    type: 'mrkdwn' as const,
    text: `*${e.strategy}${e.strategy === current ? ' (chosen)' : ''}*\n${e.calendarWeeks} weeks (${e.calendarMonths} months)\n${grouped(e.engineerHours)} engineer-hours\n${dollars(e.dualRunningCost)} dual-running`,
  }));
  const inputs = comparison.inputs.map((i) => settingFigureText(i.key, i.value)).join(' · ');
  return [
    { type: 'section', text: { type: 'mrkdwn', text: '*Estimates side by side*' }, fields },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `Inputs: ${inputs}. ${sourcesText(comparison.inputs)} ${plural(comparison.servicesWithOwnEffort, 'service')} ${comparison.servicesWithOwnEffort === 1 ? 'carries its' : 'carry their'} own effort figure. Change a figure with \`/migrate set <key> <value>\`; the formulas are in the thread.`,
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
    `${plural(plan.entries.length, 'service')} to move${v.startedCount ? ` (${plural(v.startedCount, 'service')} already under way ${v.startedCount === 1 ? 'is' : 'are'} not re-planned)` : ''}.`,
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
    elements: [{ type: 'mrkdwn', text: `Planned by ${mentionUser(v.by)}. The full numbered list is in the thread.` }],
  });
  return {
    text: `Plan v${v.version} for ${escapeInline(v.migrationName)}: ${plural(plan.entries.length, 'service')}, ${plan.strategy}`,
    blocks,
  };
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
    ...linesToMessages(`Plan v${v.version}, the groups that move as one`, groupLines(v.plan)),
    ...linesToMessages(`Plan v${v.version}, every service`, lines),
    ...linesToMessages(`Plan v${v.version}, how the estimates are made`, formulas),
  ];
}
