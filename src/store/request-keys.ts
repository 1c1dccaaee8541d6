// The replay guard's memory: a key per request handled, kept for a while, then forgotten.
import { lt } from 'drizzle-orm';
import type { Db } from './db.ts';
import { requestKeysTable } from './schema.ts';

/** True the first time `key` is seen; false for a repeat, across processes sharing the file. */
export function rememberRequest(db: Db, key: string, now: Date): boolean {
  const res = db.insert(requestKeysTable).values({ key, seenAt: now }).onConflictDoNothing().run();
  return res.changes === 1;
}

/** Forgets keys seen before `before`; returns how many. */
export function forgetRequestsBefore(db: Db, before: Date): number {
  return db.delete(requestKeysTable).where(lt(requestKeysTable.seenAt, before)).run().changes;
}
