// The health gates after the switch, end to end against a real Prometheus: the monitoring-window
// alert, the digest and Home, and a slow source that must hold up no tick.
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { saveHealthSource } from '../../src/store/health.ts';
import { latestResults } from '../../src/store/health-results.ts';
import { healthRunsTable, outboxTable } from '../../src/store/schema.ts';
import { USER } from '../support/harness.ts';
import { all, binary, HealthGateWorld, some, steady, templates } from '../support/health-gate-world.ts';
import { BOB, DAVE, serviceRow, setupMigration } from '../support/lifecycle-fixture.ts';
import { INSTALL_HINT, waitFor } from '../support/prometheus.ts';
import { eventBody, sendSigned } from '../support/slack-requests.ts';

describe.skipIf(binary === null)(`health after the switch, against a real Prometheus (to run: ${INSTALL_HINT})`, () => {
  const w = HealthGateWorld.use(['orders', 'payments', 'search']);

  it('red in the monitoring window: an alert mentions the owner with Roll back and Acknowledge; done asks first', async () => {
    await w.migrationWith('orders', [templates.rate, templates.errorRatio]);
    await w.evaluateUntil('orders', all('green'));
    const request = await w.requestCutover('orders');
    expect(await w.approve(request.id, DAVE)).toContain('completed the request');
    await w.h.slash('switched orders');
    await w.h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('switched the traffic'));
    expect(serviceRow(w.h, 'orders').state).toBe('monitoring');

    w.exporter.set('orders', 'k8s', { ...steady, errorRatio: 0.3 });
    await w.evaluateUntil('orders', some('error-ratio', 'red'));
    const alert = await w.h.fake.waitForCall('chat.postMessage', (c) =>
      String(c.args.text).includes('failing health checks in its monitoring window'),
    );
    expect(String(alert.args.text)).toContain(`<@${BOB}>`);
    const blocks = JSON.stringify(alert.args.blocks);
    expect(blocks).toContain(`"action_id":"rollback_service","text":{"type":"plain_text","text":"Roll back…"}`);
    expect(blocks).toContain(`"value":"${request.id}"`);
    expect(blocks).toContain('"action_id":"acknowledge_health_alert"');
    expect(blocks).toMatch(/error ratio\* red: \d+(\.\d+)?% ≥ 1%/);
    // A red that stays red does not alert again.
    await w.evaluateUntil('orders', some('error-ratio', 'red'));
    await w.h.bot.idle();
    const alerts = () =>
      w.h.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('in its monitoring window'));
    expect(alerts()).toHaveLength(1);

    const posted = w.h.bot.store.db
      .select()
      .from(outboxTable)
      .all()
      .find((r) => JSON.stringify(r.payload).includes('in its monitoring window'));
    const ts = posted?.postedTs ?? '';
    expect(ts).not.toBe('');
    const acked = await w.h.clickAnswer({
      actionId: 'acknowledge_health_alert',
      value: String(serviceRow(w.h, 'orders').id),
      userId: DAVE,
      messageTs: ts,
    });
    expect(acked).toContain('Acknowledged');
    const update = await w.h.fake.waitForCall('chat.update', (c) => c.args.ts === ts);
    expect(JSON.stringify(update.args.blocks)).toContain(`Acknowledged by <@${DAVE}>`);
    expect(JSON.stringify(update.args.blocks)).not.toContain('acknowledge_health_alert');
    expect(w.audit('health.acknowledge')).toMatchObject([{ actor: DAVE, serviceName: 'orders' }]);
    const log = await w.h.ask('log');
    expect(log).toContain('the health checks of *orders* went from green to *red*');
    expect(log).toContain('acknowledged the failing health checks of *orders*');

    w.clock = new Date(w.clock.getTime() + 25 * 3_600_000);
    const ask = await w.h.ask('done orders', { user_id: BOB });
    expect(ask).toContain('health checks do not all pass');
    expect(ask).toContain('error ratio: ');
    expect(serviceRow(w.h, 'orders').state).toBe('monitoring');

    await w.h.click({ actionId: 'rollback_service', value: String(request.id), userId: BOB });
    const modal = await w.h.fake.waitForCall('views.open');
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    await w.h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reject_reason: { reason_input: { type: 'plain_text_input', value: 'error ratio at 30%' } } },
      userId: BOB,
    });
    await w.h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('error ratio at 30%'));
    expect(serviceRow(w.h, 'orders').state).toBe('rolled_back');
    w.exporter.set('orders', 'k8s', steady);
  }, 90_000);

  it('the digest says whose health changed and lists red checks; Home shows the owner their red services', async () => {
    await w.migrationWith('payments', [templates.rate, templates.errorRatio]);
    await w.evaluateUntil('payments', all('green'));
    w.exporter.set('payments', 'k8s', { ...steady, errorRatio: 0.5 });
    await w.evaluateUntil('payments', some('error-ratio', 'red'));
    const before = w.h.fake.callsTo('chat.postMessage').length;
    await w.h.slash('digest');
    await w.h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('digest'), 0);
    await w.h.bot.idle();
    const digest = w.h.fake
      .callsTo('chat.postMessage')
      .slice(before)
      .map((c) => JSON.stringify(c.args.blocks ?? c.args.text))
      .join('\n');
    expect(digest).toContain(':red_circle: 1 service with red health checks: *payments*');
    expect(digest).toContain(`*payments*: error ratio · <@${BOB}>`);
    // Unmeasured before this digest's window (the start), red now: green in between is no change to report.
    expect(digest).toContain('migrate-bot: the health checks of *payments* went to *red*');
    // One line per service, however often it was evaluated.
    expect(digest.match(/the health checks of \*payments\*/g)).toHaveLength(1);

    const res = await sendSigned(
      w.h.baseUrl,
      eventBody({ type: 'app_home_opened', user: BOB, tab: 'home', channel: 'D0HOME' }),
      { contentType: 'application/json' },
    );
    expect(res.status).toBe(200);
    const home = await w.h.fake.waitForCall('views.publish', (c) => c.args.user_id === BOB);
    expect(JSON.stringify(home.args.view)).toContain(
      ':red_circle: 1 service of yours with red health checks: payments (error ratio)',
    );
    w.exporter.set('payments', 'k8s', steady);
  }, 90_000);

  it('a source that answers slowly holds up neither the tick nor the next one', async () => {
    const held: (() => void)[] = [];
    const slow = createServer((_req, res) => {
      held.push(() =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[0,"1"]}]}}'),
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const address = slow.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    await w.h.close();
    await w.startBot(`127.0.0.1:${port}`);
    try {
      const migration = await setupMigration(w.h, { services: [{ name: 'search', owner: BOB }], approvers: [DAVE] });
      const { db } = w.h.bot.store;
      saveHealthSource(
        db,
        migration,
        { url: `http://127.0.0.1:${port}/`, credentials: null, createdBy: USER },
        w.clock,
      );
      await w.h.slash('start search');
      await w.h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started *search*'));
      await w.h.bot.scheduler.runTick(w.clock);
      await waitFor('the queries to reach the slow source', async () => held.length === 4);
      // Both ticks returned while the source still holds every query; the second, past the
      // interval, did not claim the service again while its evaluation was still out.
      await w.h.bot.scheduler.runTick(new Date(w.clock.getTime() + 61_000));
      expect(held).toHaveLength(4);
      expect(
        db
          .select()
          .from(healthRunsTable)
          .all()
          .map((r) => r.claimedAt),
      ).toEqual([w.clock]);
      expect(latestResults(db, serviceRow(w.h, 'search'))).toEqual([]);
      for (const answer of held.splice(0)) answer();
      await w.h.bot.idle();
      expect(latestResults(db, serviceRow(w.h, 'search')).map((r) => r.key)).toEqual([
        'request-rate',
        'error-ratio',
        'p99-latency',
      ]);
    } finally {
      for (const answer of held.splice(0)) answer();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  }, 60_000);
});
