// Effects into the outbox: every message for a channel or a person's DMs (post, thread replies,
// DM, update, refresh of a message that shows state, upload) becomes a row, written in the caller's
// transaction; private replies and modals belong to one person's request and are returned to run
// at once. The sender (outbox-sender.ts) delivers the rows in order per lane.
import { z } from 'zod';
import type { Db } from '../store/db.ts';
import { enqueueOutbox, type OutboxEntry, type OutboxRow } from '../store/outbox.ts';
import type { Effect, Receipt } from './effect.ts';

export interface OutboxContext {
  readonly workspaceId: string;
  readonly migrationId?: number | null;
}

/** What a caller needs of the outbox: queue effects in its transaction, or in one of their own. */
export interface Outbox {
  /** Queues the channel effects in `tx` and returns the rest (replies, modals) to run now. */
  enqueue(tx: Db, context: OutboxContext, effects: readonly Effect[]): Effect[];
  /** Queues the channel effects in a transaction of their own, then delivers; returns the rest. */
  send(context: OutboxContext, effects: readonly Effect[]): Effect[];
}

type ChannelEffect = Extract<Effect, { type: 'post' | 'dm' | 'update' | 'refresh' | 'upload' }>;

export function isChannelEffect(effect: Effect): effect is ChannelEffect {
  return effect.type !== 'reply' && effect.type !== 'openModal';
}

/** The approval request message's state, rendered from the store when the refresh is sent. */
export const approvalRef = (requestId: number) => `approval:${requestId}`;
/** A service's end-of-monitoring prompt, rendered from the store when the refresh is sent. */
export const monitoringRef = (serviceId: number) => `monitoring:${serviceId}`;
/**
 * The prompt's own post, named apart from its refreshes: a queued refresh must never stand in for
 * the post (one queued row per ref), and the refresh finds the post's message by this name.
 */
export const monitoringPostRef = (serviceId: number) => `monitoring-prompt:${serviceId}`;

export function parseRef(ref: string): { kind: 'approval' | 'monitoring'; id: number } | null {
  const m = /^(approval|monitoring):(\d+)$/.exec(ref);
  return m ? { kind: m[1] === 'approval' ? 'approval' : 'monitoring', id: Number(m[2]) } : null;
}

const zReceipt = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('approvalMessage'), requestId: z.number().int() }),
  z.object({
    kind: z.literal('digestRun'),
    workspaceId: z.string(),
    migrationId: z.number().int(),
    at: z.coerce.date(),
    localDate: z.string().nullable(),
    tellOnFailure: z.string().nullable(),
  }),
]);

/** The receipt a row's post carries, read back from its JSON (dates come back as strings). */
export function receiptOf(row: Pick<OutboxRow, 'payload'>): Receipt | null {
  const parsed = zReceipt.safeParse(row.payload.receipt);
  return parsed.success ? parsed.data : null;
}

function entry(context: OutboxContext, lane: string, rest: Omit<OutboxEntry, 'workspaceId' | 'lane'>): OutboxEntry {
  return { workspaceId: context.workspaceId, migrationId: context.migrationId ?? null, lane, ...rest };
}

function queue(tx: Db, context: OutboxContext, effect: ChannelEffect): void {
  switch (effect.type) {
    case 'post': {
      const payload = {
        channel: effect.channel,
        message: effect.message,
        ...(effect.threadTs ? { threadTs: effect.threadTs } : {}),
        ...(effect.fallbackDmTo ? { fallbackDmTo: effect.fallbackDmTo } : {}),
        ...(effect.receipt ? { receipt: effect.receipt } : {}),
      };
      const [parent] = enqueueOutbox(tx, [
        entry(context, effect.channel, { kind: 'post', payload, ...(effect.ref ? { ref: effect.ref } : {}) }),
      ]);
      const replies = (effect.thread ?? []).map((message) =>
        entry(context, effect.channel, {
          kind: 'post',
          payload: { channel: effect.channel, threadOf: parent, message },
        }),
      );
      enqueueOutbox(tx, replies);
      return;
    }
    case 'dm':
      enqueueOutbox(tx, [
        entry(context, effect.user, { kind: 'post', payload: { channel: effect.user, message: effect.message } }),
      ]);
      return;
    case 'update':
      enqueueOutbox(tx, [
        entry(context, effect.channel, {
          kind: 'update',
          payload: { channel: effect.channel, ts: effect.ts, message: effect.message },
        }),
      ]);
      return;
    case 'refresh':
      enqueueOutbox(tx, [entry(context, effect.channel, { kind: 'refresh', payload: {}, ref: effect.ref })]);
      return;
    case 'upload': {
      const content = typeof effect.content === 'string' ? Buffer.from(effect.content) : effect.content;
      const payload = {
        channel: effect.channel,
        filename: effect.filename,
        title: effect.title,
        contentBase64: content.toString('base64'),
        ...(effect.threadTs ? { threadTs: effect.threadTs } : {}),
        ...(effect.comment ? { comment: effect.comment } : {}),
      };
      enqueueOutbox(tx, [entry(context, effect.channel, { kind: 'upload', payload })]);
      return;
    }
  }
}

export function createOutbox(db: Db, kick: () => void): Outbox {
  const enqueue = (tx: Db, context: OutboxContext, effects: readonly Effect[]): Effect[] => {
    for (const effect of effects) if (isChannelEffect(effect)) queue(tx, context, effect);
    return effects.filter((e) => !isChannelEffect(e));
  };
  return {
    enqueue(tx, context, effects) {
      const rest = enqueue(tx, context, effects);
      // Most commits queue nothing; waking the sender then would only make it look for due rows.
      if (rest.length < effects.length) kick();
      return rest;
    },
    send(context, effects) {
      if (!effects.some(isChannelEffect)) return [...effects];
      const rest = db.transaction((tx) => enqueue(tx, context, effects));
      kick();
      return rest;
    },
  };
}
