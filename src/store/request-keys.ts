// The replay guard's memory: a key per request handled, kept for a while, then forgotten.
import { lt, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { perConnection } from './prepared.ts';
import { countBookkeeping } from './read-cache.ts';
import { requestKeysTable } from './schema.ts';

/** True the first time `key` is seen; false for a repeat, across processes sharing the file. */
export function rememberRequest(db: Db, key: string, now: Date): boolean {
  const { changes } = rememberQuery(db).run({ key, seenAt: now });
  countBookkeeping(db, changes);
  return changes === 1;
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
  const { changes } = db.delete(requestKeysTable).where(lt(requestKeysTable.seenAt, before)).run();
  countBookkeeping(db, changes);
  return changes;
}
