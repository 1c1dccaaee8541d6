// Which migration a command acts on, and who may change it.
// Every command acts on the channel's active migration; `--migration <name>` names another.
import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { activeMigration, type MigrationRow, migrationById, migrationByName, people } from '../store/migrations.ts';
import type { Actor, Deps } from './deps.ts';

export interface Scoped<T> {
  readonly migration: string | null;
  readonly args: T;
}

/** Wraps a command's own argument schema with the shared `--migration <name>` option. */
export function scoped<T>(rest: z.ZodType<T, string[]>): z.ZodType<Scoped<T>, string[]> {
  return z.array(z.string()).transform((words, ctx) => {
    const at = words.findIndex((w) => w === '--migration' || w.startsWith('--migration='));
    let name: string | null = null;
    let others = words;
    if (at >= 0) {
      const word = words[at] ?? '';
      const inline = word.includes('=') ? word.slice(word.indexOf('=') + 1) : undefined;
      name = inline ?? words[at + 1] ?? null;
      if (!name) {
        ctx.addIssue({ code: 'custom', message: '`--migration` needs a migration name after it' });
        return z.NEVER;
      }
      others = [...words.slice(0, at), ...words.slice(at + (inline === undefined ? 2 : 1))];
    }
    const parsed = rest.safeParse(others);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return { migration: name, args: parsed.data };
  });
}

/** The still-active migration a confirmation was asked about; a clear message when it is gone or archived. */
export function activeMigrationById(deps: Deps, actor: Actor, id: number): MigrationRow {
  const migration = migrationById(deps.store.db, actor.workspaceId, id);
  if (!migration) throw new NotFoundError({ kind: 'migration-gone', nothingDone: true });
  requireActive(migration);
  return migration;
}

/** The named migration, else the channel's active one; a clear message when there is none. */
export function resolveMigration(deps: Deps, actor: Actor, name: string | null): MigrationRow {
  const { db } = deps.store;
  if (name) {
    const found = migrationByName(db, actor.workspaceId, name);
    if (!found) throw new NotFoundError({ kind: 'migration-named', name });
    return found;
  }
  const active = activeMigration(db, actor.workspaceId, actor.channelId);
  if (!active) throw new NotFoundError({ kind: 'no-active-migration' });
  return active;
}

export function leadIds(deps: Deps, migration: MigrationRow): string[] {
  return [migration.createdBy, ...people(deps.store.db, migration, 'lead').map((p) => p.slackId)];
}

export function isLead(deps: Deps, migration: MigrationRow, userId: string): boolean {
  return leadIds(deps, migration).includes(userId);
}

export function whoLeads(deps: Deps, migration: MigrationRow): string {
  const ids = [...new Set(leadIds(deps, migration))];
  return ids.map((id) => `<@${id}>`).join(', ');
}

/** Refuses, naming who may, unless the actor created the migration or is one of its leads. */
export function requireLead(deps: Deps, migration: MigrationRow, actor: Actor, what: string): void {
  if (isLead(deps, migration, actor.userId)) return;
  throw new ForbiddenError({
    kind: 'not-lead',
    migration: migration.name,
    right: what,
    leads: leadIds(deps, migration),
  });
}

/** What every change needs: an active migration and a lead making it. */
export function requireChangeable(deps: Deps, migration: MigrationRow, actor: Actor, what: string): void {
  requireActive(migration);
  requireLead(deps, migration, actor, what);
}

/** Private-channel migrations are readable only by the channel's members. */
export async function requireReader(deps: Deps, migration: MigrationRow, actor: Actor): Promise<void> {
  if (!migration.channelPrivate || migration.channelId === actor.channelId) return;
  if (await deps.slack.isChannelMember(migration.channelId, actor.userId)) return;
  throw new ForbiddenError({ kind: 'private-channel', migration: migration.name });
}

export function requireActive(migration: MigrationRow): void {
  if (migration.status !== 'active') throw new ForbiddenError({ kind: 'archived', migration: migration.name });
}
