// The daily digest in Slack: one short channel message a stakeholder can read in ten seconds, and
// thread replies holding the long lists, split so every reply stays inside Block Kit's limits
// (50 blocks, 3,000 characters a section, about 12,000 characters of block text a message) however
// many services the migration has. Times use Slack date tokens, so each reader sees their own zone.

import type { KnownBlock } from '@slack/types';
import type { DigestEventInput, DigestModel, DigestWarning } from '../../domain/digest.ts';
import { digestHeadline, openStepCount } from '../../domain/digest-summary.ts';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import type { ServiceState } from '../../domain/model.ts';
import { grouped, plural } from '../../domain/words.ts';
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
/** Counts in headings read like the counts in sentences: 3,660, not 3660. */

/** The channel message; `maxParts` as given to digestThread, so the footer promises what the thread holds. */
export function digestMessage(model: DigestModel, maxParts: number = DIGEST_THREAD_PARTS): Message {
  const { progress, forecast, warnings } = model;
  const layout = threadLayout(model, maxParts);
  const blocks: KnownBlock[] = [
    header(`Migration digest: ${model.migration.name}`),
    section(`*${digestHeadline(model, day)}*`),
  ];
  if (forecast.outlook === 'no_services') {
    // Nothing to count or project: the headline says how to begin.
    blocks.push(context(footer(model, layout)));
    return {
      text: truncate(`Migration digest for ${escapeMrkdwn(model.migration.name)}: ${digestHeadline(model)}`, 3000),
      blocks,
    };
  }
  blocks.push(
    section(
      `\`${progress.bar}\` ${progress.percent}%\n` +
        `*${progress.done}* done · *${progress.inFlight}* in flight · *${progress.planned}* planned · *${progress.rolledBack}* rolled back`,
    ),
  );
  if (warnings.length > 0) {
    const shown = warnings.slice(0, TOP_WARNINGS).map((w) => `• ${warningSummary(w)}`);
    const inThread = layout.shown.warnings >= warnings.length ? ' in the thread' : '';
    if (warnings.length > TOP_WARNINGS) shown.push(`…and ${warnings.length - TOP_WARNINGS} more${inThread}`);
    blocks.push(section(`*Needs attention*\n${shown.join('\n')}`));
  }
  if (forecast.outlook !== 'done') {
    const planned = forecast.plannedFinish;
    const plan =
      planned === null
        ? 'no plan yet'
        : forecast.planPassed
          ? `the plan said ${day(planned)}, which has passed`
          : `the plan says ${day(planned)}`;
    blocks.push(
      section(`*Projected finish*: likely ${day(forecast.likely)}, pessimistic ${day(forecast.pessimistic)}; ${plan}.`),
      context(escapeMrkdwn(forecast.basis)),
    );
  }
  blocks.push(context(footer(model, layout)));
  return {
    text: truncate(`Migration digest for ${escapeMrkdwn(model.migration.name)}: ${digestHeadline(model)}`, 3000),
    blocks,
  };
}

/**
 * Thread replies at most; services/digest.ts posts no more than this, so the cut is made here,
 * where the summary can say what the thread holds.
 */
export const DIGEST_THREAD_PARTS = 12;
/** Room kept on the last reply for the line that says where the rest is. */
const POINTER_CHARS = 300;
const WHERE_THE_REST_IS =
  '`/migrate export` has every service and change, `/migrate runbook <service>` each service’s steps.';
const POINTER = `The thread stops here to keep the channel quiet. ${WHERE_THE_REST_IS}`;

/** The long lists as thread replies, at most `maxParts`; empty when there is nothing to list. */
export function digestThread(model: DigestModel, maxParts: number = DIGEST_THREAD_PARTS): Message[] {
  return threadLayout(model, maxParts).parts;
}

type SectionKey = 'approvals' | 'monitoring' | 'warnings' | 'steps' | 'changes';

interface ThreadLine {
  readonly text: string;
  /** How many listed things the line completes (0 for an owner's heading). */
  readonly items: number;
}

interface ThreadSection {
  readonly key: SectionKey;
  readonly title: string;
  readonly lines: readonly ThreadLine[];
}

interface ThreadLayout {
  readonly parts: Message[];
  /** Listed things each section got into the thread. */
  readonly shown: Readonly<Record<SectionKey, number>>;
  /** Something was left out. */
  readonly cut: boolean;
}

/**
 * Fills replies section by section, what needs action first, line by line, within Block Kit's
 * limits; stops at `maxParts` replies and ends the last with where the rest is.
 */
function threadLayout(model: DigestModel, maxParts: number): ThreadLayout {
  const shown: Record<SectionKey, number> = { approvals: 0, monitoring: 0, warnings: 0, steps: 0, changes: 0 };
  const pages: { titles: string[]; blocks: KnownBlock[] }[] = [];
  let page = { titles: [] as string[], blocks: [] as KnownBlock[] };
  let chars = 0;
  let open = '';
  let cut = false;
  const closeSection = () => {
    if (open !== '') page.blocks.push(section(open));
    open = '';
  };
  sections: for (const { key, title, lines } of threadSections(model)) {
    let headed = false;
    let placed = false;
    for (const raw of lines) {
      const line = truncate(raw.text, DIGEST_LIMITS.sectionChars); // lines are clipped far below this; a guard
      if (open !== '' && open.length + 1 + line.length > DIGEST_LIMITS.sectionChars) closeSection();
      const heading = () => truncate(placed ? `${title} (continued)` : title, DIGEST_LIMITS.headerChars);
      const blocks = page.blocks.length + (headed ? 0 : 1) + 1;
      const text = chars + (open === '' ? 0 : 1) + line.length + (headed ? 0 : heading().length);
      const last = pages.length === maxParts - 1;
      const full =
        blocks > DIGEST_LIMITS.blocksPerMessage - (last ? 1 : 0) ||
        text > DIGEST_LIMITS.messageChars - (last ? POINTER_CHARS : 0);
      if (full && (page.blocks.length > 0 || open !== '')) {
        closeSection();
        pages.push(page);
        page = { titles: [], blocks: [] };
        chars = 0;
        if (pages.length >= maxParts) {
          cut = true;
          break sections;
        }
        headed = false;
      }
      if (!headed) {
        closeSection();
        const h = heading();
        page.blocks.push(header(h));
        page.titles.push(h);
        chars += h.length;
        headed = true;
      }
      chars += (open === '' ? 0 : 1) + line.length;
      open = open === '' ? line : `${open}\n${line}`;
      shown[key] += raw.items;
      placed = true;
    }
    closeSection();
  }
  closeSection();
  if (page.blocks.length > 0) pages.push(page);
  const last = pages.at(-1);
  if (cut && last !== undefined) last.blocks.push(context(POINTER));
  const name = escapeMrkdwn(model.migration.name);
  const parts = pages.map((p, i) => ({
    text: truncate(`Digest for ${name} (${i + 1}/${pages.length}): ${p.titles.join(', ')}`, 3000),
    blocks: p.blocks,
  }));
  return { parts, shown, cut };
}

const one = (text: string): ThreadLine => ({ text, items: 1 });

function threadSections(model: DigestModel): ThreadSection[] {
  return [
    {
      key: 'approvals',
      title: `Cutovers waiting for approval (${grouped(model.approvals.length)})`,
      lines: model.approvals.map((a) => {
        const link = isSafeUrl(a.permalink) ? ` · <${a.permalink}|open the request>` : '';
        return one(`• ${names(a.services)}, waiting since ${when(a.requestedAt)}${link}`);
      }),
    },
    {
      key: 'monitoring',
      title: `Monitoring windows ending today (${grouped(model.monitoringEndingToday.length)})`,
      lines: model.monitoringEndingToday.map((m) =>
        one(`• ${name(m.service)} ends ${when(m.endsAt)} · ${person(m.owner)}`),
      ),
    },
    {
      key: 'warnings',
      title: `Needs attention (${grouped(model.warnings.length)})`,
      // A warning counts as shown once its last detail line is.
      lines: model.warnings.flatMap((w) =>
        warningDetail(w).map((text, i, all) => ({ text, items: i === all.length - 1 ? 1 : 0 })),
      ),
    },
    {
      key: 'steps',
      title: `Runbook steps due now (${grouped(openStepCount(model))})`,
      lines: model.runbook.flatMap((group) => [
        { text: ownerHeading(group.owner, group.steps.length), items: 0 },
        ...group.steps.map((s) =>
          one(`    • ${name(s.service)} (${clip(s.phase, 40)}): ${clip(s.text, 400, escapeMrkdwn)}`),
        ),
      ]),
    },
    {
      key: 'changes',
      title: `Changes since ${model.since === null ? 'the start' : 'the last digest'} (${grouped(model.changes.length)})`,
      lines: model.changes.map((e) => one(changeLine(e))),
    },
  ];
}

const NAME_AN_OWNER = 'name one with `owner:` in the graph file and `/migrate import` it again';

function ownerHeading(owner: string | null, steps: number): string {
  return owner === null
    ? `*No owner named* · ${plural(steps, 'step')}: these wait on the leads to ${NAME_AN_OWNER}`
    : `*${person(owner)}* · ${plural(steps, 'step')}`;
}

/** One list as the footer names it: all of it, its first part, or (left) none of it. */
interface Listed {
  readonly shown: number;
  readonly total: number;
  readonly what: string;
  /** How to say it when all of it is there, if not `what`. */
  readonly all?: string;
}

function footer(model: DigestModel, layout: ThreadLayout): string {
  const { shown } = layout;
  const steps = openStepCount(model);
  const unowned = model.runbook.find((g) => g.owner === null)?.steps.length ?? 0;
  const owners = model.runbook.filter((g) => g.owner !== null).length;
  const whose =
    unowned === 0
      ? ` for ${plural(owners, 'owner')}`
      : unowned === steps
        ? ', none with an owner named'
        : ` for ${plural(owners, 'owner')}, ${grouped(unowned)} with no owner named`;
  const { approvals, monitoringEndingToday: ending, warnings, changes } = model;
  const lists: Listed[] = [
    {
      shown: shown.approvals,
      total: approvals.length,
      what: `${plural(approvals.length, 'cutover')} waiting for approval`,
    },
    {
      shown: shown.monitoring,
      total: ending.length,
      what: `${plural(ending.length, 'monitoring window')} ending today`,
    },
    {
      shown: shown.warnings,
      total: warnings.length,
      what: `the details of ${plural(warnings.length, 'warning')}`,
      all: 'the details of every warning',
    },
    { shown: shown.steps, total: steps, what: `${plural(steps, 'runbook step')} due now${whose}` },
    { shown: shown.changes, total: changes.length, what: plural(changes.length, 'change') },
  ].filter((l) => l.total > 0);
  const held = lists
    .filter((l) => l.shown > 0)
    .map((l) => (l.shown >= l.total ? (l.all ?? l.what) : `the first ${grouped(l.shown)} of ${l.what}`));
  const left = lists.filter((l) => l.shown === 0).map((l) => l.what);
  const { from, to, strategy } = model.migration;
  const route = from !== null && to !== null ? `${clip(from, 60)} → ${clip(to, 60)} · ` : '';
  const thread = held.length > 0 ? `In the thread: ${held.join(' · ')}` : 'Nothing else to list today';
  const rest = !layout.cut
    ? ''
    : left.length > 0
      ? `\nNot in the thread, to keep the channel quiet: ${left.join(' · ')}. ${WHERE_THE_REST_IS}`
      : `\nThe rest: ${WHERE_THE_REST_IS}`;
  const since = model.since === null ? '' : ` · changes since ${when(model.since)}`;
  return `${route}${strategy}${since}\n${thread}${rest}`;
}

function changeLine(e: DigestEventInput): string {
  const who = e.actor === null ? 'migrate-bot' : person(e.actor);
  const service = e.service === null ? 'a service' : name(e.service);
  const why = e.reason === null || e.reason.trim() === '' ? '' : `: ${clip(e.reason, 300, escapeMrkdwn)}`;
  const lead = `• ${when(e.at)} ${who}`;
  switch (e.action) {
    case 'transition':
      return `${lead} moved ${service} from _${state(e.from)}_ to _${state(e.to)}_${why}`;
    case 'approval_requested':
      return `${lead} asked for approval to cut over ${approvalTarget(e)}`;
    case 'approved':
      return `${lead} approved the cutover of ${approvalTarget(e)}`;
    case 'rejected':
      return `${lead} rejected the cutover of ${approvalTarget(e)}${why}`;
    case 'withdrawn':
      return `${lead} withdrew the cutover request for ${approvalTarget(e)}${why}`;
    case 'rollback':
      return `${lead} rolled back ${service}${e.from === null ? '' : ` from _${state(e.from)}_`}${why}`;
    case 'dependency_added':
      return `${lead} found a dependency: ${name(e.from ?? e.service ?? '?')} depends on ${name(e.to ?? '?')}${why}`;
    case 'health_changed': {
      const was = e.from === null ? '' : ` from _${healthWord(e.from)}_`;
      return `${lead}: the health checks of ${service} went${was} to *${healthWord(e.to)}*`;
    }
    case 'replanned': {
      // A plan.create row names its version (`v1`); a strategy change names both strategies.
      if (e.from === null && e.to === 'v1') return `${lead} made the first plan${why}`;
      if (e.from === null && e.to !== null && /^v\d+$/.test(e.to)) {
        return `${lead} re-planned the remaining services (plan ${e.to})${why}`;
      }
      const change = e.from !== null && e.to !== null ? ` (${clip(e.from, 40)} → ${clip(e.to, 40)})` : '';
      return `${lead} re-planned the remaining services${change}${why}`;
    }
  }
}

/** "*orders*", "batch 3 (*a*, *b* and 4 more)": what an approval event was about. */
function approvalTarget(e: DigestEventInput): string {
  const services = e.services ?? (e.service === null ? [] : [e.service]);
  const listedNames = services.length === 0 ? 'an unnamed service' : names(services);
  return e.batch === null || e.batch === undefined ? listedNames : `batch ${e.batch} (${listedNames})`;
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
    case 'red_checks':
      return `:red_circle: ${plural(w.services.length, 'service')} with red health checks: ${names(w.services.map((s) => s.service))}`;
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
    case 'red_checks':
      return [
        title,
        ...w.services.map(
          (s) => `    • ${name(s.service)}: ${s.checks.map((c) => clip(c, 80)).join(', ')} · ${person(s.owner)}`,
        ),
      ];
    default:
      return [title];
  }
}

/** Amber is "unknown" to people, as on the approval message. */
function healthWord(state: string | null): string {
  return state === 'amber' ? 'unknown' : clip(state ?? '?', 20);
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
