// Opens the SQLite file and applies pending schema files from migrations/ (drizzle-kit output).
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as applyDrizzleMigrations } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  readonly db: Db;
  readonly sqlite: Database.Database;
  close(): void;
}

/**
 * migrations/ sits at the package root: two folders up from src/store/db.ts, three from the
 * compiled dist/src/store/db.js. Found from this file, never from the working folder.
 */
export const SCHEMA_FOLDER = findSchemaFolder(dirname(fileURLToPath(import.meta.url)));

function findSchemaFolder(here: string): string {
  const candidates = [resolve(here, '../../migrations'), resolve(here, '../../../migrations')];
  return candidates.find((c) => existsSync(resolve(c, 'meta/_journal.json'))) ?? (candidates[0] as string);
}

/** The database file cannot be created or opened; the message names the path (DATABASE_URL). */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `cannot open the database at ${path} (DATABASE_URL): ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** `url` is a file path, `file:` URL or `:memory:`; the folder is created when missing. */
export function openStore(url: string): Store {
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  let sqlite: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    sqlite = new Database(path);
  } catch (err) {
    throw new StoreOpenError(path === ':memory:' ? path : resolve(path), err);
  }
  // WAL: readers never block the writer, and two bot processes can share the file.
  sqlite.pragma('journal_mode = WAL');
  // The schema's ON DELETE rules hold (SQLite leaves foreign keys off unless asked).
  sqlite.pragma('foreign_keys = ON');
  // A writer waits up to 5 s for another's lock instead of failing with SQLITE_BUSY at once.
  sqlite.pragma('busy_timeout = 5000');
  // NORMAL under WAL: a crash of the process (kill -9) loses nothing committed; a power cut or an
  // OS crash may lose the last transactions committed since the last WAL sync, but never leaves the
  // file corrupt. FULL would close that gap at the cost of an fsync per commit.
  sqlite.pragma('synchronous = NORMAL');
  const db = drizzle(sqlite, { schema });
  return { db, sqlite, close: () => sqlite.close() };
}

/** Applies every schema file in migrations/ not yet applied; safe to run at every start-up. */
export function applySchema(store: Store): void {
  applyDrizzleMigrations(store.db, { migrationsFolder: SCHEMA_FOLDER });
}

/** For /healthz: true when the database answers a trivial query. */
export function pingStore(store: Store): boolean {
  try {
    return store.sqlite.prepare('select 1 as ok').get() !== undefined;
  } catch {
    return false;
  }
}
