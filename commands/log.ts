// `/migrate log [<service>] [page N]`: the audit history, newest last, one page of it at a time
// (page 1 is the most recent).
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { STATE_LABELS } from '../src/domain/lifecycle.ts';
import { SERVICE_STATES, type ServiceState } from '../src/domain/model.ts';
import { grouped, plural } from '../src/domain/words.ts';
import { requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { findService } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeCode, escapeInline, escapeText, truncate } from '../src/slack/escape.ts';
import { mentionUser, slackDate } from '../src/slack/format.ts';
import { mention } from '../src/slack/mentions.ts';
import { settingChangeText } from '../src/slack/views/setting-words.ts';
import { type AuditRow, auditFor } from '../src/store/audit.ts';
import { describeHealthAction } from './log-health.ts';

export const LOG_PAGE = 30;
const LINE_MAX = 300;

const zArgs = z.array(z.string()).transform((words, ctx) => {
  let page = 1;
  let rest = words;
  const at = words.findIndex((w) => w.toLowerCase() === 'page');
  if (at >= 0) {
    page = Number(words[at + 1]);
    if (!Number.isInteger(page) || page < 1) {
      ctx.addIssue({ code: 'custom', message: '`page` needs a page number, e.g. `log page 2`' });
      return z.NEVER;
    }
    rest = [...words.slice(0, at), ...words.slice(at + 2)];
  }
  if (rest.length > 1) {
    ctx.addIssue({ code: 'custom', message: 'takes at most one service, and `page N`' });
    return z.NEVER;
  }
  return { service: rest[0] ?? null, page };
});

function stateLabel(value: string | null): string {
  return value !== null && (SERVICE_STATES as readonly string[]).includes(value)
    ? STATE_LABELS[value as ServiceState]
    : escapeInline(value ?? '?');
}

/** A lead or approver as stored by `/migrate leads|approvers`: a user id, or a user group's (S…). */
const person = (id: string | null) =>
  id ? mention({ kind: id.startsWith('S') ? 'usergroup' : 'user', id }) : 'someone';
const code = (value: string | null) => `\`${escapeCode(value ?? '?')}\``;
const num = (value: unknown) => (typeof value === 'number' ? value : 0);

/** What changed in the graph or the plan, from the numbers the audit row keeps. */
function counts(detail: Record<string, unknown>, parts: readonly [string, string, string][]): string {
  const said = parts
    .filter(([key]) => num(detail[key]) > 0)
    .map(([key, one, many]) => plural(num(detail[key]), one, many));
  return said.length ? ` (${said.join(', ')})` : '';
}

/** Actions on the migration itself (people, settings, plan, graph), as sentences. */
function describeMigrationAction(row: AuditRow, why: string): string | null {
  const detail = row.detail ?? {};
  const from = escapeInline(row.fromValue ?? '?');
  const to = escapeInline(row.toValue ?? '?');
  switch (row.action) {
    case 'migration.create':
      return `created the migration with the *${to}* strategy`;
    case 'migration.archive':
      return 'archived the migration';
    case 'lead.add':
      return `added ${person(row.toValue)} as a lead`;
    case 'lead.remove':
      return `removed ${person(row.toValue)} from the leads`;
    case 'approver.add':
      return `added ${person(row.toValue)} as an approver`;
    case 'approver.remove':
      return `removed ${person(row.toValue)} from the approvers`;
    case 'strategy.change':
      return `changed the strategy from ${from} to *${to}*${why}`;
    case 'setting.change':
      return typeof detail.key === 'string'
        ? settingChangeText(detail.key, row.fromValue ?? '?', row.toValue ?? '?')
        : `changed a setting from ${from} to *${to}*`;
    case 'digest.schedule':
      return `changed the digest from ${from} to *${to}*`;
    case 'plan.create':
      return `made plan ${to}${counts(detail, [
        ['services', 'service', 'services'],
        ['changes', 'change', 'changes'],
      ])}`;
    case 'graph.import':
      return `imported a ${to} graph${typeof detail.fileName === 'string' ? ` from ${code(detail.fileName)}` : ''}${counts(
        detail,
        [
          ['added', 'service added', 'services added'],
          ['changed', 'service changed', 'services changed'],
          ['removed', 'service removed', 'services removed'],
          ['dependenciesAdded', 'dependency added', 'dependencies added'],
          ['dependenciesRemoved', 'dependency removed', 'dependencies removed'],
        ],
      )}`;
    default:
      return null;
  }
}

/** One audit row as a person reads it. */
export function describeAudit(row: AuditRow): string {
  const svc = row.serviceName ? `*${escapeInline(row.serviceName)}* ` : '';
  const why = row.reason ? `: ${escapeText(row.reason)}` : '';
  const detail = row.detail ?? {};
  const key = typeof detail.key === 'string' ? `\`${escapeCode(detail.key)}\`` : '';
  const request = typeof detail.requestId === 'number' ? ` #${detail.requestId}` : '';
  const about = describeMigrationAction(row, why) ?? describeHealthAction(row, svc);
  if (about !== null) return about;
  switch (row.action) {
    case 'service.transition':
      return `moved ${svc}from _${stateLabel(row.fromValue)}_ to *${stateLabel(row.toValue)}*${why}`;
    case 'service.remove':
      return `removed ${svc}from the migration (it was ${stateLabel(row.fromValue)})${why}`;
    case 'dependency.add':
      return `${svc}now depends on ${code(row.toValue)}${detail.hidden === true ? ' (hidden, seen in traces)' : ''}`;
    case 'dependency.remove':
      return `${svc}no longer depends on ${code(row.fromValue)}`;
    case 'wip.override':
      return `${svc}started against the plan's order or limit${why}`;
    case 'service.flag':
      return `turned the feature flag of ${svc}${escapeInline(row.toValue ?? '')}${why}`;
    case 'approval.request':
      return `asked for cutover approval${request} (${escapeInline(row.toValue ?? '?')} needed)`;
    case 'approval.approve':
      return `approved cutover request${request}${detail.healthOverride === true ? ` despite failing health checks${why}` : ''}`;
    case 'approval.reject':
      return `rejected cutover request${request}${why}`;
    case 'approval.withdraw':
      return `cutover request${request} withdrawn${why}`;
    case 'runbook.tick':
      return `${svc}ticked ${key}`;
    case 'runbook.untick':
      return `${svc}unticked ${key}`;
    case 'runbook.add':
      return `${svc}added step ${key}: ${escapeText(row.toValue ?? '')}`;
    case 'runbook.skip':
      return `${svc}skipped ${key}${why}`;
    case 'rehearsal.record':
      return `${svc}recorded a rollback rehearsal of ${escapeInline(row.toValue ?? '?')} min`;
    default: {
      // An action this list does not know yet still shows what changed.
      const change =
        row.fromValue || row.toValue
          ? ` from ${escapeInline(row.fromValue ?? 'nothing')} to ${escapeInline(row.toValue ?? 'nothing')}`
          : '';
      return `${svc}${escapeInline(row.action)}${change}${why}`;
    }
  }
}

function sections(lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let chunk = '';
  for (const line of lines) {
    if (chunk && chunk.length + line.length + 1 > 2900) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
  return blocks;
}

export const logCommand = defineCommand({
  name: 'log',
  usage: 'log [<service>] [page N]',
  summary: 'the audit history (who did what, when, from, to, why), newest last',
  args: scoped(zArgs),
  async run(
    deps,
    actor,
    { migration: name, args }: { migration: string | null; args: z.infer<typeof zArgs> },
  ): Promise<Effect[]> {
    const migration = resolveMigration(deps, actor, name);
    await requireReader(deps, migration, actor);
    const service = args.service ? findService(deps.store.db, migration, args.service) : null;
    const rows = auditFor(deps.store.db, migration.workspaceId, migration.id, service ? { serviceId: service.id } : {});
    const subject = escapeInline(service?.name ?? migration.name);
    if (rows.length === 0) return [reply({ text: `Nothing in the history of *${subject}* yet.` })];
    const pages = Math.ceil(rows.length / LOG_PAGE);
    const command = `/migrate log${service ? ` ${escapeInline(service.name)}` : ''}`;
    if (args.page > pages) {
      return [
        reply({
          text: `There is no page ${grouped(args.page)} of the history of *${subject}*: it has ${plural(pages, 'page')} (${plural(rows.length, 'entry', 'entries')}). \`${command}${pages > 1 ? ` page ${pages}` : ''}\` shows the oldest.`,
        }),
      ];
    }
    const { page } = args;
    const end = rows.length - (page - 1) * LOG_PAGE;
    const start = Math.max(0, end - LOG_PAGE);
    const lines = rows
      .slice(start, end)
      .map((r) =>
        truncate(
          `${slackDate(r.createdAt, '{date_short} {time}')} ${mentionUser(r.actor)} ${describeAudit(r)}`,
          LINE_MAX,
        ),
      );
    const older = page < pages ? ` Older: \`${command} page ${page + 1}\`.` : '';
    const blocks: KnownBlock[] = [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*History of ${subject}* (page ${page} of ${pages}, newest last)` },
      },
      ...sections(lines),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `Entries ${grouped(start + 1)}–${grouped(end)} of ${grouped(rows.length)}.${older} \`/migrate export\` gives all of it as files.`,
          },
        ],
      },
    ];
    return [
      reply({ text: `History of ${escapeInline(service?.name ?? migration.name)}, page ${page} of ${pages}`, blocks }),
    ];
  },
});
