// The once-per-local-day claim for scheduled digests, and what the tick needs to find due ones.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from './db.ts';
import type { MigrationRow } from './migrations.ts';
import { digestRunsTable, migrationsTable } from './schema.ts';

/** Every active migration whose digest is on, across workspaces: the tick decides which are due. */
export function migrationsWithDigests(db: Db): MigrationRow[] {
  return db
    .select()
    .from(migrationsTable)
    .where(and(eq(migrationsTable.status, 'active'), eq(migrationsTable.digestEnabled, true)))
    .all();
}

/**
 * Claims the digest of (workspace, migration, local date). One INSERT … ON CONFLICT DO NOTHING:
 * true for exactly one caller, across restarts and processes sharing the database file.
 */
export function claimDigest(
  db: Db,
  m: Pick<MigrationRow, 'workspaceId' | 'id'>,
  localDate: string,
  now: Date,
): boolean {
  const res = db
    .insert(digestRunsTable)
    .values({ workspaceId: m.workspaceId, migrationId: m.id, localDate, createdAt: now })
    .onConflictDoNothing()
    .run();
  return res.changes === 1;
}

/** True once the digest of (workspace, migration, local date) was claimed: a read, to skip building it again. */
export function digestClaimed(db: Db, m: Pick<MigrationRow, 'workspaceId' | 'id'>, localDate: string): boolean {
  const row = db
    .select({ localDate: digestRunsTable.localDate })
    .from(digestRunsTable)
    .where(
      and(
        eq(digestRunsTable.workspaceId, m.workspaceId),
        eq(digestRunsTable.migrationId, m.id),
        eq(digestRunsTable.localDate, localDate),
      ),
    )
    .get();
  return row !== undefined;
}

export function recordDigestRun(
  db: Db,
  m: Pick<MigrationRow, 'workspaceId' | 'id'>,
  localDate: string,
  outcome: { status: 'posted'; messageTs: string } | { status: 'failed'; error: string },
): void {
  db.update(digestRunsTable)
    .set(outcome.status === 'posted' ? { status: 'posted', messageTs: outcome.messageTs } : outcome)
    .where(
      and(
        eq(digestRunsTable.workspaceId, m.workspaceId),
        eq(digestRunsTable.migrationId, m.id),
        eq(digestRunsTable.localDate, localDate),
      ),
    )
    .run();
}

/** Compare-and-set: true once per migration, so its creator hears of a failing digest once. */
export function claimFailureNotice(db: Db, m: Pick<MigrationRow, 'workspaceId' | 'id'>, now: Date): boolean {
  const res = db
    .update(migrationsTable)
    .set({ digestFailureNotifiedAt: now })
    .where(
      and(
        eq(migrationsTable.workspaceId, m.workspaceId),
        eq(migrationsTable.id, m.id),
        isNull(migrationsTable.digestFailureNotifiedAt),
      ),
    )
    .run();
  return res.changes === 1;
}

/** After a digest posts again, a later failure is worth telling the creator about once more. */
export function clearFailureNotice(db: Db, m: Pick<MigrationRow, 'workspaceId' | 'id'>): void {
  db.update(migrationsTable)
    .set({ digestFailureNotifiedAt: null })
    .where(and(eq(migrationsTable.workspaceId, m.workspaceId), eq(migrationsTable.id, m.id)))
    .run();
}

/** Compare-and-set: true once per migration, so its creator hears once that messages are not getting through. */
export function claimDeliveryFailureNotice(db: Db, m: Pick<MigrationRow, 'workspaceId' | 'id'>, now: Date): boolean {
  const res = db
    .update(migrationsTable)
    .set({ deliveryFailureNotifiedAt: now })
    .where(
      and(
        eq(migrationsTable.workspaceId, m.workspaceId),
        eq(migrationsTable.id, m.id),
        isNull(migrationsTable.deliveryFailureNotifiedAt),
      ),
    )
    .run();
  return res.changes === 1;
}
