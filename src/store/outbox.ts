// The outbox: what the channel must hear about a committed change, queued in the change's own
// transaction, then claimed and delivered by the sender (src/slack/outbox-sender.ts) in id order per
// lane. A claim is a compare-and-set with a lease, so two processes sharing the file never send one
// row twice, and a row whose sender died is taken up again when its lease runs out.
import { and, asc, count, desc, eq, inArray, isNotNull, lt, min, or, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { perConnection } from './prepared.ts';
import { type OUTBOX_KINDS, type OutboxPayloadJson, outboxTable } from './schema.ts';

export type OutboxRow = typeof outboxTable.$inferSelect;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxEntry {
  readonly workspaceId: string;
  readonly migrationId?: number | null;
  readonly lane: string;
  readonly kind: OutboxKind;
  readonly payload: OutboxPayloadJson;
  readonly ref?: string;
}

/**
 * Queues entries in the caller's transaction and returns their ids (null for a state message
 * already queued: the queued one renders the newest state when it is sent).
 */
export function enqueueOutbox(tx: Db, entries: readonly OutboxEntry[]): (number | null)[] {
  // created_at is the database's own clock: delivery runs on real time, whatever clock the rules read.
  return entries.map((e) => {
    const row = tx
      .insert(outboxTable)
      .values({
        workspaceId: e.workspaceId,
        migrationId: e.migrationId ?? null,
        lane: e.lane,
        kind: e.kind,
        payload: e.payload,
        ref: e.ref ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: outboxTable.id })
      .get();
    return row?.id ?? null;
  });
}

const OPEN = ['queued', 'sending'] as const;

/**
 * The first open row of every lane that may be sent now: queued and due, or sending with its lease
 * run out (its sender died). A lane whose head waits (backoff, or another sender holds it) sends
 * nothing, so one lane never overtakes itself.
 */
export function dueHeads(db: Db, now: Date, limit: number): OutboxRow[] {
  const heads = db
    .select({ id: min(outboxTable.id).as('head_id') })
    .from(outboxTable)
    .where(inArray(outboxTable.status, OPEN))
    .groupBy(outboxTable.workspaceId, outboxTable.lane)
    .as('heads');
  return db
    .select({ row: outboxTable })
    .from(outboxTable)
    .innerJoin(heads, eq(heads.id, outboxTable.id))
    .where(
      or(
        and(
          eq(outboxTable.status, 'queued'),
          or(sql`${outboxTable.notBefore} is null`, sql`${outboxTable.notBefore} <= ${now.getTime()}`),
        ),
        and(eq(outboxTable.status, 'sending'), lt(outboxTable.leaseUntil, now)),
      ),
    )
    .orderBy(asc(outboxTable.id))
    .limit(limit)
    .all()
    .map((r) => r.row);
}

/** When the next waiting head becomes due, for the sender's timer; null when nothing waits. */
export function nextDueAt(db: Db): Date | null {
  const row = db
    .select({ at: min(sql<number>`coalesce(${outboxTable.notBefore}, ${outboxTable.leaseUntil})`) })
    .from(outboxTable)
    .where(inArray(outboxTable.status, OPEN))
    .get();
  return row?.at == null ? null : new Date(row.at);
}

/**
 * Compare-and-set: true for exactly one sender, which then holds the row until `leaseUntil`. A row
 * taken over from a sender that died may have gone out already: it is marked uncertain, so the post
 * is looked for in the channel before it is sent again.
 */
export function claimOutboxRow(db: Db, row: Pick<OutboxRow, 'id' | 'status'>, now: Date, leaseUntil: Date): boolean {
  const takeOver = row.status !== 'queued';
  const claimable = takeOver
    ? and(eq(outboxTable.status, 'sending'), lt(outboxTable.leaseUntil, now))
    : eq(outboxTable.status, 'queued');
  const res = db
    .update(outboxTable)
    .set({
      status: 'sending',
      leaseUntil,
      attempts: sql`${outboxTable.attempts} + 1`,
      ...(takeOver ? { uncertain: true } : {}),
    })
    .where(and(eq(outboxTable.id, row.id), claimable))
    .run();
  return res.changes === 1;
}

export function markOutboxSent(tx: Db, id: number, posted: { channel: string; ts: string } | null, now: Date): void {
  tx.update(outboxTable)
    .set({
      status: 'sent',
      sentAt: now,
      leaseUntil: null,
      error: null,
      ...(posted ? { postedChannel: posted.channel, postedTs: posted.ts } : {}),
    })
    .where(eq(outboxTable.id, id))
    .run();
}

/**
 * Back in the queue until `notBefore`. A state message whose newer render is already queued is
 * dropped instead: that one shows the newest state anyway.
 */
export function requeueOutboxRow(
  tx: Db,
  row: Pick<OutboxRow, 'id' | 'workspaceId' | 'ref'>,
  retry: { notBefore: Date; error: string; uncertain: boolean },
  now: Date,
): void {
  if (row.ref !== null) {
    const newer = tx
      .select({ id: outboxTable.id })
      .from(outboxTable)
      .where(
        and(
          eq(outboxTable.workspaceId, row.workspaceId),
          eq(outboxTable.ref, row.ref),
          eq(outboxTable.status, 'queued'),
        ),
      )
      .get();
    if (newer) {
      markOutboxSent(tx, row.id, null, now);
      return;
    }
  }
  tx.update(outboxTable)
    .set({
      status: 'queued',
      leaseUntil: null,
      notBefore: retry.notBefore,
      error: retry.error,
      // A certain outcome (a 429 after the history was looked at) clears it: the post did not land.
      uncertain: retry.uncertain,
    })
    .where(eq(outboxTable.id, row.id))
    .run();
}

export function markOutboxFailed(tx: Db, id: number, error: string): void {
  tx.update(outboxTable).set({ status: 'failed', leaseUntil: null, error }).where(eq(outboxTable.id, id)).run();
}

export function outboxRowById(db: Db, id: number): OutboxRow | null {
  return db.select().from(outboxTable).where(eq(outboxTable.id, id)).get() ?? null;
}

export interface OutboxStats {
  readonly queued: number;
  readonly failed: number;
  /** Age of the oldest message not yet delivered, in seconds; 0 when none waits. */
  readonly oldestAgeSeconds: number;
}

export function outboxStats(db: Db, now: Date): OutboxStats {
  const open = db
    .select({ n: count(), oldest: min(outboxTable.createdAt) })
    .from(outboxTable)
    .where(inArray(outboxTable.status, OPEN))
    .get();
  const failed = db.select({ n: count() }).from(outboxTable).where(eq(outboxTable.status, 'failed')).get();
  const oldest = open?.oldest ? Math.max(0, (now.getTime() - open.oldest.getTime()) / 1000) : 0;
  return { queued: open?.n ?? 0, failed: failed?.n ?? 0, oldestAgeSeconds: oldest };
}

/** Messages of a migration that could not be delivered, newest first, for `/migrate status`. */
const failedQuery = perConnection((db) =>
  db
    .select()
    .from(outboxTable)
    .where(
      and(
        eq(outboxTable.workspaceId, sql.placeholder('workspaceId')),
        eq(outboxTable.migrationId, sql.placeholder('migrationId')),
        eq(outboxTable.status, 'failed'),
        isNotNull(outboxTable.error),
      ),
    )
    .orderBy(sql`${outboxTable.id} desc`)
    .limit(sql.placeholder('limit'))
    .prepare(),
);

export function failedDeliveries(db: Db, workspaceId: string, migrationId: number, limit = 5): OutboxRow[] {
  return failedQuery(db).all({ workspaceId, migrationId, limit });
}

/** Where the newest sent post named `ref` went; null while none has gone out. */
export function postedWithRef(db: Db, workspaceId: string, ref: string): { channel: string; ts: string } | null {
  const row = db
    .select({ channel: outboxTable.postedChannel, ts: outboxTable.postedTs })
    .from(outboxTable)
    .where(
      and(
        eq(outboxTable.workspaceId, workspaceId),
        eq(outboxTable.ref, ref),
        eq(outboxTable.kind, 'post'),
        eq(outboxTable.status, 'sent'),
        isNotNull(outboxTable.postedTs),
      ),
    )
    .orderBy(desc(outboxTable.id))
    .limit(1)
    .get();
  return row?.channel && row.ts ? { channel: row.channel, ts: row.ts } : null;
}
