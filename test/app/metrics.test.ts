import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { activeMigration, updateMigration } from '../../src/store/migrations.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { exampleGraph, seedGraph } from '../support/seed.ts';
import { CHANNEL, TEAM, USER } from '../support/slack-requests.ts';

/** The value of one sample in Prometheus text, or undefined when it is absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('counts Slack requests by kind and outcome, times their ack, and counts Web API calls and errors by method', async () => {
    h = await startHarness();
    await h.ask('help');
    await h.ask('status');
    for (let i = 0; i < 2; i++) await h.clickAnswer({ actionId: ACTION.cancel, value: 'gone' });
    h.fake.on('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    await expect(h.bot.app.client.chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toThrow();
    await h.tick(new Date('2026-12-02T03:00:00Z'));

    const res = await fetch(`${h.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'migrate_bot_slack_requests_total', 'kind="command",outcome="ok"')).toBe(2);
    expect(sample(text, 'migrate_bot_slack_ack_seconds_count', 'kind="command"')).toBe(2);
    expect(sample(text, 'migrate_bot_slack_requests_in_flight')).toBe(0);
    expect(sample(text, 'migrate_bot_slack_web_api_calls_total', 'method="auth.test"')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'migrate_bot_slack_web_api_calls_total', 'method="chat.postMessage"')).toBe(1);
    expect(
      sample(text, 'migrate_bot_slack_web_api_errors_total', 'method="chat.postMessage",error="not_in_channel"'),
    ).toBe(1);
    // help and status were answered in their ack; the two clicks' answers went out through their response_url.
    expect(sample(text, 'migrate_bot_slack_web_api_calls_total', 'method="response_url_or_upload"')).toBe(2);
    expect(sample(text, 'migrate_bot_tick_seconds_count')).toBe(1);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts the digests the tick posts', async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T07:00:00Z') });
    const harness = h;
    h.fake.timeZones.set(USER, 'Europe/Berlin');
    await h.slash('new Shop');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started the migration'));
    const m = activeMigration(h.bot.store.db, TEAM, CHANNEL);
    if (!m) throw new Error('no migration');
    seedGraph(h.bot.store, m, exampleGraph());
    // Made days before the tick below: no digest is due from before a migration existed.
    updateMigration(h.bot.store.db, m, { createdAt: new Date('2026-11-20T08:00:00Z') });
    // Wednesday 09:30 in Berlin: the default digest (weekdays 09:30 in the creator's zone) is due.
    await h.tick(new Date('2026-11-25T08:30:00Z'));
    await h.bot.idle();
    expect(
      harness.fake
        .callsTo('chat.postMessage')
        .some((c) => JSON.stringify(c.args.blocks ?? []).includes('services moved')),
    ).toBe(true);
    const text = await (await fetch(`${h.baseUrl}/metrics`)).text();
    expect(sample(text, 'migrate_bot_digests_total', 'outcome="sent"')).toBe(1);
    expect(sample(text, 'migrate_bot_digests_total', 'outcome="failed"')).toBeUndefined();
  });

  it('shows the outbox: messages queued, failed, and the age of the oldest waiting one', async () => {
    h = await startHarness();
    // Neither the channel nor the DM fallback takes it: the outbox gives up and says why.
    h.fake.on('chat.postMessage', () => ({ ok: false, error: 'channel_not_found' }));
    await h.slash('new Shop');
    await h.bot.idle();
    const text = await (await fetch(`${h.baseUrl}/metrics`)).text();
    expect(sample(text, 'migrate_bot_outbox_messages', 'status="queued"')).toBe(0);
    // The announcement, and the creator's one-time notice about it: nothing reaches Slack here.
    expect(sample(text, 'migrate_bot_outbox_messages', 'status="failed"')).toBe(2);
    expect(sample(text, 'migrate_bot_outbox_oldest_seconds')).toBe(0);
    // ... and /migrate status says so, where anyone reading the migration looks.
    h.fake.on('chat.postMessage', (args) => ({ ok: true, channel: args.channel, ts: '1.2' }));
    expect(await h.ask('status')).toContain('1 message could not be delivered to <#C0CHANNEL>');
  });

  it('lists every metric of its own in the README', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const names = (await createMetrics({ defaultMetrics: false }).registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !readme.includes(`\`${n}`))).toEqual([]);
  });
});
