// Answers that are a pure function of what the database holds (`/migrate status`) are worked out
// once and reused until anything is written. "Anything" is deliberately coarse, so an answer can
// never be older than the state: a write by this connection moves SQLite's total_changes(), a commit
// by any other connection or process (the CLI, a second bot) moves PRAGMA data_version. The one
// write every request makes, the replay guard's key, is bookkeeping that no answer reads: its
// changes are counted here and left out, or nothing would ever be reused.
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

/** Answers kept per connection, for one version of the data at a time; a cap keeps memory bounded. */
const MAX_ANSWERS = 64;

interface Answers {
  readonly version: Database.Statement<[], unknown>;
  /** Changes this connection made to tables no cached answer reads. */
  bookkeeping: number;
  at: string;
  readonly kept: Map<string, unknown>;
  /** Told of every cached read, for the metrics: which answer, and whether it was reused. */
  watch: ((answer: string, reused: boolean) => void) | null;
}

const byConnection = new WeakMap<Database.Database, Answers>();

/** The connection behind `db`; undefined for a transaction's handle, which caches nothing. */
function clientOf(db: Db): Database.Database | undefined {
  return (db as { $client?: Database.Database }).$client;
}

function answersOf(sqlite: Database.Database): Answers {
  let answers = byConnection.get(sqlite);
  if (answers === undefined) {
    const version = sqlite.prepare<[], unknown>('select total_changes(), data_version from pragma_data_version');
    answers = { version, bookkeeping: 0, at: '', kept: new Map(), watch: null };
    byConnection.set(sqlite, answers);
  }
  return answers;
}

/** Calls `watch` on every cached read through this connection (the composition root counts them). */
export function watchCachedReads(db: Db, watch: (answer: string, reused: boolean) => void): void {
  const sqlite = clientOf(db);
  if (sqlite) answersOf(sqlite).watch = watch;
}

/** Records `changes` rows written to bookkeeping tables (the replay guard's keys), which no answer reads. */
export function countBookkeeping(db: Db, changes: number): void {
  const sqlite = clientOf(db);
  if (sqlite && changes > 0) answersOf(sqlite).bookkeeping += changes;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Where the data stands: this connection's own writes (bookkeeping left out) and every other connection's commits. */
function versionOf(answers: Answers): string {
  const [changes, dataVersion] = answers.version.raw().get() as [number, number];
  return `${dataVersion}:${changes - answers.bookkeeping}`;
}

/**
 * `compute()`'s result for `key` of `answer` (`status`), reused while nothing but bookkeeping has
 * been written. `compute` must read only the database (no clock, no Slack) and run synchronously:
 * no write of this process can then fall between reading the version and reading the data, and a
 * commit by another process meanwhile only makes the kept answer newer than its version, never
 * older. Inside a transaction nothing is kept.
 */
export function cachedRead<T>(db: Db, answer: string, key: string, compute: () => T): T {
  const sqlite = clientOf(db);
  if (sqlite === undefined || sqlite.inTransaction) return compute();
  const answers = answersOf(sqlite);
  const at = versionOf(answers);
  if (answers.at !== at) {
    answers.kept.clear();
    answers.at = at;
  }
  const id = `${answer}:${key}`;
  const reused = answers.kept.has(id);
  answers.watch?.(answer, reused);
  if (reused) return answers.kept.get(id) as T;
  // Frozen: one reader changing a kept answer would change it for every later reader.
  const value = deepFreeze(compute());
  if (answers.kept.size >= MAX_ANSWERS) answers.kept.clear();
  answers.kept.set(id, value);
  return value;
}
