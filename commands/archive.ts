// `/migrate archive`: ends the active migration after a confirmation; it stays readable.
import { z } from 'zod';
import { ConflictError } from '../src/errors.ts';
import { askToConfirm, defineConfirmation } from '../src/services/confirmations.ts';
import { requireChangeable, resolveMigration, scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { appendAudit } from '../src/store/audit.ts';
import { archiveMigration, migrationById } from '../src/store/migrations.ts';

export const archiveConfirmation = defineConfirmation({
  kind: 'archive-migration',
  payload: z.object({ migrationId: z.number().int() }),
  run(deps, actor, { migrationId }): Effect[] {
    const { db } = deps.store;
    const migration = migrationById(db, actor.workspaceId, migrationId);
    const now = deps.now();
    if (!migration || !archiveMigration(db, migration, now)) throw new ConflictError({ kind: 'already-archived' });
    appendAudit(db, {
      workspaceId: actor.workspaceId,
      migrationId,
      actor: actor.userId,
      action: 'migration.archive',
      fromValue: 'active',
      toValue: 'archived',
      createdAt: now,
    });
    return [
      {
        type: 'post',
        channel: migration.channelId,
        message: {
          text: `<@${actor.userId}> archived the migration *${escapeInline(migration.name)}*. It stays readable with \`--migration ${escapeInline(migration.name)}\`; this channel can start a new one.`,
        },
        fallbackDmTo: actor.userId,
      },
    ];
  },
});

export const archiveCommand = defineCommand({
  name: 'archive',
  usage: 'archive [--migration <name>]',
  summary: 'end the active migration (asks first; it stays readable)',
  args: scoped(z.array(z.string()).max(0, { error: 'takes no arguments besides --migration' })),
  run(deps, actor, { migration: name }: { migration: string | null }): Effect[] {
    const migration = resolveMigration(deps, actor, name);
    requireChangeable(deps, migration, actor, 'archive it');
    return [
      askToConfirm(
        deps,
        actor,
        archiveConfirmation,
        { migrationId: migration.id },
        `Archive *${escapeInline(migration.name)}*?`,
        'Its services, plan and history stay readable; nothing more can change in it.',
      ),
    ];
  },
});
