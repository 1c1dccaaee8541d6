// Opens the SQLite file and applies pending schema files from migrations/ (drizzle-kit output).
import { mkdirSync } from 'node:fs';
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

const SCHEMA_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** `url` is a file path, `file:` URL or `:memory:`; the folder is created when missing. */
export function openStore(url: string): Store {
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
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
