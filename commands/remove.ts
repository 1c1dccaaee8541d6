// `/migrate remove <service>`: takes a service out of the graph (asks first when it is under way);
// one transaction with its audit row and the re-plan.

import { z } from 'zod';
import type { Actor } from '../src/deps.ts';
import { isStarted, STATE_LABELS } from '../src/domain/lifecycle.ts';
import { ConflictError } from '../src/errors.ts';
import { commit, outboxContext } from '../src/services/commit.ts';
import { askToConfirm, defineConfirmation } from '../src/services/confirmations.ts';
import { plannedOutcome, post, RIGHT, svc } from '../src/services/graph-edit.ts';
import { requireChangeable, resolveMigration, scoped } from '../src/services/scope.ts';
import { findService } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { planSummary } from '../src/slack/views/import-report.ts';
import { appendAudit } from '../src/store/audit.ts';
import type { Db } from '../src/store/db.ts';
import { type ServiceRow, serviceByName } from '../src/store/graph.ts';
import { dependencyCount, removeService } from '../src/store/graph-edits.ts';
import { type MigrationRow, migrationById, updateMigration } from '../src/store/migrations.ts';

/** Removes a service inside the caller's transaction: audit, graph mark and re-plan included. */
export function removeInTx(
  tx: Db,
  actor: Actor,
  migration: MigrationRow,
  service: ServiceRow,
  now: Date,
  onlyIfNotStarted: boolean,
): Effect[] | null {
  const dependencies = dependencyCount(tx, migration, service.id);
  if (!removeService(tx, migration, service.id, onlyIfNotStarted)) return null;
  updateMigration(tx, migration, { graphChangedAt: now });
  appendAudit(tx, {
    workspaceId: migration.workspaceId,
    migrationId: migration.id,
    serviceId: service.id,
    serviceName: service.name,
    actor: actor.userId,
    action: 'service.remove',
    fromValue: service.state,
    detail: { dependencies },
    createdAt: now,
  });
  const plan = plannedOutcome(tx, migration, actor.userId, now);
  const state = isStarted(service.state) ? ` while it was *${STATE_LABELS[service.state]}*` : '';
  const lines = [
    `${mentionUser(actor.userId)} removed ${svc(service.name)} from *${escapeInline(migration.name)}*${state}, with its ${dependencies} dependenc${dependencies === 1 ? 'y' : 'ies'}. Importing a file that lists it brings it back.`,
    planSummary(plan, '(`/migrate plan` shows the whole plan)'),
  ];
  return [post(migration, actor, lines)];
}

export const removeServiceConfirmation = defineConfirmation({
  kind: 'remove-service',
  payload: z.object({ migrationId: z.number().int(), serviceId: z.number().int(), name: z.string() }),
  run(deps, actor, { migrationId, serviceId, name }): Effect[] {
    const { db } = deps.store;
    const migration = migrationById(db, actor.workspaceId, migrationId);
    if (migration?.status !== 'active') throw new ConflictError({ kind: 'archived-now' });
    const service = serviceByName(db, migration, name);
    if (!service || service.id !== serviceId) throw new ConflictError({ kind: 'service-removed', service: name });
    const effects = removeInTx(db, actor, migration, service, deps.now(), false);
    if (!effects) throw new ConflictError({ kind: 'service-removed', service: name });
    return effects;
  },
});

export const removeCommand = defineCommand({
  name: 'remove',
  usage: 'remove <service>',
  summary: 'drop a service and its dependencies from the graph (asks first if it has started); re-plans',
  args: scoped(
    z
      .array(z.string())
      .length(1, { error: 'takes one service name, e.g. `remove legacy-reports`' })
      .transform(([name]) => ({ name: name as string })),
  ),
  run(deps, actor, input: { migration: string | null; args: { name: string } }): Effect[] {
    const migration = resolveMigration(deps, actor, input.migration);
    requireChangeable(deps, migration, actor, RIGHT);
    const { db } = deps.store;
    const service = findService(db, migration, input.args.name);
    if (isStarted(service.state)) {
      const dependencies = dependencyCount(db, migration, service.id);
      return [
        askToConfirm(
          deps,
          actor,
          removeServiceConfirmation,
          { migrationId: migration.id, serviceId: service.id, name: service.name },
          `Remove ${svc(service.name)} from *${escapeInline(migration.name)}*? It is already under way (*${STATE_LABELS[service.state]}*).`,
          `Its ${dependencies} dependenc${dependencies === 1 ? 'y goes' : 'ies go'} with it and the rest is re-planned without it; its history stays in the audit log. Whatever runs on either platform is for the team to wind down.`,
        ),
      ];
    }
    const now = deps.now();
    // The removal and its announcement commit together.
    return commit(deps, outboxContext(migration), (tx) => {
      const effects = removeInTx(tx, actor, migration, service, now, true);
      if (!effects) throw new ConflictError({ kind: 'service-moved-meanwhile', service: service.name });
      return effects;
    });
  },
});
