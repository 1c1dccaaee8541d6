// The one sender of the outbox: delivers queued messages in id order per lane (a channel, or a user
// for a DM), one row in flight per lane, several lanes at once. The Web API client's own retries
// are off (`retries: 0`, `rejectRateLimitedCalls`): this sender honours Retry-After, backs off on
// 5xx and network errors, and survives restarts, because what is not delivered stays queued.
// A post carries its outbox key in `metadata`, so after an uncertain outcome (a time-out or 5xx once
// the request left) the sender looks in the channel's recent history before posting again.
import type { KnownBlock } from '@slack/types';
import { ErrorCode, type WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { Db, Store } from '../store/db.ts';
import {
  claimOutboxRow,
  dueHeads,
  markOutboxFailed,
  markOutboxSent,
  nextDueAt,
  type OutboxRow,
  outboxRowById,
  requeueOutboxRow,
} from '../store/outbox.ts';
import type { Message } from './effect.ts';
import { mentionChannel } from './format.ts';

export const OUTBOX_EVENT_TYPE = 'migrate_bot_outbox';
const zKeyPayload = z.object({ key: z.string() });

const zMessage = z.object({ text: z.string(), blocks: z.array(z.custom<KnownBlock>()).optional() });
export const zOutboxPost = z.object({
  channel: z.string(),
  message: zMessage,
  threadTs: z.string().optional(),
  /** A reply in the thread of another outbox row's message, whose ts is known only once it is sent. */
  threadOf: z.number().int().optional(),
  fallbackDmTo: z.string().optional(),
});
export const zOutboxUpdate = z.object({ channel: z.string(), ts: z.string(), message: zMessage });
export const zOutboxUpload = z.object({
  channel: z.string(),
  filename: z.string(),
  title: z.string(),
  contentBase64: z.string(),
  threadTs: z.string().optional(),
  comment: z.string().optional(),
});

/** A message that shows state, rendered from the store when it is sent; null when there is nothing to show. */
export type RenderRef = (
  db: Db,
  workspaceId: string,
  ref: string,
) => { channel: string; ts: string; message: Message } | null;

export type Delivery =
  | { readonly ok: true; readonly channel: string; readonly ts: string }
  | { readonly ok: false; readonly error: string };

export interface OutboxSenderOptions {
  readonly store: Store;
  readonly logger: Logger;
  /** The client for a workspace (its own token); built with retries off and rate limits rejected. */
  readonly clientFor: (workspaceId: string) => WebClient;
  readonly render: RenderRef;
  /** Runs in the transaction that marks the row sent or failed: receipts, and telling the creator. */
  readonly onSettled?: (tx: Db, row: OutboxRow, delivery: Delivery) => void;
  /** Real time for back-off and leases; never the rules' injected clock. */
  readonly clock?: () => Date;
  /** First back-off step; doubles per attempt up to maxDelayMs. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Attempts before a row that keeps failing is marked failed. */
  readonly maxAttempts?: number;
  /** How long a claim holds a row before another sender may take it (its sender died). */
  readonly leaseMs?: number;
  /** Lanes delivered at once. */
  readonly concurrency?: number;
  /** At most one history look-up per channel in this time (Slack rate-limits conversations.history hard). */
  readonly historyIntervalMs?: number;
}

export interface OutboxSender {
  /** Something was queued: deliver what is due now. */
  kick(): void;
  /** Resolves when nothing is in flight and nothing is due (later retries may still wait). */
  idle(): Promise<void>;
  /** Stops taking rows and waits for the ones in flight; what is queued stays for the next start. */
  stop(): Promise<void>;
  /** True while a row is in flight or one is due now. */
  busy(): boolean;
}

/** Slack's answers that mean "the bot cannot post in this channel". */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);
/** Platform errors worth another try: Slack's side had trouble, the request may not have counted. */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

type Outcome =
  | { readonly kind: 'sent'; readonly posted: { channel: string; ts: string } | null }
  | { readonly kind: 'retry'; readonly afterMs: number | null; readonly uncertain: boolean; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** What a failed call means for the row: wait and retry (maybe it landed), or give up for good. */
export function classifyFailure(err: unknown): Exclude<Outcome, { kind: 'sent' }> {
  const e = err as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; data?: { error?: unknown } };
  if (e?.code === ErrorCode.RateLimitedError) {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
    return { kind: 'retry', afterMs: seconds * 1000, uncertain: false, reason: 'ratelimited' };
  }
  if (e?.code === ErrorCode.PlatformError) {
    const reason = typeof e.data?.error === 'string' ? e.data.error : 'platform_error';
    return TRANSIENT.has(reason)
      ? { kind: 'retry', afterMs: null, uncertain: reason !== 'ratelimited', reason }
      : { kind: 'failed', reason };
  }
  if (e?.code === ErrorCode.HTTPError) {
    const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
    if (status >= 500 || status === 408)
      return { kind: 'retry', afterMs: null, uncertain: true, reason: `http_${status}` };
    return { kind: 'failed', reason: `http_${status}` };
  }
  // A network error or a time-out: the request may or may not have reached Slack.
  return {
    kind: 'retry',
    afterMs: null,
    uncertain: true,
    reason: e?.code === ErrorCode.RequestError ? 'network_error' : 'unknown_error',
  };
}

export function outboxKey(row: Pick<OutboxRow, 'workspaceId' | 'id'>): string {
  return `${row.workspaceId}:${row.id}`;
}

export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { store, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 300_000;
  const maxAttempts = options.maxAttempts ?? 15;
  // Long enough for one delivery's calls (10 s time-out each); short, because after a crash the row
  // its sender held blocks its lane until the lease runs out.
  const leaseMs = options.leaseMs ?? 30_000;
  const concurrency = options.concurrency ?? 4;
  const historyIntervalMs = options.historyIntervalMs ?? 60_000;
  const busy = new Map<string, Promise<void>>();
  const lastHistoryCheck = new Map<string, number>();
  const idleWaiters: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;

  const laneOf = (row: Pick<OutboxRow, 'workspaceId' | 'lane'>) => `${row.workspaceId}\n${row.lane}`;

  function settle(row: OutboxRow, outcome: Outcome): void {
    const now = clock();
    store.db.transaction((tx) => {
      if (outcome.kind === 'sent') {
        markOutboxSent(tx, row.id, outcome.posted, now);
        if (outcome.posted) options.onSettled?.(tx, row, { ok: true, ...outcome.posted });
        return;
      }
      // Slack asking the bot to wait is no failure: a rate-limited row waits as long as it is told.
      const giveUp = outcome.kind === 'failed' || (row.attempts >= maxAttempts && outcome.reason !== 'ratelimited');
      if (giveUp) {
        markOutboxFailed(tx, row.id, outcome.reason);
        options.onSettled?.(tx, row, { ok: false, error: outcome.reason });
        return;
      }
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, row.attempts - 1));
      // A little jitter keeps many lanes from retrying in lockstep after one outage.
      const delay = outcome.afterMs ?? backoff * (0.8 + Math.random() * 0.4);
      requeueOutboxRow(
        tx,
        row,
        { notBefore: new Date(now.getTime() + delay), error: outcome.reason, uncertain: outcome.uncertain },
        now,
      );
    });
    if (outcome.kind !== 'sent') logger.warn(`[outbox][${row.id}][${row.kind}] ${outcome.kind}: ${outcome.reason}`);
  }

  async function alreadyPosted(client: WebClient, row: OutboxRow, channel: string): Promise<Outcome | string | null> {
    const key = laneOf(row);
    const last = lastHistoryCheck.get(key) ?? 0;
    const wait = last + historyIntervalMs - clock().getTime();
    if (wait > 0) return { kind: 'retry', afterMs: wait, uncertain: true, reason: 'waiting_to_check_history' };
    lastHistoryCheck.set(key, clock().getTime());
    const res = await client.conversations.history({
      channel,
      limit: 100,
      include_all_metadata: true,
      oldest: String(Math.floor(row.createdAt.getTime() / 1000) - 60),
    });
    const found = (res.messages ?? []).find(
      (m) =>
        m.metadata?.event_type === OUTBOX_EVENT_TYPE &&
        zKeyPayload.safeParse(m.metadata.event_payload).data?.key === outboxKey(row),
    );
    return found?.ts ?? null;
  }

  async function sendPost(client: WebClient, row: OutboxRow): Promise<Outcome> {
    const post = zOutboxPost.parse(row.payload);
    let channel = post.channel;
    let threadTs = post.threadTs;
    if (post.threadOf !== undefined) {
      const parent = outboxRowById(store.db, post.threadOf);
      if (!parent?.postedTs) return { kind: 'failed', reason: 'thread_parent_not_delivered' };
      channel = parent.postedChannel ?? channel;
      threadTs = parent.postedTs;
    }
    if (row.uncertain) {
      // A failed look-up leaves the post as uncertain as it was.
      const seen = await alreadyPosted(client, row, channel).catch((err: unknown): Outcome => {
        const outcome = classifyFailure(err);
        return outcome.kind === 'retry' ? { ...outcome, uncertain: true } : outcome;
      });
      if (typeof seen === 'string') return { kind: 'sent', posted: { channel, ts: seen } };
      if (seen !== null) return seen;
    }
    const metadata = { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: outboxKey(row) } };
    try {
      const res = await client.chat.postMessage({
        channel,
        text: post.message.text,
        ...(post.message.blocks ? { blocks: post.message.blocks } : {}),
        ...(threadTs ? { thread_ts: threadTs } : {}),
        metadata,
      });
      return { kind: 'sent', posted: { channel: res.channel ?? channel, ts: res.ts ?? '' } };
    } catch (err) {
      const code = (err as { data?: { error?: unknown } }).data?.error;
      if (!post.fallbackDmTo || typeof code !== 'string' || !CANNOT_POST.has(code)) throw err;
      const why =
        code === 'is_archived'
          ? `I could not post in ${mentionChannel(channel)} because it is archived, so here it is privately.`
          : `I could not post in ${mentionChannel(channel)}: invite me there with \`/invite @migrate-bot\` and the next one will go to the channel. Here it is privately.`;
      const note: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: why }] };
      const blocks = [note, ...(post.message.blocks ?? [])].slice(0, 50);
      const res = await client.chat.postMessage({
        channel: post.fallbackDmTo,
        text: post.message.text,
        blocks,
        metadata,
      });
      logger.info(`[outbox][${row.id}] ${channel}: ${code}; sent to ${post.fallbackDmTo} by DM`);
      return { kind: 'sent', posted: { channel: res.channel ?? post.fallbackDmTo, ts: res.ts ?? '' } };
    }
  }

  async function deliver(row: OutboxRow): Promise<Outcome> {
    const client = options.clientFor(row.workspaceId);
    switch (row.kind) {
      case 'post':
        return sendPost(client, row);
      case 'update': {
        const u = zOutboxUpdate.parse(row.payload);
        await client.chat.update({
          channel: u.channel,
          ts: u.ts,
          text: u.message.text,
          blocks: u.message.blocks ?? [],
        });
        return { kind: 'sent', posted: { channel: u.channel, ts: u.ts } };
      }
      case 'refresh': {
        const shown = row.ref ? options.render(store.db, row.workspaceId, row.ref) : null;
        if (!shown) return { kind: 'sent', posted: null };
        const { channel, ts, message } = shown;
        await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks ?? [] });
        return { kind: 'sent', posted: { channel, ts } };
      }
      case 'upload': {
        const u = zOutboxUpload.parse(row.payload);
        const common = {
          channel_id: u.channel,
          file: Buffer.from(u.contentBase64, 'base64'),
          filename: u.filename,
          title: u.title,
        };
        const comment = u.comment ? { initial_comment: u.comment } : {};
        await client.files.uploadV2(
          u.threadTs ? { ...common, ...comment, thread_ts: u.threadTs } : { ...common, ...comment },
        );
        return { kind: 'sent', posted: null };
      }
    }
  }

  async function work(row: OutboxRow): Promise<void> {
    const now = clock();
    if (!claimOutboxRow(store.db, row, now, new Date(now.getTime() + leaseMs))) return;
    const claimed = { ...row, attempts: row.attempts + 1, uncertain: row.uncertain || row.status === 'sending' };
    let outcome: Outcome;
    try {
      outcome = await deliver(claimed);
    } catch (err) {
      outcome = err instanceof z.ZodError ? { kind: 'failed', reason: 'invalid_payload' } : classifyFailure(err);
    }
    settle(claimed, outcome);
  }

  function pump(): void {
    try {
      fill();
    } catch (err) {
      // The database is gone (closing, or broken): nothing can be claimed; the next kick tries again.
      logger.error('[outbox] could not read the queue:', err instanceof Error ? err.message : String(err));
      for (const resolve of idleWaiters.splice(0)) resolve();
    }
  }

  function fill(): void {
    if (stopping) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const free = concurrency - busy.size;
    if (free > 0) {
      for (const row of dueHeads(store.db, clock(), free + busy.size)) {
        const lane = laneOf(row);
        if (busy.has(lane) || busy.size >= concurrency) continue;
        const job = work(row)
          .catch((err) => logger.error(`[outbox][${row.id}] could not be settled:`, err))
          .finally(() => {
            busy.delete(lane);
            pump();
          });
        busy.set(lane, job);
      }
    }
    if (busy.size > 0) return;
    const next = nextDueAt(store.db);
    if (next) timer = setTimeout(pump, Math.max(10, next.getTime() - clock().getTime()));
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  return {
    kick: () => queueMicrotask(pump),
    busy: () => {
      if (stopping) return false;
      try {
        return busy.size > 0 || dueHeads(store.db, clock(), 1).length > 0;
      } catch {
        return busy.size > 0;
      }
    },
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        queueMicrotask(pump);
      }),
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...busy.values()]);
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
}
