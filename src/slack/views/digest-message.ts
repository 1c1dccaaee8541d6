// The daily digest in Slack: one short channel message a stakeholder can read in ten seconds, and
// thread replies holding the long lists, split so every reply stays inside Block Kit's limits
// (50 blocks, 3,000 characters a section, about 12,000 characters of block text a message) however
// many services the migration has. Times use Slack date tokens, so each reader sees their own zone.

import type { KnownBlock } from '@slack/types';
import type { DigestEventInput, DigestModel, DigestWarning } from '../../domain/digest.ts';
import { digestHeadline, openStepCount } from '../../domain/digest-summary.ts';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import type { ServiceState } from '../../domain/model.ts';
import { plural } from '../../domain/words.ts';
import type { Message } from '../effect.ts';
import { escapeInline, escapeMrkdwn, truncate } from '../escape.ts';
import { mentionUser, slackDate } from '../format.ts';

/** What one message may hold; the text budget leaves a margin under Slack's undocumented ~13.2k. */
export const DIGEST_LIMITS = {
  blocksPerMessage: 50,
  sectionChars: 2_700,
  messageChars: 11_000,
  headerChars: 150,
} as const;

/** Channel-message warnings shown before "and more in the thread". */
const TOP_WARNINGS = 5;
/** Names listed inline before "and N more". */
const INLINE_NAMES = 5;

const day = (date: Date) => slackDate(date, '{date_short_pretty}');
const when = (date: Date) => slackDate(date);

export function digestMessage(model: DigestModel): Message {
  const { progress, forecast, warnings } = model;
  const blocks: KnownBlock[] = [
    header(`Migration digest: ${model.migration.name}`),
    section(`*${digestHeadline(model, day)}*`),
    section(
      `\`${progress.bar}\` ${progress.percent}%\n` +
        `*${progress.done}* done · *${progress.inFlight}* in flight · *${progress.planned}* planned · *${progress.rolledBack}* rolled back`,
    ),
  ];
  if (warnings.length > 0) {
    const shown = warnings.slice(0, TOP_WARNINGS).map((w) => `• ${warningSummary(w)}`);
    if (warnings.length > TOP_WARNINGS) shown.push(`…and ${warnings.length - TOP_WARNINGS} more in the thread`);
    blocks.push(section(`*Needs attention*\n${shown.join('\n')}`));
  }
  if (forecast.outlook !== 'done') {
    const plan = forecast.plannedFinish === null ? 'no plan yet' : `the plan says ${day(forecast.plannedFinish)}`;
    blocks.push(
      section(`*Projected finish*: likely ${day(forecast.likely)}, pessimistic ${day(forecast.pessimistic)}; ${plan}.`),
      context(escapeMrkdwn(forecast.basis)),
    );
  }
  blocks.push(context(footer(model)));
  return {
    text: truncate(`Migration digest for ${escapeMrkdwn(model.migration.name)}: ${digestHeadline(model)}`, 3000),
    blocks,
  };
}

/** The long lists as thread replies, as many as they need; empty when there is nothing to list. */
export function digestThread(model: DigestModel): Message[] {
  const sections = threadSections(model).filter((s) => s.lines.length > 0);
  const pages: { titles: string[]; blocks: KnownBlock[] }[] = [];
  let page = { titles: [] as string[], blocks: [] as KnownBlock[] };
  let chars = 0;
  const flush = () => {
    if (page.blocks.length > 0) pages.push(page);
    page = { titles: [], blocks: [] };
    chars = 0;
  };
  for (const { title, lines } of sections) {
    packLines(lines, DIGEST_LIMITS.sectionChars).forEach((chunk, i) => {
      const headerFor = () => truncate(i === 0 ? title : `${title} (continued)`, DIGEST_LIMITS.headerChars);
      let heading = i === 0 || page.blocks.length === 0 ? headerFor() : null;
      const fits = () =>
        page.blocks.length + (heading === null ? 1 : 2) <= DIGEST_LIMITS.blocksPerMessage &&
        chars + chunk.length + (heading?.length ?? 0) <= DIGEST_LIMITS.messageChars;
      if (!fits()) {
        flush();
        heading = headerFor();
      }
      if (heading !== null) {
        page.blocks.push(header(heading));
        page.titles.push(heading);
        chars += heading.length;
      }
      page.blocks.push(section(chunk));
      chars += chunk.length;
    });
  }
  flush();
  const name = escapeMrkdwn(model.migration.name);
  return pages.map((p, i) => ({
    text: truncate(`Digest for ${name} (${i + 1}/${pages.length}): ${p.titles.join(', ')}`, 3000),
    blocks: p.blocks,
  }));
}

interface ThreadSection {
  readonly title: string;
  readonly lines: readonly string[];
}

function threadSections(model: DigestModel): ThreadSection[] {
  const steps = openStepCount(model);
  return [
    {
      title: `Changes since ${model.since === null ? 'the start' : 'the last digest'} (${model.changes.length})`,
      lines: model.changes.map(changeLine),
    },
    {
      title: `Open runbook steps (${steps})`,
      lines: model.runbook.flatMap((group) => [
        `*${person(group.owner)}* · ${plural(group.steps.length, 'step')}`,
        ...group.steps.map(
          (s) => `    • ${name(s.service)} (${clip(s.phase, 40)}): ${clip(s.text, 400, escapeMrkdwn)}`,
        ),
      ]),
    },
    {
      title: `Monitoring windows ending today (${model.monitoringEndingToday.length})`,
      lines: model.monitoringEndingToday.map((m) => `• ${name(m.service)} ends ${when(m.endsAt)} · ${person(m.owner)}`),
    },
    {
      title: `Cutovers waiting for approval (${model.approvals.length})`,
      lines: model.approvals.map((a) => {
        const link = isSafeUrl(a.permalink) ? ` · <${a.permalink}|open the request>` : '';
        return `• ${names(a.services)}, waiting since ${when(a.requestedAt)}${link}`;
      }),
    },
    { title: `Needs attention (${model.warnings.length})`, lines: model.warnings.flatMap(warningDetail) },
  ];
}

function footer(model: DigestModel): string {
  const steps = openStepCount(model);
  const listed = [
    model.changes.length > 0 ? plural(model.changes.length, 'change') : '',
    steps > 0 ? `${plural(steps, 'open runbook step')} for ${plural(model.runbook.length, 'owner')}` : '',
    model.monitoringEndingToday.length > 0
      ? `${plural(model.monitoringEndingToday.length, 'monitoring window')} ending today`
      : '',
    model.approvals.length > 0 ? `${plural(model.approvals.length, 'cutover')} waiting for approval` : '',
    model.warnings.length > 0 ? 'the details of every warning' : '',
  ].filter((item) => item !== '');
  const { from, to, strategy } = model.migration;
  const route = from !== null && to !== null ? `${clip(from, 60)} → ${clip(to, 60)} · ` : '';
  const thread = listed.length > 0 ? `In the thread: ${listed.join(' · ')}` : 'Nothing else to list today';
  const since = model.since === null ? '' : ` · changes since ${when(model.since)}`;
  return `${route}${strategy}${since}\n${thread}`;
}

function changeLine(e: DigestEventInput): string {
  const who = e.actor === null ? 'migrate-bot' : person(e.actor);
  const service = e.service === null ? 'a service' : name(e.service);
  const why = e.reason === null || e.reason.trim() === '' ? '' : `: ${clip(e.reason, 300, escapeMrkdwn)}`;
  const lead = `• ${when(e.at)} ${who}`;
  switch (e.action) {
    case 'transition':
      return `${lead} moved ${service} from _${state(e.from)}_ to _${state(e.to)}_${why}`;
    case 'approval':
      return `${lead} approved the cutover of ${service}${why}`;
    case 'rollback':
      return `${lead} rolled back ${service}${e.from === null ? '' : ` from _${state(e.from)}_`}${why}`;
    case 'dependency_added':
      return `${lead} found a dependency: ${name(e.from ?? e.service ?? '?')} depends on ${name(e.to ?? '?')}${why}`;
    case 'replanned': {
      const change = e.from !== null && e.to !== null ? ` (${clip(e.from, 40)} → ${clip(e.to, 40)})` : '';
      return `${lead} re-planned the remaining services${change}${why}`;
    }
  }
}

function warningSummary(w: DigestWarning): string {
  switch (w.kind) {
    case 'rollbacks':
      return `:rewind: ${plural(w.rollbacks.length, 'rollback')} in the last day: ${names(w.rollbacks.map((r) => r.service))}`;
    case 'stuck': {
      const longest = w.services[0];
      const tail = longest === undefined ? '' : `; longest: ${name(longest.service)}, ${plural(longest.days, 'day')}`;
      return `:hourglass: ${plural(w.services.length, 'service')} in _${STATE_LABELS[w.state]}_ for more than ${plural(w.thresholdDays, 'day')}${tail}`;
    }
    case 'plan_outdated':
      return `:world_map: The dependency graph changed ${day(w.graphChangedAt)}, after the plan was made ${day(w.planCreatedAt)}: re-plan so the order accounts for it`;
    case 'fatigue':
      return (
        `:battery: The last ${w.sample} services took ${round1(w.averageCycleDays)} days each on average, ` +
        `more than the planned ${round1(w.plannedCycleDays)} (${round1(w.plannedWorkingDays)} working days). ` +
        'Automating validation and moving a few services together later can help'
      );
  }
}

function warningDetail(w: DigestWarning): string[] {
  // Not bolded: the summary already bolds service names, and Slack does not nest bold.
  const title = warningSummary(w);
  switch (w.kind) {
    case 'rollbacks':
      return [
        title,
        ...w.rollbacks.map((r) => {
          const why = r.reason === null ? '' : `: ${clip(r.reason, 300, escapeMrkdwn)}`;
          return `    • ${name(r.service)} ${when(r.at)}${why}`;
        }),
      ];
    case 'stuck':
      return [
        title,
        ...w.services.map(
          (s) => `    • ${name(s.service)}: ${plural(s.days, 'day')}, since ${day(s.since)} · ${person(s.owner)}`,
        ),
      ];
    default:
      return [title];
  }
}

/** Lines joined into texts of at most `max` characters, never splitting a line. */
function packLines(lines: readonly string[], max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max); // lines are clipped far below this; a guard, not a format
    if (current !== '' && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

/** Escapes, then cuts to `max` characters without breaking an escape sequence. */
function clip(raw: string, max: number, escapeChar: (s: string) => string = escapeInline): string {
  let out = '';
  for (const ch of raw) {
    const escaped = escapeChar(ch);
    if (out.length + escaped.length > max - 1) return `${out}…`;
    out += escaped;
  }
  return out;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** A Slack user id becomes a mention; a team name stays text. */
function person(who: string | null): string {
  if (who === null || who.trim() === '') return '_no owner_';
  return SLACK_USER_ID.test(who) ? mentionUser(who) : clip(who, 80);
}

function name(service: string): string {
  return `*${clip(service, 100)}*`;
}

function names(services: readonly string[]): string {
  const shown = services.slice(0, INLINE_NAMES).map(name).join(', ');
  return services.length > INLINE_NAMES ? `${shown} and ${services.length - INLINE_NAMES} more` : shown;
}

function state(value: string | null): string {
  if (value === null) return '?';
  return Object.hasOwn(STATE_LABELS, value) ? STATE_LABELS[value as ServiceState] : clip(value, 40);
}

function isSafeUrl(url: string | null): url is string {
  return url !== null && url.length <= 2000 && /^https:\/\/[^\s<>|]+$/.test(url);
}

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, DIGEST_LIMITS.headerChars) } };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
