// The replay guard's memory: a key per request handled, kept for a while, then forgotten.
import { lt, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { perConnection } from './prepared.ts';
import { requestKeysTable } from './schema.ts';

/** True the first time `key` is seen; false for a repeat, across processes sharing the file. */
export function rememberRequest(db: Db, key: string, now: Date): boolean {
  return rememberQuery(db).run({ key, seenAt: now }).changes === 1;
}

// Every request passes here first: prepared once per connection (src/store/prepared.ts).
const rememberQuery = perConnection((db) =>
  db
    .insert(requestKeysTable)
    .values({ key: sql.placeholder('key'), seenAt: sql.placeholder('seenAt') })
    .onConflictDoNothing()
    .prepare(),
);

/** Forgets keys seen before `before`; returns how many. */
export function forgetRequestsBefore(db: Db, before: Date): number {
  return db.delete(requestKeysTable).where(lt(requestKeysTable.seenAt, before)).run().changes;
}
