// A change and what reports it, in one transaction: the callback changes the store and returns the
// effects that announce it; the channel's share (posts, DMs, updates, refreshes, uploads) is queued
// in the outbox before the transaction commits, so a crash can lose both or neither, never only the
// announcement. What is left (private replies, modals) belongs to one person's request and runs now.
import type { Deps } from '../deps.ts';
import type { Effect } from '../slack/effect.ts';
import type { OutboxContext } from '../slack/outbox.ts';
import type { Db } from '../store/db.ts';
import type { MigrationRow } from '../store/migrations.ts';

export interface CommitOptions {
  /** `immediate` takes the write lock at the start, for a read-then-write that must not be overtaken. */
  readonly behavior?: 'deferred' | 'immediate' | 'exclusive';
}

/** The outbox rows of a migration's messages name it, so a failed one shows in its status. */
export function outboxContext(migration: Pick<MigrationRow, 'workspaceId' | 'id'>): OutboxContext {
  return { workspaceId: migration.workspaceId, migrationId: migration.id };
}

/**
 * Runs `change` in one transaction (a savepoint inside a caller's), queues the channel effects it
 * returns in that same transaction, and returns the rest. The callback must stay synchronous and
 * read Slack beforehand: the write lock is held while it runs.
 */
export function commit(
  deps: Pick<Deps, 'store' | 'outbox'>,
  context: OutboxContext,
  change: (tx: Db) => readonly Effect[],
  options: CommitOptions = {},
): Effect[] {
  return deps.store.db.transaction((tx) => deps.outbox.enqueue(tx, context, change(tx)), options);
}
