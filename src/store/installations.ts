// The installation store's rows (OAuth mode): one per workspace or org install, the bot token sealed.
import { eq } from 'drizzle-orm';
import type { Db } from './db.ts';
import { installationsTable } from './schema.ts';

export type InstallationRow = typeof installationsTable.$inferSelect;

/** A new install, or a reinstall replacing the earlier token and scopes. */
export function saveInstallation(db: Db, row: InstallationRow): void {
  const { workspaceId, ...rest } = row;
  db.insert(installationsTable)
    .values(row)
    .onConflictDoUpdate({ target: installationsTable.workspaceId, set: rest })
    .run();
}

export function installationOf(db: Db, workspaceId: string): InstallationRow | undefined {
  return db.select().from(installationsTable).where(eq(installationsTable.workspaceId, workspaceId)).get();
}

/** True when there was a row to delete. */
export function deleteInstallation(db: Db, workspaceId: string): boolean {
  return db.delete(installationsTable).where(eq(installationsTable.workspaceId, workspaceId)).run().changes > 0;
}

export function installations(db: Db): InstallationRow[] {
  return db.select().from(installationsTable).orderBy(installationsTable.workspaceId).all();
}
