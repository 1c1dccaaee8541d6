// `/migrate export`: the audit log and the current status as CSV and JSON files, for change
// management. The files go to the migration's own channel, where everyone may read them.
import { z } from 'zod';
import { isCritical } from '../src/domain/approval.ts';
import { runbookProgress } from '../src/domain/runbook.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { plural } from '../src/domain/words.ts';
import { requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { entryOf } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { type AuditRow, auditFor } from '../src/store/audit.ts';
import type { Db } from '../src/store/db.ts';
import { servicesOf } from '../src/store/graph.ts';
import { type EffectivePlan, effectivePlan } from '../src/store/lifecycle.ts';
import type { MigrationRow } from '../src/store/migrations.ts';
import { runbookStepsOf } from '../src/store/runbooks.ts';

type Cell = string | number | boolean | null | undefined;

/** RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'migration'
  );
}

export const exportCommand = defineCommand({
  name: 'export',
  usage: 'export',
  summary: 'the audit log and the current status as CSV and JSON files, for change management',
  args: scoped(z.array(z.string()).max(0, { error: 'takes no arguments besides --migration' })),
  async run(deps, actor, { migration: name }: { migration: string | null }): Promise<Effect[]> {
    const migration = resolveMigration(deps, actor, name);
    await requireReader(deps, migration, actor);
    const { db } = deps.store;
    const now = deps.now();
    const plan = effectivePlan(db, migration);
    const status = statusRows(db, migration, plan);
    const history = auditFor(db, migration.workspaceId, migration.id).map(historyRow);
    const json = exportJson(migration, plan, status, history, { at: now, by: actor.userId });
    const base = `${slug(migration.name)}-${now.toISOString().slice(0, 10)}`;
    const channel = migration.channelId;
    const upload = (filename: string, title: string, content: string, comment?: string): Effect => ({
      type: 'upload',
      channel,
      filename,
      title,
      content,
      ...(comment ? { comment } : {}),
    });
    return [
      upload(
        `${base}-audit.csv`,
        `Audit log of ${migration.name}`,
        auditCsv(history),
        `${mentionUser(actor.userId)} exported *${escapeInline(migration.name)}*: ${plural(history.length, 'audit entry', 'audit entries')} and the status of ${plural(status.length, 'service')}.`,
      ),
      upload(`${base}-status.csv`, `Status of ${migration.name}`, statusCsv(status)),
      upload(`${base}.json`, `Audit log and status of ${migration.name} (JSON)`, json),
      reply({ text: `The export (audit CSV, status CSV, JSON) is going to <#${channel}>.` }),
    ];
  },
});

type StatusRow = ReturnType<typeof statusRows>[number];
type HistoryRow = ReturnType<typeof historyRow>;

/** Each service's state, place in the plan and runbook progress, in name order. */
function statusRows(db: Db, migration: MigrationRow, plan: EffectivePlan) {
  const settings = withDefaults(migration.settings);
  const services = servicesOf(db, migration);
  const steps = runbookStepsOf(
    db,
    services.map((s) => s.id),
  );
  return services.map((s) => {
    const entry = entryOf(plan, s.id);
    const progress = runbookProgress(steps.get(s.id) ?? []);
    return {
      service: s.name,
      state: s.state,
      stateChangedAt: iso(s.stateChangedAt),
      owner: s.owner,
      ownerKind: s.ownerKind,
      tier: s.tier,
      critical: isCritical(s, settings),
      planVersion: entry?.planVersion ?? null,
      batch: entry?.batch ?? null,
      step: entry?.step ?? null,
      track: entry?.track ?? null,
      position: entry?.position ?? null,
      blastRadius: entry?.blastRadius ?? null,
      flagEnabled: s.flagEnabled,
      monitoringEndsAt: iso(s.monitoringEndsAt),
      rehearsalMinutes: s.rehearsalMinutes,
      runbookDone: progress.done,
      runbookSkipped: progress.skipped,
      runbookTotal: progress.total,
    };
  });
}

function historyRow(a: AuditRow) {
  return {
    id: a.id,
    at: iso(a.createdAt),
    actor: a.actor,
    action: a.action,
    service: a.serviceName,
    from: a.fromValue,
    to: a.toValue,
    reason: a.reason,
    detail: a.detail,
  };
}

function statusCsv(status: readonly StatusRow[]): string {
  const header = Object.keys(status[0] ?? { service: '' });
  return toCsv(
    header,
    status.map((row) => header.map((k) => (row as Record<string, Cell>)[k])),
  );
}

function auditCsv(history: readonly HistoryRow[]): string {
  return toCsv(
    ['id', 'at', 'actor', 'action', 'service', 'from', 'to', 'reason', 'detail'],
    history.map((h) => [
      h.id,
      h.at,
      h.actor,
      h.action,
      h.service,
      h.from,
      h.to,
      h.reason,
      h.detail ? JSON.stringify(h.detail) : null,
    ]),
  );
}

function exportJson(
  migration: MigrationRow,
  plan: EffectivePlan,
  status: readonly StatusRow[],
  history: readonly HistoryRow[],
  exported: { readonly at: Date; readonly by: string },
): string {
  return JSON.stringify(
    {
      migration: {
        name: migration.name,
        strategy: migration.strategy,
        from: migration.fromPlatform,
        to: migration.toPlatform,
        status: migration.status,
        planVersion: plan.version,
      },
      exportedAt: exported.at.toISOString(),
      exportedBy: exported.by,
      services: status,
      audit: history,
    },
    null,
    2,
  );
}
