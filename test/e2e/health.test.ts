import { describe, expect, it } from 'vitest';
import { startHarness } from '../support/harness.ts';

describe('GET /healthz', () => {
  it('answers 200 while the database answers, and 503 once it does not', async () => {
    const h = await startHarness();
    try {
      const ok = await fetch(`${h.baseUrl}/healthz`);
      expect([ok.status, await ok.json()]).toEqual([200, { status: 'ok', db: 'ok' }]);
      h.bot.store.close();
      const down = await fetch(`${h.baseUrl}/healthz`);
      expect([down.status, await down.json()]).toEqual([503, { status: 'unavailable', db: 'unavailable' }]);
    } finally {
      await h.close();
    }
  });
});
