// What `/migrate health …` answers: the metrics source, the migration's templates and one service's
// checks. Facts in, Block Kit out. A PromQL is always shown in a code span, a URL never as a link
// the person did not give (escapeCode keeps it copyable and inert).
import type { KnownBlock } from '@slack/types';
import type { HealthState, HealthUnit, Threshold } from '../../domain/health.ts';
import type { CheckTemplate } from '../../domain/health-templates.ts';
import { thresholdText } from '../../domain/import/health.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, escapeMrkdwn, truncate } from '../escape.ts';
import { slackDate } from '../format.ts';
import { section } from './blocks.ts';
import { addCredentialsButton } from './health-credentials-modal.ts';

export const HEALTH_USAGE = [
  '`/migrate health source prometheus <url>` · `health source` · `health source remove`',
  '`/migrate health templates` · `health templates use prometheus|opentelemetry` · `health templates set <key> <threshold>`',
  '`/migrate health window 5m` · `health interval 60s`',
  '`/migrate health <service>` · `health <service> add <key> <promql> <threshold>` · `health <service> remove <key>`',
  'A threshold is `<1%`, `>0`, `<250ms` (a bound on the new platform), `+10%` (new at most 10% above old) or `±5%` (within 5% of old).',
].join('\n');

export interface SourceFacts {
  readonly migrationId: number;
  readonly migrationName: string;
  readonly url: string;
  readonly hasCredentials: boolean;
  readonly templateSet: string;
  readonly window: string;
  readonly intervalSeconds: number;
}

/** The saved source; `lead` means the viewer may change it, so the credentials button is shown. */
export function sourceMessage(s: SourceFacts, intro: string | null, lead: boolean): Message {
  const lines = [
    `*Metrics source of ${escapeInline(s.migrationName)}*: Prometheus at \`${escapeCode(s.url)}\``,
    `Credentials: ${s.hasCredentials ? 'saved (encrypted; never shown)' : 'none'}`,
    `Templates: \`${escapeCode(s.templateSet)}\` · window \`${escapeCode(s.window)}\` · evaluated every ${s.intervalSeconds} s`,
    'Next: `/migrate health templates` to see the checks every service gets, `/migrate health <service>` for one service.',
  ];
  const blocks: KnownBlock[] = [];
  if (intro !== null) blocks.push(section(intro));
  blocks.push(section(lines.join('\n')));
  if (lead) blocks.push(addCredentialsButton(s.migrationId, s.hasCredentials));
  return { text: intro ?? `Metrics source of ${s.migrationName}`, blocks };
}

export function noSourceMessage(migrationName: string): Message {
  const text = `*${escapeInline(migrationName)}* has no metrics source yet. A lead sets one with \`/migrate health source prometheus <url>\`.`;
  return { text, blocks: [section(text), section(HEALTH_USAGE)] };
}

function checkLine(t: CheckTemplate, room: number): string {
  const ref =
    t.referenceQuery !== null ? `\n    old platform: \`${escapeCode(truncate(t.referenceQuery, room))}\`` : '';
  const dash = t.dashboardUrl === null ? '' : `\n    dashboard: \`${escapeCode(t.dashboardUrl)}\``;
  return `• *${escapeInline(t.name)}* (\`${escapeCode(t.key)}\`), ${escapeMrkdwn(thresholdText(t.threshold, t.unit))}\n    \`${escapeCode(truncate(t.query, room))}\`${ref}${dash}`;
}

/** Slack refuses a message whose block text passes ~12,000 characters (test/support/block-kit-limits.ts). */
const TEXT_BUDGET = 11_000;

/** How much of each query is shown: all of 900 characters for a few checks, less as they grow, so more fit. */
const queryRoom = (checks: number) => Math.max(120, Math.min(900, Math.floor(6000 / Math.max(1, checks))));

/**
 * The head, as many check lines as fit the message's text budget (then a line saying how many were
 * left out), and the foot, over sections of at most ~2,900 characters (Block Kit's limit is 3,000).
 */
function sections(head: string, items: readonly string[], foot: readonly string[]): KnownBlock[] {
  const more = (n: number) => `…and ${n} more, left out to fit one Slack message.`;
  let room = TEXT_BUDGET - [head, ...foot].join('\n').length - more(items.length).length;
  const shown: string[] = [];
  for (const item of items) {
    const line = truncate(item, 2900);
    if (line.length + 1 > room) break;
    shown.push(line);
    room -= line.length + 1;
  }
  const rest = items.length - shown.length;
  const lines = [head, ...shown, ...(rest > 0 ? [more(rest)] : []), ...foot];
  const blocks: KnownBlock[] = [];
  let chunk = '';
  for (const line of lines) {
    if (chunk !== '' && chunk.length + line.length + 1 > 2900) {
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk = chunk === '' ? line : `${chunk}\n${line}`;
  }
  if (chunk !== '') blocks.push(section(chunk));
  return blocks;
}

export function templatesMessage(
  migrationName: string,
  set: string,
  templates: readonly CheckTemplate[],
  intro: string | null,
): Message {
  const head = `*Check templates of ${escapeInline(migrationName)}* (\`${escapeCode(set)}\`): every service gets these, with \`{{service}}\`, \`{{platform}}\` (old or new) and \`{{window}}\` filled in.`;
  const room = queryRoom(templates.length);
  const lines =
    templates.length === 0
      ? ['No templates: services have only their own checks.']
      : templates.map((t) => checkLine(t, room));
  const foot =
    'Change one with `/migrate health templates set <key> <threshold>`, or start from `/migrate health templates use prometheus|opentelemetry`.';
  return {
    text: intro ?? `Check templates of ${migrationName}`,
    blocks: [...(intro === null ? [] : [section(intro)]), ...sections(head, lines, [foot])],
  };
}

export interface CheckRow {
  readonly key: string;
  readonly name: string;
  readonly query: string;
  readonly threshold: Threshold;
  readonly unit: HealthUnit;
  readonly dashboardUrl: string | null;
  /** Where the check comes from: the migration's template, changed for this service, or its own. */
  readonly origin: 'template' | 'override' | 'own';
  readonly last: { readonly state: HealthState; readonly reason: string; readonly at: Date } | null;
}

const STATE_WORD: Record<HealthState, string> = {
  green: ':large_green_circle: green',
  amber: ':large_orange_circle: unknown',
  red: ':red_circle: red',
};

const ORIGIN_WORD: Record<CheckRow['origin'], string> = {
  template: 'template',
  override: 'template changed for this service',
  own: 'this service’s own',
};

export function serviceHealthMessage(
  service: string,
  hasSource: boolean,
  rows: readonly CheckRow[],
  intro: string | null,
): Message {
  const head = `*Health checks of ${escapeInline(service)}*${hasSource ? '' : ' (no metrics source yet: nothing is evaluated)'}`;
  const room = queryRoom(rows.length);
  const lines = rows.map((r) => {
    const state =
      r.last === null
        ? 'not evaluated yet'
        : `${STATE_WORD[r.last.state]}: ${escapeMrkdwn(r.last.reason)} (${slackDate(r.last.at)})`;
    const dash = r.dashboardUrl === null ? '' : ` · <${escapeMrkdwn(r.dashboardUrl)}|dashboard>`;
    return `• *${escapeInline(r.name)}* (\`${escapeCode(r.key)}\`, ${ORIGIN_WORD[r.origin]}): ${state}\n    threshold ${escapeMrkdwn(thresholdText(r.threshold, r.unit))}${dash}\n    \`${escapeCode(truncate(r.query, room))}\``;
  });
  const none =
    rows.length === 0 ? ['No checks: add one with `/migrate health <service> add <key> <promql> <threshold>`.'] : [];
  return {
    text: intro ?? `Health checks of ${service}`,
    blocks: [...(intro === null ? [] : [section(intro)]), ...sections(head, [...lines, ...none], [])],
  };
}
