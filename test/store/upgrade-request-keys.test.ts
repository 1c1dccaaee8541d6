// The replay guard's table is rebuilt WITHOUT ROWID by migrations/0006: a database that already
// holds keys (written under 0005) keeps every one, so a request seen just before the upgrade is
// still refused after it, and the new table answers the guard's insert and its forgetting.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { applySchema, openStore, SCHEMA_FOLDER, type Store } from '../../src/store/db.ts';
import { forgetRequestsBefore, rememberRequest } from '../../src/store/request-keys.ts';

const REBUILD = '0006_request_keys_without_rowid';
let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-bot-upgrade-keys-'));
  // The schema files as they were before the rebuild: the same folder, its journal cut short.
  const before = join(dir, 'migrations');
  cpSync(SCHEMA_FOLDER, before, { recursive: true });
  const journalFile = join(before, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === REBUILD);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  store = openStore(join(dir, 'bot.db'));
  migrate(store.db, { migrationsFolder: before });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps every key through the rebuild and leaves one b-tree without rowid', () => {
  const at = new Date('2026-11-25T10:00:00Z');
  for (const key of ['trigger:1', 'trigger:2', 'event:Ev1']) expect(rememberRequest(store.db, key, at)).toBe(true);
  const withoutRowid = () =>
    store.sqlite.prepare("select wr from pragma_table_list where name = 'request_keys'").pluck().get();
  expect(withoutRowid()).toBe(0);
  applySchema(store);
  expect(withoutRowid()).toBe(1);
  const indexes = store.sqlite.prepare(
    "select name from sqlite_master where type = 'index' and tbl_name = 'request_keys'",
  );
  // No index at all, not even for the key: the table is the key's b-tree.
  expect(indexes.pluck().all()).toEqual([]);
  expect(rememberRequest(store.db, 'trigger:1', at)).toBe(false);
  expect(rememberRequest(store.db, 'trigger:3', new Date(at.getTime() + 1))).toBe(true);
  expect(forgetRequestsBefore(store.db, new Date(at.getTime() + 1))).toBe(3);
  expect(store.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
});
