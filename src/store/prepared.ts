// The hottest reads (every command reads the channel's migration, status reads every service) are
// built and prepared once per connection. Otherwise drizzle builds their SQL and better-sqlite3
// prepares it on every call: measured, that was most of `/migrate status`'s CPU time at 60 services.
import type { Db } from './db.ts';

/** `build` runs once per connection (a transaction's handle gets its own, short-lived, copy). */
export function perConnection<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let query = cache.get(db);
    if (query === undefined) {
      query = build(db);
      cache.set(db, query);
    }
    return query;
  };
}
