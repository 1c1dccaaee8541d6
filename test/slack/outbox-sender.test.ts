import { WebClient } from '@slack/web-api';
import { inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createOutboxSender, type Delivery, type OutboxSender } from '../../src/slack/outbox-sender.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { enqueueOutbox, type OutboxEntry } from '../../src/store/outbox.ts';
import { outboxTable } from '../../src/store/schema.ts';
import { FakeSlack } from '../support/fake-slack.ts';

const WS = 'T0001';

describe('the outbox sender', () => {
  let fake: FakeSlack;
  let store: Store;
  let sender: OutboxSender;
  let settled: { id: number; delivery: Delivery }[];
  let state: Map<string, string>;

  function start(overrides: { historyIntervalMs?: number } = {}) {
    const client = new WebClient('xoxb-outbox-test', {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 2000,
    });
    sender = createOutboxSender({
      store,
      logger: createLogger('error'),
      clientFor: () => client,
      render: (_db, _ws, ref) => {
        const text = state.get(ref);
        return text ? { channel: 'C1', ts: '1.1', message: { text } } : null;
      },
      onSettled: (_tx, row, delivery) => settled.push({ id: row.id, delivery }),
      baseDelayMs: 1,
      maxDelayMs: 20,
      historyIntervalMs: overrides.historyIntervalMs ?? 0,
    });
  }

  const post = (lane: string, text: string): OutboxEntry => ({
    workspaceId: WS,
    lane,
    kind: 'post',
    payload: { channel: lane, message: { text } },
  });
  const enqueue = (entries: OutboxEntry[]) => {
    const ids = store.db.transaction((tx) => enqueueOutbox(tx, entries));
    sender.kick();
    return ids;
  };
  const open = () =>
    store.db
      .select()
      .from(outboxTable)
      .where(inArray(outboxTable.status, ['queued', 'sending']))
      .all().length;
  const delivered = () => fake.waitFor(() => open() === 0, 'every outbox row settled');
  const shown = (channel: string) => (fake.history.get(channel) ?? []).map((m) => m.text);

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    store = openStore(':memory:');
    applySchema(store);
    settled = [];
    state = new Map();
  });
  afterEach(async () => {
    await sender.stop();
    store.close();
    await fake.stop();
  });

  it('delivers every message once and in order per channel through a storm of 429s and 500s', async () => {
    start();
    let n = 0;
    fake.fault('chat.postMessage', () => {
      n += 1;
      if (n > 40) return null;
      if (n % 3 === 0) return { status: 429, retryAfter: 0 };
      if (n % 3 === 1) return { status: 500 };
      return null;
    });
    const channels = ['C1', 'C2', 'C3'];
    const expected = new Map(channels.map((c) => [c, [] as string[]]));
    const entries: OutboxEntry[] = [];
    for (let i = 0; i < 24; i++) {
      const channel = channels[i % 3] ?? 'C1';
      entries.push(post(channel, `${channel} message ${i}`));
      expected.get(channel)?.push(`${channel} message ${i}`);
    }
    enqueue(entries);
    await delivered();
    for (const c of channels) expect(shown(c)).toEqual(expected.get(c));
    expect(settled.every((s) => s.delivery.ok)).toBe(true);
    expect(settled).toHaveLength(24);
    expect(fake.callsTo('chat.postMessage').length).toBeGreaterThan(40);
  });

  it('does not post twice when the answer to a post was lost', async () => {
    start();
    let first = true;
    fake.fault('chat.postMessage', () => {
      if (!first) return null;
      first = false;
      return { dropAnswer: true };
    });
    enqueue([post('C1', 'cutover requested'), post('C1', 'next one')]);
    await delivered();
    expect(shown('C1')).toEqual(['cutover requested', 'next one']);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('looks at a channel’s history at most once per interval', async () => {
    start({ historyIntervalMs: 60_000 });
    let calls = 0;
    fake.fault('chat.postMessage', () => (++calls <= 2 ? { status: 500 } : null));
    enqueue([post('C1', 'one')]);
    await fake.waitFor(() => fake.callsTo('conversations.history').length === 1, 'the first history check');
    await fake.waitFor(() => calls >= 2, 'the retry');
    // The second 500 leaves the post uncertain again, but the channel was looked at moments ago.
    await sender.idle();
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(open()).toBe(1);
  });

  it('marks a message failed, with the reason, when the bot cannot post in the channel', async () => {
    start();
    fake.cannotPost.set('C9', 'not_in_channel');
    enqueue([post('C9', 'lost cause'), post('C1', 'fine')]);
    await delivered();
    const rows = store.db.select().from(outboxTable).all();
    expect(rows.map((r) => [r.lane, r.status, r.error])).toEqual([
      ['C9', 'failed', 'not_in_channel'],
      ['C1', 'sent', null],
    ]);
    expect(settled.find((s) => !s.delivery.ok)?.delivery).toEqual({ ok: false, error: 'not_in_channel' });
  });

  it('sends a thread reply under its parent once the parent has a ts', async () => {
    start();
    const [parent] = store.db.transaction((tx) => enqueueOutbox(tx, [post('C1', 'digest')]));
    enqueue([
      {
        workspaceId: WS,
        lane: 'C1',
        kind: 'post',
        payload: { channel: 'C1', threadOf: parent, message: { text: 'part 1' } },
      },
    ]);
    await delivered();
    const replies = fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts);
    expect(replies.map((c) => c.args.thread_ts)).toEqual([fake.history.get('C1')?.[0]?.ts]);
  });

  it('keeps one queued render per state message, and ends showing the newest state', async () => {
    start();
    const release = fake.hold('chat.update');
    const refresh: OutboxEntry = { workspaceId: WS, lane: 'C1', kind: 'refresh', payload: {}, ref: 'approval:1' };
    state.set('approval:1', '1 of 2 approvals');
    enqueue([refresh]);
    await fake.waitForCall('chat.update');
    state.set('approval:1', '2 of 2: approved');
    expect(store.db.transaction((tx) => enqueueOutbox(tx, [refresh, refresh]))).toEqual([2, null]);
    sender.kick();
    release();
    await delivered();
    const updates = fake.callsTo('chat.update').map((c) => c.args.text);
    // The slow first render went out first; the one queued behind it shows the newest state last.
    expect(updates).toEqual(['1 of 2 approvals', '2 of 2: approved']);
  });

  it('takes up a row whose sender died once its lease ran out, after a restart', async () => {
    store.db.transaction((tx) =>
      enqueueOutbox(tx, [post('C1', 'claimed by a sender that was killed'), post('C1', 'after it')]),
    );
    store.db
      .update(outboxTable)
      .set({ status: 'sending', leaseUntil: new Date(Date.now() - 1), attempts: 1 })
      .where(inArray(outboxTable.id, [1]))
      .run();
    start();
    sender.kick();
    await delivered();
    expect(shown('C1')).toEqual(['claimed by a sender that was killed', 'after it']);
  });
});
