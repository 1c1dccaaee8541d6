// The health job on the harness clock, against the playground's simulated Prometheus (a real HTTP
// source the test turns red): which services it evaluates, and the old results it drops.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedMetrics } from '../../src/playground/metrics-source.ts';
import { RESULTS_KEPT_MS } from '../../src/schedule/health.ts';
import { saveHealthSource } from '../../src/store/health.ts';
import { resultHistory } from '../../src/store/health-results.ts';
import { type Harness, startHarness, USER } from '../support/harness.ts';
import { BOB, DAVE, pendingIdFrom, postedRequest, serviceRow, setupMigration } from '../support/lifecycle-fixture.ts';

const T0 = new Date('2026-11-25T10:00:00Z');
const MINUTE = 60_000;

describe('the health job', () => {
  const metrics = new SimulatedMetrics();
  let clock = T0;
  let h: Harness;
  beforeAll(() => metrics.start());
  afterAll(() => metrics.stop());
  beforeEach(async () => {
    clock = T0;
    metrics.set('checkout', 'green');
    h = await startHarness({ now: () => clock, env: { HEALTH_SOURCE_HOSTS: metrics.host } });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  async function started(services: readonly string[]) {
    const migration = await setupMigration(h, {
      services: services.map((name) => ({ name, owner: BOB })),
      approvers: [DAVE],
      settings: { 'approvals-default': 1 },
    });
    saveHealthSource(h.bot.store.db, migration, { url: metrics.url, credentials: null, createdBy: USER }, clock);
    for (const name of services) {
      // A second service in flight asks first (one at a time in a sequential plan).
      await confirmed(`start ${name}`);
      await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(`started *${name}*`));
    }
  }
  const tickAt = async (at: Date) => {
    clock = at;
    await h.tick(at);
  };
  const history = (service: string) =>
    resultHistory(h.bot.store.db, serviceRow(h, service), 'error-ratio').map((r) => [r.state, r.evaluatedAt]);
  /** Runs the command, confirming it when the bot asks first. */
  const confirmed = async (text: string) => {
    const { ackBody } = await h.slash(text);
    if (ackBody.includes('confirm_pending'))
      await h.click({ actionId: 'confirm_pending', value: pendingIdFrom(ackBody) });
    await h.bot.idle();
  };

  it('keeps evaluating a service in cutover: its approval message shows a check turning red', async () => {
    await started(['checkout']);
    await tickAt(new Date(T0.getTime() + MINUTE));
    expect(history('checkout')).toEqual([['green', clock]]);
    await confirmed('cutover checkout');
    const request = await postedRequest(h);
    expect(await h.clickAnswer({ actionId: 'approve_cutover', value: String(request.id), userId: DAVE })).toContain(
      'completed the request',
    );
    expect(serviceRow(h, 'checkout').state).toBe('cutover');

    metrics.set('checkout', 'red');
    await tickAt(new Date(clock.getTime() + MINUTE));
    expect(history('checkout')[0]).toEqual(['red', clock]);
    const updates = h.fake.callsTo('chat.update').filter((c) => c.args.ts === request.messageTs);
    expect(JSON.stringify(updates.at(-1)?.args.blocks ?? [])).toMatch(/:red_circle: \*error ratio\* red: 25% ≥ 1%/);
  });

  it('drops results older than two weeks, but never a check’s newest', async () => {
    await started(['checkout', 'ledger']);
    const t1 = new Date(T0.getTime() + MINUTE);
    const t2 = new Date(T0.getTime() + 2 * MINUTE);
    await tickAt(t1);
    await tickAt(t2);
    expect(history('ledger')).toEqual([
      ['green', t2],
      ['green', t1],
    ]);
    // Rolled back, ledger is no longer evaluated: its newest results are all it keeps.
    await confirmed('rollback ledger consumer lag doubled');
    expect(serviceRow(h, 'ledger').state).toBe('rolled_back');

    const later = new Date(t2.getTime() + RESULTS_KEPT_MS + MINUTE);
    await tickAt(later);
    expect(history('ledger')).toEqual([['green', t2]]);
    // checkout's t2 was its newest when the tick pruned; the evaluation then recorded `later`.
    expect(history('checkout')).toEqual([
      ['green', later],
      ['green', t2],
    ]);
    // Pruning runs hourly: an hour on, t2 is neither recent nor checkout's newest.
    const hourLater = new Date(later.getTime() + 60 * MINUTE);
    await tickAt(hourLater);
    expect(history('checkout').map(([, at]) => at)).toEqual([hourLater, later]);
    expect((await h.ask('health ledger')).replace(/\u200B/g, '')).toContain('green');
  });
});
