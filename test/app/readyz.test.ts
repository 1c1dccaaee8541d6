import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

describe('GET /readyz', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await h?.close();
    h = undefined;
  });

  it('is ready while the database answers and Slack accepts the token, asking Slack at most once a minute', async () => {
    h = await startHarness();
    const ok = await fetch(`${h.baseUrl}/readyz`);
    expect([ok.status, await ok.json()]).toEqual([200, { status: 'ready', db: 'ok', slack: 'ok' }]);
    const checks = h.fake.callsTo('auth.test').length;
    await fetch(`${h.baseUrl}/readyz`);
    expect(h.fake.callsTo('auth.test')).toHaveLength(checks);

    // Revoked later: the cached answer stands for a minute, then /readyz says why it is not ready.
    h.fake.on('auth.test', () => ({ ok: false, error: 'token_revoked' }));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 });
    const down = await fetch(`${h.baseUrl}/readyz`);
    expect([down.status, await down.json()]).toEqual([
      503,
      {
        status: 'not_ready',
        db: 'ok',
        slack: 'token_revoked',
        reason: 'Slack rejected SLACK_BOT_TOKEN: token_revoked',
      },
    ]);
    expect(h.fake.callsTo('auth.test')).toHaveLength(checks + 1);
    // Alive all the same: /healthz is for restarts, and a restart would not bring the token back.
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${h.baseUrl}/metrics`)).text();
    expect(metrics).toContain('migrate_bot_ready{check="slack_auth"} 0');
  });

  it('is not ready once the database stops answering', async () => {
    h = await startHarness();
    h.bot.store.close();
    const down = await fetch(`${h.baseUrl}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'not_ready',
      db: 'unavailable',
      reason: 'the database does not answer',
    });
  });
});
