// The storm through the real app: four channels, each with its own migration, go through starts,
// dependency edits, cutover requests, approvals and switches while Slack answers chat.postMessage
// and chat.update with 429s (Retry-After) and 500s. Then every message is in its channel exactly
// once, in the order its changes were committed, and every approval message shows its last state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replanInTx } from '../../src/services/planning.ts';
import { activeMigration, addPerson, updateMigration } from '../../src/store/migrations.ts';
import { approvalRequestsTable, outboxTable, servicesTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { DAVE, pendingIdFrom } from '../support/lifecycle-fixture.ts';
import { TEAM, USER } from '../support/slack-requests.ts';

const CHANNELS = ['C0STORM1', 'C0STORM2', 'C0STORM3', 'C0STORM4'];
const SERVICES = 8;
const NOW = new Date('2026-11-25T10:00:00Z');
const svc = (i: number) => `svc-${i}`;

describe('a storm of 429s and 500s during cutovers, approvals and dependency edits', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => NOW });
  });
  afterEach(async () => {
    h.fake.clearFault('chat.postMessage');
    h.fake.clearFault('chat.update');
    await h.close();
  });

  async function setUp(channel: string, n: number): Promise<void> {
    await h.slash(`new "Move ${n}"`, { channel_id: channel });
    await h.bot.idle();
    const { db } = h.bot.store;
    const migration = activeMigration(db, TEAM, channel);
    if (!migration) throw new Error(`no migration in ${channel}`);
    updateMigration(db, migration, { strategy: 'parallel', settings: {} });
    db.transaction((tx) => {
      for (let i = 0; i < SERVICES; i++) {
        tx.insert(servicesTable)
          .values({
            workspaceId: migration.workspaceId,
            migrationId: migration.id,
            name: svc(i),
            owner: USER,
            ownerKind: 'user',
            tier: 3,
            stateChangedAt: NOW,
            createdAt: NOW,
          })
          .run();
      }
      addPerson(tx, migration, { role: 'approver', kind: 'user', slackId: DAVE, addedBy: USER });
      replanInTx(tx, migration, USER, NOW);
    });
  }

  /** Rows of the approval requests in a channel's migration. */
  const requestsIn = (channel: string) => {
    const migration = activeMigration(h.bot.store.db, TEAM, channel);
    return h.bot.store.db
      .select()
      .from(approvalRequestsTable)
      .all()
      .filter((r) => r.migrationId === migration?.id);
  };

  it('delivers every message once and in order per channel', async () => {
    for (const [n, channel] of CHANNELS.entries()) await setUp(channel, n + 1);
    const setUpMessages = h.fake.conversation.messages.length;
    const setUpRows = Math.max(
      ...h.bot.store.db
        .select()
        .from(outboxTable)
        .all()
        .map((r) => r.id),
    );

    let calls = 0;
    const failedOnce = new Set<string>();
    h.fake.fault('chat.postMessage', (args) => {
      calls += 1;
      if (calls % 3 === 0) return { status: 429, retryAfter: calls % 60 === 0 ? 1 : 0 };
      // One 500 per channel: an uncertain post, so the sender looks at the channel's history first.
      const channel = String(args.channel);
      if (calls % 5 === 1 && channel.startsWith('C0STORM') && !failedOnce.has(channel)) {
        failedOnce.add(channel);
        return { status: 500 };
      }
      return null;
    });
    let updates = 0;
    h.fake.fault('chat.update', () => {
      updates += 1;
      if (updates % 3 === 0) return { status: 500 };
      if (updates % 3 === 1) return { status: 429, retryAfter: 0 };
      return null;
    });

    const as = (channel: string) => ({ channel_id: channel, user_id: USER });
    /** Runs a command and clicks Confirm when it asks first. */
    const confirmed = async (text: string, channel: string) => {
      const { responseId } = await h.slash(text, as(channel));
      await h.bot.idle();
      const answer = JSON.stringify(h.fake.responses.filter((r) => r.id === responseId));
      if (!answer.includes('confirm_pending')) return;
      await h.clickAnswer({
        actionId: 'confirm_pending',
        value: pendingIdFrom(answer),
        userId: USER,
        channelId: channel,
      });
    };
    for (let i = 0; i < SERVICES; i++) {
      for (const channel of CHANNELS) {
        await confirmed(`start ${svc(i)}`, channel);
        if (i + 1 < SERVICES) await h.slash(`depend ${svc(i)} on ${svc(i + 1)}`, as(channel));
        const before = requestsIn(channel).length;
        await confirmed(`cutover ${svc(i)}`, channel);
        const request = await h.fake.waitFor(() => requestsIn(channel)[before], 'the request');
        await h.click({ actionId: 'approve_cutover', value: String(request.id), userId: DAVE, channelId: channel });
        if (i + 1 < SERVICES) await h.slash(`undepend ${svc(i)} on ${svc(i + 1)}`, as(channel));
      }
    }
    // Rows told to wait (Retry-After, back-off) are not due yet, so idle() can come before they go.
    const open = () =>
      h.bot.store.db
        .select()
        .from(outboxTable)
        .all()
        .filter((r) => r.status !== 'sent' && r.status !== 'failed');
    for (let round = 0; round < 6 && open().length > 0; round++) {
      await h.fake.waitFor(() => open().length === 0, 'the outbox to drain').catch(() => undefined);
    }
    await h.bot.idle();

    const rows = h.bot.store.db.select().from(outboxTable).all();
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    const messages = h.fake.conversation.messages.slice(setUpMessages);
    const keyOf = (m: (typeof messages)[number]) => {
      const payload = m.metadata?.event_payload as { key?: string } | undefined;
      return payload?.key;
    };
    let total = 0;
    for (const channel of CHANNELS) {
      const keys = messages
        .filter((m) => m.channel === channel && !m.visibleTo)
        .map(keyOf)
        .filter((k) => k !== undefined);
      const ids = keys.map((k) => Number(k.slice(k.lastIndexOf(':') + 1)));
      expect(new Set(keys).size, `${channel}: each message once`).toBe(keys.length);
      expect(ids, `${channel}: in the order committed`).toEqual([...ids].sort((a, b) => a - b));
      const posts = rows.filter((r) => r.lane === channel && r.kind === 'post' && r.id > setUpRows);
      expect(ids, `${channel}: every post arrived`).toEqual(posts.map((r) => r.id));
      for (const r of requestsIn(channel)) {
        const shown = h.fake.conversation.find(channel, r.messageTs ?? '');
        expect(JSON.stringify(shown?.blocks), `${channel}: request ${r.id} shows its last state`).toContain(
          'confirm_switched',
        );
      }
      total += keys.length;
    }
    const updated = h.fake.callsTo('chat.update').length;
    expect(total + updated).toBeGreaterThanOrEqual(200);
    expect(failedOnce.size).toBe(CHANNELS.length);
    expect(h.fake.violations).toEqual([]);
  }, 120_000);
});
