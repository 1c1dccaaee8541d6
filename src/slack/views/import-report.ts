// What an import did, as posted in the migration's channel (summary lists cut to fit Block Kit, the
// full lists in thread replies), and what the importer hears when the file is refused.
import type { KnownBlock } from '@slack/types';
import { type ImportedChecks, importedChecksWords } from '../../domain/import/health-counts.ts';
import { formatImportError, type ImportError } from '../../domain/import/index.ts';
import type { ImportFormat } from '../../domain/model.ts';
import type { PlanOutcome } from '../../domain/plan-changes.ts';
import { grouped, plural } from '../../domain/words.ts';
import { type MergeReport, nothingChanged } from '../../store/graph-import.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, escapeMrkdwn, truncate } from '../escape.ts';
import { mentionUser } from '../format.ts';
import { FORMAT_LABELS } from './import-modal.ts';
import { linesToMessages } from './paginate.ts';

/** Items joined while they fit in `max` characters, then "…and N more". */
export function fitList(items: readonly string[], max: number, separator = ', '): string {
  let text = '';
  let shown = 0;
  for (const item of items) {
    const next = text ? `${text}${separator}${item}` : item;
    const rest = items.length - shown - 1;
    const tail = rest > 0 ? `${separator}…and ${grouped(rest)} more` : '';
    if (next.length + tail.length > max && shown > 0) break;
    text = next;
    shown += 1;
  }
  const rest = items.length - shown;
  return rest > 0 ? `${text}${separator}…and ${grouped(rest)} more` : text;
}

/** True when fitList would have to cut. */
export function overflows(items: readonly string[], max: number, separator = ', '): boolean {
  return items.join(separator).length > max;
}

export const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});

export const contextBlock = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }],
});

const FIELD_WORDS: Readonly<Record<string, string>> = { effortDays: 'effort-days', ownerKind: 'owner' };

/** At most this many names in thread replies: past it, `/migrate service <name>` is the way in. */
const THREAD_NAMES = 3000;

export interface ImportReportView {
  readonly migrationName: string;
  readonly by: string;
  readonly format: ImportFormat;
  readonly fileName: string | null;
  readonly report: MergeReport;
  readonly notes: readonly string[];
  readonly totals: { readonly services: number; readonly dependencies: number };
  readonly plan: PlanOutcome;
  readonly health: ImportedChecks;
}

const name = (n: string) => `\`${escapeCode(n)}\``;

function changedItems(report: MergeReport): string[] {
  return report.changed.map((c) => {
    const fields = [...new Set(c.fields.map((f) => FIELD_WORDS[f] ?? f))];
    return fields.length ? `${name(c.name)} (${fields.join(', ')})` : name(c.name);
  });
}

function what(view: ImportReportView): string {
  const file = view.fileName ? ` *${escapeInline(truncate(view.fileName, 120))}*` : ' a pasted graph';
  return `${file} (${FORMAT_LABELS[view.format]})`;
}

export function importReport(view: ImportReportView): { message: Message; thread: Message[] } {
  const { report } = view;
  const blocks: KnownBlock[] = [];
  const head = `${mentionUser(view.by)} imported${what(view)} into *${escapeInline(view.migrationName)}*. It now has ${plural(view.totals.services, 'service')} and ${plural(view.totals.dependencies, 'dependency', 'dependencies')}.`;
  blocks.push(section(head));

  const lists: List[] = [
    { label: 'Added', items: report.added.map(name) },
    { label: 'Changed', items: changedItems(report) },
    { label: 'Removed', items: report.removed.map(name) },
  ];
  const dependencies = `*Dependencies*: ${grouped(report.dependenciesAdded)} added, ${grouped(report.dependenciesRemoved)} removed.`;
  const summary = listLines(lists, SUMMARY_MAX - dependencies.length - NOTHING_CHANGED.length - 2);
  const lines = [...summary.lines, dependencies];
  if (nothingChanged(report)) lines.unshift(NOTHING_CHANGED);
  blocks.push(section(lines.join('\n')));
  const health = importedChecksWords(view.health);
  if (health !== null) blocks.push(section(`*Health checks* ${health}.`));

  if (report.keptStarted.length > 0) {
    blocks.push(
      section(
        `:warning: *Kept* (${grouped(report.keptStarted.length)}), already under way though the file no longer lists them: ${fitList(report.keptStarted.map(name), 1000)}. \`/migrate remove <service>\` drops one after a confirmation.`,
      ),
    );
  }
  if (view.notes.length > 0) {
    blocks.push(contextBlock(`Importer notes: ${fitList(view.notes.map(escapeInline), 800, '; ')}.`));
  }
  blocks.push(section(planSummary(view.plan, '(in the thread)')));

  const cut = summary.cut || overflows(report.keptStarted.map(name), 1000) || planChanges(view).length > 10;
  const thread = cut ? threadOf(view, lists) : [];
  if (thread.length > 0) blocks.push(contextBlock('The full lists are in the thread.'));
  const text = `${escapeInline(view.migrationName)}: import of ${escapeInline(view.fileName ?? 'a pasted graph')}: ${grouped(report.added.length)} added, ${grouped(report.changed.length)} changed, ${grouped(report.removed.length)} removed`;
  return { message: { text: truncate(text, 3000), blocks }, thread };
}

/** One section holds the Added, Changed and Removed lists and the Dependencies line, under Slack's 3,000. */
const SUMMARY_MAX = 2900;
const NOTHING_CHANGED = 'Nothing changed: the graph already held everything the file says.';

interface List {
  readonly label: string;
  readonly items: string[];
}

/**
 * Each non-empty list as a line, together within `max` characters: the shortest lists are given the
 * room they need first, and what they leave is shared by the longer ones, each cut with "…and N more".
 */
function listLines(lists: readonly List[], max: number): { lines: string[]; cut: boolean } {
  const present = lists.filter((l) => l.items.length > 0);
  const lines = new Map<List, string>();
  let cut = false;
  let room = max - present.length;
  const byLength = [...present].sort((a, b) => a.items.join(', ').length - b.items.join(', ').length);
  byLength.forEach((list, i) => {
    const label = `*${list.label}* (${grouped(list.items.length)}): `;
    const share = Math.floor(room / (byLength.length - i));
    const budget = Math.max(40, share - label.length);
    cut ||= overflows(list.items, budget);
    const line = `${label}${fitList(list.items, budget)}`;
    lines.set(list, line);
    room -= line.length;
  });
  return { lines: present.map((l) => lines.get(l) ?? ''), cut };
}

const planChanges = (view: ImportReportView) => (view.plan.kind === 'replanned' ? view.plan.changes : []);

/** The plan after a graph change, with its first 10 changes; `more` says where the rest are. */
export function planSummary(plan: PlanOutcome, more: string): string {
  if (plan.kind === 'none') return 'No plan yet: a lead makes one with `/migrate plan`.';
  if (plan.kind === 'kept') return `*Plan*: version ${plan.version} still holds.`;
  const { version, changes } = plan;
  if (changes.length === 0) return `*Plan*: re-planned as version ${version}; no service changed its place.`;
  const shown = changes.slice(0, 10).map((c) => `• ${escapeInline(c.text)}`);
  const rest = changes.length > 10 ? `\n…and ${plural(changes.length - 10, 'more change')} ${more}.` : '';
  return `*Plan*: re-planned as version ${version}, ${plural(changes.length, 'change')}:\n${shown.join('\n')}${rest}`;
}

function threadOf(view: ImportReportView, lists: readonly { label: string; items: string[] }[]): Message[] {
  const lines: string[] = [];
  let budget = THREAD_NAMES;
  const add = (label: string, items: readonly string[]) => {
    if (items.length === 0) return;
    lines.push(`*${label}* (${grouped(items.length)}):`);
    const shown = items.slice(0, Math.max(0, budget));
    budget -= shown.length;
    lines.push(...shown.map((i) => `• ${i}`));
    if (shown.length < items.length) {
      lines.push(
        `…and ${grouped(items.length - shown.length)} more: \`/migrate service <name>\` shows any one of them.`,
      );
    }
  };
  for (const list of lists) add(list.label, list.items);
  add('Kept, already under way', view.report.keptStarted.map(name));
  add(
    'Plan changes',
    planChanges(view).map((c) => escapeInline(c.text)),
  );
  return linesToMessages(`Import into ${escapeInline(view.migrationName)}`, lines);
}

/** The direct message that answers an uploaded file once the report is posted. */
export function importDoneMessage(view: ImportReportView, channelId: string): Message {
  const { report } = view;
  const kept = report.keptStarted.length;
  const text = `Imported${what(view)} into *${escapeInline(view.migrationName)}*: ${grouped(report.added.length)} added, ${grouped(report.changed.length)} changed, ${grouped(report.removed.length)} removed, ${plural(report.dependenciesAdded, 'dependency', 'dependencies')} added and ${grouped(report.dependenciesRemoved)} removed${kept ? `; ${plural(kept, 'started service')} kept` : ''}. The full report is in <#${channelId}>.`;
  return { text: truncate(text, 3000), blocks: [section(text)] };
}

function errorLines(errors: readonly ImportError[]): string[] {
  return errors.map((e) => `• ${escapeMrkdwn(truncate(formatImportError(e), 400))}`);
}

function errorHead(count: number, listed: number): string {
  const shown = listed < count ? ` (the first ${listed} are listed)` : '';
  return `${plural(count, 'problem')}${shown}`;
}

/** Direct message for a refused file: where each problem is, and that nothing was written. */
export function importErrorsMessage(input: {
  readonly fileName: string;
  readonly format: ImportFormat | undefined;
  readonly errors: readonly ImportError[];
  readonly errorCount: number;
}): Message {
  const as = input.format ? ` as ${FORMAT_LABELS[input.format]}` : '';
  const head = `*${escapeInline(truncate(input.fileName, 120))}* was not imported${as}: ${errorHead(input.errorCount, input.errors.length)}. Nothing was written; fix the file and import it again.`;
  const blocks: KnownBlock[] = [section(head)];
  let chunk = '';
  for (const line of errorLines(input.errors)) {
    if (chunk.length + line.length + 1 > 2900) {
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  return {
    text: truncate(`${escapeMrkdwn(input.fileName)} was not imported: ${plural(input.errorCount, 'problem')}`, 3000),
    blocks,
  };
}

/** The error shown on the paste box: plain text (input errors do not render mrkdwn), under 2,000 characters. */
export function pasteErrorText(errors: readonly ImportError[], errorCount: number): string {
  let text = `Nothing was imported: ${errorHead(errorCount, errors.length)}.`;
  for (const e of errors) {
    const line = `\n${truncate(formatImportError(e), 300)}`;
    if (text.length + line.length > 1900) {
      text += '\n…';
      break;
    }
    text += line;
  }
  return text;
}
