// `/migrate status`: the whole migration summarised, one batch, or one service in detail. Counts
// first and lists cut short, so a migration of 500 services still fits one message.

import type { KnownBlock } from '@slack/types';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import { SERVICE_STATES, type ServiceState } from '../../domain/model.ts';
import { grouped, plural } from '../../domain/words.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, truncate } from '../escape.ts';
import { mentionChannel, slackDate } from '../format.ts';
import { firstOf } from './paginate.ts';

export interface StatusLine {
  readonly name: string;
  readonly state: ServiceState;
  readonly since: Date;
  /** Mention or team name, formatted. */
  readonly owner: string;
  /** `batch 2`, `step 3`, or null when not in the plan. */
  readonly slot: string | null;
  readonly flagEnabled: boolean;
}

export interface StatusOverview {
  readonly migrationName: string;
  readonly strategy: string;
  readonly planVersion: number | null;
  readonly counts: Readonly<Record<ServiceState, number>>;
  readonly inFlight: readonly StatusLine[];
  readonly rolledBack: readonly StatusLine[];
  readonly pendingRequests: number;
  readonly next: readonly string[];
  /** Messages the bot gave up on (newest first): where they were going and Slack's reason. */
  readonly undelivered: readonly { readonly channel: string; readonly error: string }[];
}

export interface BatchStatus {
  readonly migrationName: string;
  readonly batch: number;
  readonly members: readonly StatusLine[];
}

export interface ServiceStatus {
  readonly migrationName: string;
  readonly line: StatusLine;
  readonly tier: number | null;
  readonly critical: boolean;
  readonly blastRadius: number | null;
  readonly monitoringEndsAt: Date | null;
  readonly rehearsalMinutes: number | null;
  readonly runbook: {
    readonly done: number;
    readonly skipped: number;
    readonly total: number;
    readonly openValidation: readonly string[];
  } | null;
  readonly dependsOn: readonly { readonly name: string; readonly state: ServiceState }[];
  readonly usedBy: readonly { readonly name: string; readonly state: ServiceState }[];
  readonly request: { readonly status: string; readonly approvals: number; readonly required: number } | null;
  readonly actions: readonly string[];
}

const LIST_MAX = 40;

function header(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, 150) } };
}

/** Lines as sections of at most ~2,900 characters each. */
function sections(lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let chunk = '';
  for (const raw of lines) {
    const line = truncate(raw, 2900);
    if (chunk && chunk.length + line.length + 1 > 2900) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  return blocks;
}

function line(s: StatusLine): string {
  const slot = s.slot ? ` · ${s.slot}` : '';
  const flag = s.flagEnabled ? '' : ' · flag off';
  return `• *${escapeInline(s.name)}*: ${STATE_LABELS[s.state]} since ${slackDate(s.since)}${slot}${flag} · ${s.owner}`;
}

function capped(lines: readonly StatusLine[], more: string, max = LIST_MAX): string[] {
  const shown = lines.slice(0, max).map(line);
  if (lines.length > max) shown.push(`…and ${grouped(lines.length - max)} more. ${more}`.trim());
  return shown;
}

function countsText(counts: Readonly<Record<ServiceState, number>>): string {
  return SERVICE_STATES.filter((s) => counts[s] > 0)
    .map((s) => `${STATE_LABELS[s]}: *${grouped(counts[s])}*`)
    .join(' · ');
}

export function statusOverviewMessage(view: StatusOverview): Message {
  const total = SERVICE_STATES.reduce((n, s) => n + view.counts[s], 0);
  const done = view.counts.done;
  const pct = total === 0 ? 0 : Math.floor((done / total) * 100);
  const plan = view.planVersion === null ? 'no plan yet' : `plan v${view.planVersion}`;
  const blocks: KnownBlock[] = [
    header(`Status: ${view.migrationName}`),
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: total
          ? `*${grouped(done)}* of ${plural(total, 'service')} done (${pct}%), ${view.strategy}, ${plan}.\n${countsText(view.counts)}`
          : 'No services yet: `/migrate import` loads the graph.',
      },
    },
  ];
  if (view.inFlight.length) {
    blocks.push(
      ...sections([
        `*In flight (${grouped(view.inFlight.length)})*`,
        ...capped(view.inFlight, '`/migrate status batch N` or `/migrate status <service>` for one.'),
      ]),
    );
  }
  if (view.rolledBack.length) {
    const only = view.rolledBack.length === 1 ? view.rolledBack[0] : undefined;
    // A rolled-back service waits on a fix, then starts over: say how, so "next" is not a riddle.
    const again = only
      ? `Once the cause is fixed, \`/migrate start ${escapeInline(only.name)}\` puts it in shadow again, and its cutover needs a new approval; \`/migrate log ${escapeInline(only.name)}\` says why it was rolled back.`
      : 'Once the cause is fixed, `/migrate start <service>` puts each in shadow again, and its cutover needs a new approval; `/migrate log <service>` says why it was rolled back.';
    blocks.push(
      ...sections([`*Rolled back (${grouped(view.rolledBack.length)})*`, ...capped(view.rolledBack, '', 10), again]),
    );
  }
  const notes: string[] = [];
  if (view.pendingRequests) {
    notes.push(`${plural(view.pendingRequests, 'cutover request')} waiting for approval.`);
  }
  if (view.next.length) {
    const back = new Set(view.rolledBack.map((s) => s.name));
    const next = view.next.map((n) => `${escapeInline(n)}${back.has(n) ? ' (rolled back, to start again)' : ''}`);
    notes.push(`Next in the plan: ${firstOf(next, 10)}.`);
  }
  if (view.undelivered.length) {
    const where = [
      ...new Set(view.undelivered.map((u) => `${mentionChannel(u.channel)} (Slack said \`${escapeCode(u.error)}\`)`)),
    ];
    notes.push(
      `:warning: ${plural(view.undelivered.length, 'message')} could not be delivered to ${where.slice(0, 3).join(', ')}. Invite the bot back with \`/invite @migrate-bot\` (or unarchive the channel); later messages go out as usual.`,
    );
  }
  if (notes.length) blocks.push(...sections(notes));
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: '`/migrate status <service>` · `/migrate status batch N` · `/migrate log` · `/migrate export`',
      },
    ],
  });
  return {
    text: truncate(`Status of ${escapeInline(view.migrationName)}: ${grouped(done)} of ${grouped(total)} done`, 3000),
    blocks,
  };
}

export function batchStatusMessage(view: BatchStatus): Message {
  const counts = Object.fromEntries(SERVICE_STATES.map((s) => [s, 0])) as Record<ServiceState, number>;
  for (const m of view.members) counts[m.state] += 1;
  const blocks: KnownBlock[] = [
    header(`Status: batch ${view.batch} of ${view.migrationName}`),
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `${plural(view.members.length, 'service')}. ${countsText(counts)}` },
    },
    ...sections(capped(view.members, '`/migrate status <service>` for one of them.')),
  ];
  return { text: truncate(`Batch ${view.batch} of ${view.migrationName}`, 3000), blocks };
}

function relation(list: ServiceStatus['dependsOn']): string {
  return list.length
    ? firstOf(
        list.map((d) => `${escapeInline(d.name)} (${STATE_LABELS[d.state]})`),
        15,
      )
    : 'none';
}

export function serviceStatusMessage(view: ServiceStatus): Message {
  const s = view.line;
  const fields: string[] = [
    `*State*\n${STATE_LABELS[s.state]} since ${slackDate(s.since)}`,
    `*Owner*\n${s.owner}`,
    `*Plan*\n${s.slot ?? 'not in the current plan'}${view.blastRadius === null ? '' : `, blast radius ${view.blastRadius}`}`,
    `*Tier*\n${view.tier ?? 'unknown'}${view.critical ? ' (critical)' : ''}`,
    `*Runbook*\n${view.runbook ? `${view.runbook.done} done, ${view.runbook.skipped} skipped of ${view.runbook.total}` : 'not written yet'}`,
    `*Flag*\n${s.flagEnabled ? 'on' : 'off'}`,
    `*Rollback rehearsal*\n${view.rehearsalMinutes === null ? 'none recorded' : `${view.rehearsalMinutes} min`}`,
  ];
  if (view.monitoringEndsAt) fields.push(`*Monitoring until*\n${slackDate(view.monitoringEndsAt)}`);
  if (view.request) {
    fields.push(
      `*Cutover request*\n${view.request.status}, ${view.request.approvals} of ${view.request.required} approvals`,
    );
  }
  const lines = [`*Depends on*: ${relation(view.dependsOn)}`, `*Used by*: ${relation(view.usedBy)}`];
  if (view.runbook?.openValidation.length) {
    lines.push(
      `*Validation steps open*: ${firstOf(
        view.runbook.openValidation.map((k) => `\`${escapeCode(k)}\``),
        10,
      )}`,
    );
  }
  lines.push(`*Possible now*: ${view.actions.length ? view.actions.map((a) => `\`${a}\``).join(', ') : 'nothing'}`);
  const blocks: KnownBlock[] = [
    header(`Status: ${s.name}`),
    {
      type: 'section',
      fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, 2000) })),
    },
    ...sections(lines),
  ];
  return { text: truncate(`${s.name} is ${STATE_LABELS[s.state]}`, 3000), blocks };
}
