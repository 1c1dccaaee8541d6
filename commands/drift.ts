// `/migrate drift`: declared versus traced dependencies, and the "add hidden ones" button behind it.

import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import { compareDeclaredAndTraced, type DriftEdge } from '../src/domain/drift.ts';
import type { PlanOutcome } from '../src/domain/plan-changes.ts';
import { plural } from '../src/domain/words.ts';
import { NotFoundError } from '../src/errors.ts';
import { commit, outboxContext } from '../src/services/commit.ts';
import { replanInTx } from '../src/services/planning.ts';
import { requireChangeable, requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { driftMessage, hiddenLine } from '../src/slack/views/drift-message.ts';
import { fitList, planSummary, section } from '../src/slack/views/import-report.ts';
import { appendAudit } from '../src/store/audit.ts';
import type { Db } from '../src/store/db.ts';
import { type EdgeRow, edgesOf } from '../src/store/graph.ts';
import { addManualDependency } from '../src/store/graph-edits.ts';
import { type MigrationRow, migrationById, updateMigration } from '../src/store/migrations.ts';
import { currentPlan } from '../src/store/plans.ts';

const toDriftEdge = (e: EdgeRow): DriftEdge => ({
  from: e.from,
  to: e.to,
  kind: e.kind,
  origin: e.origin,
  callCount: e.callCount,
});

function driftOf(db: Db, migration: MigrationRow) {
  const edges = edgesOf(db, migration);
  return { edges, report: compareDeclaredAndTraced(edges.map(toDriftEdge)) };
}

export const driftCommand = defineCommand({
  name: 'drift',
  usage: 'drift',
  summary: 'compare declared dependencies with traced ones: calls nobody declared, declarations never traced',
  args: scoped(z.array(z.string()).max(0, { error: 'takes no arguments besides --migration' })),
  async run(deps, actor, input: { migration: string | null }): Promise<Effect[]> {
    const migration = resolveMigration(deps, actor, input.migration);
    await requireReader(deps, migration, actor);
    const { report } = driftOf(deps.store.db, migration);
    const message = driftMessage({
      migrationId: migration.id,
      migrationName: migration.name,
      report,
      canAdd: migration.status === 'active',
    });
    return [reply(message)];
  },
});

export const zDriftButtonValue = z.coerce.number().int().positive();

/**
 * The button: adds every call seen in traces that nobody declared as a hand-added (`manual`) edge
 * marked hidden, in one transaction with its audit row and the re-plan. Works from the graph as it is
 * at click time, so a second click finds nothing new and says so.
 */
export function addHiddenDependencies(deps: Deps, actor: Actor, migrationId: number): Effect[] {
  const { db } = deps.store;
  const migration = migrationById(db, actor.workspaceId, migrationId);
  if (!migration) throw new NotFoundError({ kind: 'migration-gone', nothingDone: false });
  requireChangeable(deps, migration, actor, 'add dependencies to it');
  const now = deps.now();
  // The dependencies and their announcement commit together (the transaction below nests in this one).
  return commit(deps, outboxContext(migration), () => {
    const outcome = db.transaction((tx) => {
      const { edges, report } = driftOf(tx, migration);
      const ids = new Map<string, number>();
      for (const e of edges) {
        ids.set(e.from, e.fromId);
        ids.set(e.to, e.toId);
      }
      // One audit row per dependency, like `/migrate depend`, so the log and the digest read them alike.
      const added = report.hidden.filter((h) => {
        const fromId = ids.get(h.from);
        const toId = ids.get(h.to);
        if (fromId === undefined || toId === undefined) return false;
        const dep = { fromId, toId, kind: h.kind, hidden: true, userId: actor.userId, now };
        if (!addManualDependency(tx, migration, dep)) return false;
        appendAudit(tx, {
          workspaceId: migration.workspaceId,
          migrationId: migration.id,
          serviceId: fromId,
          serviceName: h.from,
          actor: actor.userId,
          action: 'dependency.add',
          toValue: h.to,
          detail: { kind: h.kind, provider: h.to, hidden: true, via: 'drift', callCount: h.callCount },
          createdAt: now,
        });
        return true;
      });
      if (added.length === 0) return null;
      updateMigration(tx, migration, { graphChangedAt: now });
      let plan: PlanOutcome = { kind: 'none' };
      if (currentPlan(tx, migration)) {
        const result = replanInTx(tx, migration, actor.userId, now);
        if (result) plan = { kind: 'replanned', version: result.row.version, changes: result.changes };
      }
      return { added, plan };
    });
    if (!outcome) {
      return [
        reply({
          text: `Nothing new to add to *${escapeInline(migration.name)}*: every call seen in traces is declared already.`,
        }),
      ];
    }
    const count = outcome.added.length;
    const head = `${mentionUser(actor.userId)} added ${plural(count, 'hidden dependency', 'hidden dependencies')} seen in traces to *${escapeInline(migration.name)}*, marked hidden:`;
    const lines = [
      `${head}\n${fitList(
        outcome.added.map((h) => `• ${hiddenLine(h)}`),
        2500,
        '\n',
      )}`,
      planSummary(outcome.plan, '(`/migrate plan` shows the whole plan)'),
    ];
    return [
      {
        type: 'reply',
        replaceOriginal: true,
        message: {
          text: `Added ${plural(count, 'hidden dependency', 'hidden dependencies')}; the details are in <#${migration.channelId}>.`,
        },
      },
      {
        type: 'post',
        channel: migration.channelId,
        message: { text: head, blocks: lines.map(section) },
        fallbackDmTo: actor.userId,
      },
    ];
  });
}
