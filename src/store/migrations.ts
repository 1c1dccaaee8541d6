// Queries for migrations and the people in them (leads, approvers); every one scoped by workspace.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Strategy } from '../domain/model.ts';
import type { Db } from './db.ts';
import { perConnection } from './prepared.ts';
import { migrationPeopleTable, migrationsTable, type PERSON_ROLES, servicesTable } from './schema.ts';

export type MigrationRow = typeof migrationsTable.$inferSelect;
export type PersonRow = typeof migrationPeopleTable.$inferSelect;
export type PersonRole = (typeof PERSON_ROLES)[number];

const activeQuery = perConnection((db) =>
  db
    .select()
    .from(migrationsTable)
    .where(
      and(
        eq(migrationsTable.workspaceId, sql.placeholder('workspaceId')),
        eq(migrationsTable.channelId, sql.placeholder('channelId')),
        eq(migrationsTable.status, 'active'),
      ),
    )
    .prepare(),
);

export function activeMigration(db: Db, workspaceId: string, channelId: string): MigrationRow | null {
  return activeQuery(db).get({ workspaceId, channelId }) ?? null;
}

export function migrationByName(db: Db, workspaceId: string, name: string): MigrationRow | null {
  return (
    db
      .select()
      .from(migrationsTable)
      .where(and(eq(migrationsTable.workspaceId, workspaceId), sql`lower(${migrationsTable.name}) = lower(${name})`))
      .get() ?? null
  );
}

export function migrationById(db: Db, workspaceId: string, id: number): MigrationRow | null {
  return (
    db
      .select()
      .from(migrationsTable)
      .where(and(eq(migrationsTable.workspaceId, workspaceId), eq(migrationsTable.id, id)))
      .get() ?? null
  );
}

// The command line runs beside the bot with no Slack workspace of its own, so these two look across
// workspaces; it names the workspace only when a name is ambiguous.

/** Migrations of this name (any case) in every workspace, by workspace id. */
export function migrationsNamedInAnyWorkspace(db: Db, name: string): MigrationRow[] {
  return db
    .select()
    .from(migrationsTable)
    .where(sql`lower(${migrationsTable.name}) = lower(${name})`)
    .orderBy(asc(migrationsTable.workspaceId))
    .all();
}

/** Every migration's name in every workspace, sorted; a name two workspaces share comes twice. */
export function migrationNamesInAnyWorkspace(db: Db): string[] {
  return db
    .select({ name: migrationsTable.name })
    .from(migrationsTable)
    .orderBy(asc(migrationsTable.name))
    .all()
    .map((m) => m.name);
}

export interface NewMigration {
  readonly workspaceId: string;
  readonly channelId: string;
  readonly channelPrivate: boolean;
  readonly name: string;
  readonly fromPlatform: string | null;
  readonly toPlatform: string | null;
  readonly strategy: Strategy;
  readonly createdBy: string;
  readonly digestTz: string;
  readonly createdAt: Date;
}

export function insertMigration(db: Db, row: NewMigration): MigrationRow {
  return db.insert(migrationsTable).values(row).returning().get();
}

export interface MigrationSummary extends MigrationRow {
  readonly services: number;
  readonly done: number;
}

export function listMigrations(db: Db, workspaceId: string): MigrationSummary[] {
  return db
    .select({
      migration: migrationsTable,
      services: sql<number>`count(${servicesTable.id})`,
      done: sql<number>`coalesce(sum(case when ${servicesTable.state} = 'done' then 1 else 0 end), 0)`,
    })
    .from(migrationsTable)
    .leftJoin(servicesTable, eq(servicesTable.migrationId, migrationsTable.id))
    .where(eq(migrationsTable.workspaceId, workspaceId))
    .groupBy(migrationsTable.id)
    .orderBy(asc(migrationsTable.status), desc(migrationsTable.createdAt))
    .all()
    .map((r) => ({ ...r.migration, services: Number(r.services), done: Number(r.done) }));
}

export function updateMigration(
  db: Db,
  migration: Pick<MigrationRow, 'workspaceId' | 'id'>,
  values: Partial<Omit<MigrationRow, 'id' | 'workspaceId'>>,
): void {
  db.update(migrationsTable)
    .set(values)
    .where(and(eq(migrationsTable.workspaceId, migration.workspaceId), eq(migrationsTable.id, migration.id)))
    .run();
}

/** Compare-and-set: archives only an active migration; false when it was not active any more. */
export function archiveMigration(db: Db, migration: Pick<MigrationRow, 'workspaceId' | 'id'>, at: Date): boolean {
  const res = db
    .update(migrationsTable)
    .set({ status: 'archived', archivedAt: at })
    .where(
      and(
        eq(migrationsTable.workspaceId, migration.workspaceId),
        eq(migrationsTable.id, migration.id),
        eq(migrationsTable.status, 'active'),
      ),
    )
    .run();
  return res.changes === 1;
}

export function people(db: Db, migration: Pick<MigrationRow, 'workspaceId' | 'id'>, role: PersonRole): PersonRow[] {
  return db
    .select()
    .from(migrationPeopleTable)
    .where(
      and(
        eq(migrationPeopleTable.workspaceId, migration.workspaceId),
        eq(migrationPeopleTable.migrationId, migration.id),
        eq(migrationPeopleTable.role, role),
      ),
    )
    .orderBy(asc(migrationPeopleTable.createdAt))
    .all();
}

/** Returns true when the person was not there before. */
export function addPerson(
  db: Db,
  migration: Pick<MigrationRow, 'workspaceId' | 'id'>,
  person: { role: PersonRole; kind: 'user' | 'usergroup'; slackId: string; addedBy: string },
): boolean {
  const res = db
    .insert(migrationPeopleTable)
    .values({ workspaceId: migration.workspaceId, migrationId: migration.id, ...person })
    .onConflictDoNothing()
    .run();
  return res.changes === 1;
}

export function removePerson(
  db: Db,
  migration: Pick<MigrationRow, 'workspaceId' | 'id'>,
  role: PersonRole,
  slackId: string,
): boolean {
  const res = db
    .delete(migrationPeopleTable)
    .where(
      and(
        eq(migrationPeopleTable.workspaceId, migration.workspaceId),
        eq(migrationPeopleTable.migrationId, migration.id),
        eq(migrationPeopleTable.role, role),
        eq(migrationPeopleTable.slackId, slackId),
      ),
    )
    .run();
  return res.changes === 1;
}
