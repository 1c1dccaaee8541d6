// `/migrate export`: the audit log and the current status as CSV and JSON files, for change
// management. The files go to the migration's own channel, where everyone may read them.
import { z } from 'zod';
import { isCritical } from '../src/domain/approval.ts';
import { runbookProgress } from '../src/domain/runbook.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { entryOf } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { auditFor } from '../src/store/audit.ts';
import { servicesOf } from '../src/store/graph.ts';
import { effectivePlan } from '../src/store/lifecycle.ts';
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
    const settings = withDefaults(migration.settings);
    const plan = effectivePlan(db, migration);
    const services = servicesOf(db, migration);
    const steps = runbookStepsOf(
      db,
      services.map((s) => s.id),
    );
    const audit = auditFor(db, migration.workspaceId, migration.id);
    const status = services.map((s) => {
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
    const history = audit.map((a) => ({
      id: a.id,
      at: iso(a.createdAt),
      actor: a.actor,
      action: a.action,
      service: a.serviceName,
      from: a.fromValue,
      to: a.toValue,
      reason: a.reason,
      detail: a.detail,
    }));
    const statusHeader = Object.keys(status[0] ?? { service: '' });
    const statusCsv = toCsv(
      statusHeader,
      status.map((row) => statusHeader.map((k) => (row as Record<string, Cell>)[k])),
    );
    const auditCsv = toCsv(
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
    const json = JSON.stringify(
      {
        migration: {
          name: migration.name,
          strategy: migration.strategy,
          from: migration.fromPlatform,
          to: migration.toPlatform,
          status: migration.status,
          planVersion: plan.version,
        },
        exportedAt: now.toISOString(),
        exportedBy: actor.userId,
        services: status,
        audit: history,
      },
      null,
      2,
    );
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
        auditCsv,
        `${mentionUser(actor.userId)} exported *${escapeInline(migration.name)}*: ${history.length} audit entries and the status of ${status.length} services.`,
      ),
      upload(`${base}-status.csv`, `Status of ${migration.name}`, statusCsv),
      upload(`${base}.json`, `Audit log and status of ${migration.name} (JSON)`, json),
      reply({ text: `The export (audit CSV, status CSV, JSON) is going to <#${channel}>.` }),
    ];
  },
});
