// The playground's simulated Prometheus: the playground allows it (and only it) as a health source,
// `/metrics <service> red` on the page changes it, and the bot's own client and default templates
// then read that service's error ratio as red.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_SETS } from '../../src/domain/health-templates.ts';
import { evaluateChecks } from '../../src/health/evaluate.ts';
import { BOT } from '../../src/playground/conversation.ts';
import { CHANNEL } from '../../src/playground/people.ts';
import { type Playground, startPlayground } from '../../src/playground/start.ts';
import { healthSource } from '../../src/store/health.ts';
import { activeMigration } from '../../src/store/migrations.ts';

describe('the playground’s simulated metrics source', () => {
  let pg: Playground;
  beforeEach(async () => {
    pg = await startPlayground({ port: 0, databaseUrl: ':memory:', logLevel: 'error', startScheduler: false });
  });
  afterEach(async () => {
    expect(pg.slack.violations).toEqual([]);
    await pg.stop();
  });

  const command = async (text: string, user = 'U0LENA') => {
    const res = await fetch(`${pg.url}/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, channel: CHANNEL.id, text }),
    });
    expect(res.status).toBe(200);
  };
  const waitForMessage = (match: (text: string) => boolean, what: string) =>
    pg.slack.waitFor(
      () => pg.slack.conversation.messages.find((m) => match(`${m.text} ${JSON.stringify(m.blocks ?? [])}`)),
      what,
    );

  it('is the source a lead sets, and /metrics turns a service red for the bot’s checks', async () => {
    await command('/metrics');
    const hint = await waitForMessage((t) => t.includes('Simulated Prometheus at'), 'the /metrics answer');
    expect(hint.visibleTo).toBe('U0LENA');
    expect(hint.text).toContain(pg.metrics.url);

    await command('/migrate new "Shop to Kafka" from RabbitMQ to Kafka');
    await waitForMessage((t) => t.includes('started the migration'), 'the new migration');
    await command(`/migrate health source prometheus ${pg.metrics.url}`);
    await waitForMessage((t) => t.includes('Saved: the test query answered.'), 'the saved source');
    const migration = activeMigration(pg.bot.store.db, BOT.teamId, CHANNEL.id);
    const source = migration === null ? null : healthSource(pg.bot.store.db, migration);
    expect(source?.url).toBe(pg.metrics.url);
    // Any other host stays refused in the playground too.
    await command('/migrate health source prometheus http://127.0.0.2:9090');
    await waitForMessage((t) => t.includes("is not on the operator's list"), 'the refusal');

    const pair = { service: 'orders', oldPlatform: 'RabbitMQ', newPlatform: 'Kafka', window: '5m' };
    const states = async () =>
      (
        await evaluateChecks(
          pg.bot.deps.health.client,
          { url: pg.metrics.url, credentials: null },
          DEFAULT_TEMPLATE_SETS.prometheus,
          pair,
        )
      ).map((c) => [c.key, c.verdict.state]);
    expect(await states()).toEqual([
      ['request-rate', 'green'],
      ['error-ratio', 'green'],
      ['p99-latency', 'green'],
    ]);
    await command('/metrics orders red');
    await waitForMessage((t) => t.includes('orders now fails one request in four'), 'the red answer');
    expect(await states()).toContainEqual(['error-ratio', 'red']);
    await command('/metrics orders green');
    await waitForMessage((t) => t.includes('orders is healthy again'), 'the green answer');
    expect(await states()).toContainEqual(['error-ratio', 'green']);
  });
});
