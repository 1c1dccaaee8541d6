// The health gates end to end: the real bot, the fake Slack, and a real Prometheus scraping an
// exporter the test controls. Each poll runs the minute tick a minute later on the bot's clock, so
// the evaluation interval lets it through; Prometheus itself runs on real time.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/domain/health-gate.ts';
import { type CheckTemplate, DEFAULT_TEMPLATE_SETS } from '../../src/domain/health-templates.ts';
import { replaceTemplates, saveHealthSource, updateHealthSettings } from '../../src/store/health.ts';
import { latestResults } from '../../src/store/health-results.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';
import { auditLogTable, healthRunsTable, outboxTable } from '../../src/store/schema.ts';
import { type Harness, startHarness, USER } from '../support/harness.ts';
import {
  BOB,
  CAROL,
  DAVE,
  pendingIdFrom,
  postedRequest,
  requests,
  serviceRow,
  setupMigration,
} from '../support/lifecycle-fixture.ts';
import {
  Exporter,
  INSTALL_HINT,
  prometheusBinary,
  type RunningPrometheus,
  startPrometheus,
  waitFor,
} from '../support/prometheus.ts';
import { eventBody, sendSigned } from '../support/slack-requests.ts';

const binary = prometheusBinary();
const WINDOW = '5s';
const steady = { rps: 50, errorRatio: 0, latency: 0.15, consumed: 100 };
const [rate, errorRatio, p99] = DEFAULT_TEMPLATE_SETS.prometheus;
const consumed: CheckTemplate = {
  key: 'consumed',
  name: 'messages consumed',
  query: 'sum(rate(messages_consumed_total{service="{{service}}",platform="{{platform}}"}[{{window}}]))',
  referenceQuery: null,
  threshold: { kind: 'parity', tolerance: 0.1 },
  unit: 'per_second',
  dashboardUrl: 'https://grafana.example/d/consumers?var-service={{service}}',
};
const SERVICES = ['checkout', 'ledger', 'orders', 'payments', 'search'];

describe.skipIf(binary === null)(`health gates against a real Prometheus (to run: ${INSTALL_HINT})`, () => {
  const exporter = new Exporter();
  let prom: RunningPrometheus;
  let h: Harness;
  let clock: Date;

  beforeAll(async () => {
    for (const service of SERVICES) {
      exporter.set(service, 'ec2', steady);
      exporter.set(service, 'k8s', steady);
    }
    prom = await startPrometheus(binary ?? 'prometheus', await exporter.start());
  }, 60_000);
  afterAll(async () => {
    await prom?.stop();
    await exporter.stop();
  });

  beforeEach(async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    h = await startHarness({ now: () => clock, env: { HEALTH_SOURCE_HOSTS: prom.host } });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  async function migrationWith(
    service: string,
    templates: readonly (CheckTemplate | undefined)[],
    settings: Record<string, number> = {},
  ): Promise<MigrationRow> {
    const migration = await setupMigration(h, {
      services: [{ name: service, owner: BOB }],
      approvers: [DAVE, CAROL],
      settings,
    });
    const { db } = h.bot.store;
    saveHealthSource(db, migration, { url: prom.url, credentials: null, createdBy: USER }, clock);
    updateHealthSettings(db, migration, { window: WINDOW, oldPlatformLabel: 'ec2', newPlatformLabel: 'k8s' });
    replaceTemplates(
      db,
      migration,
      templates.filter((t): t is CheckTemplate => t !== undefined),
      USER,
    );
    await h.slash(`start ${service}`);
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(`started *${service}*`));
    return migration;
  }

  /** Ticks a minute later each time until the service's stored results satisfy `done`. */
  async function evaluateUntil(service: string, done: (results: CheckResult[]) => boolean): Promise<CheckResult[]> {
    let last: CheckResult[] = [];
    await waitFor(
      () => `${service}'s checks; last seen ${JSON.stringify(last.map((r) => [r.key, r.verdict.reason]))}`,
      async () => {
        clock = new Date(clock.getTime() + 61_000);
        await h.tick(clock);
        last = latestResults(h.bot.store.db, serviceRow(h, service));
        return last.length > 0 && done(last);
      },
    );
    return last;
  }
  const all = (state: string) => (results: CheckResult[]) => results.every((r) => r.verdict.state === state);
  const some = (key: string, state: string) => (results: CheckResult[]) =>
    results.some((r) => r.key === key && r.verdict.state === state);

  async function requestCutover(service: string) {
    const ask = await h.ask(`cutover ${service}`);
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask) });
    return postedRequest(h);
  }

  /** The request's message as it shows now: its last update, else its post. */
  function requestMessage(ts: string): string {
    const updates = h.fake.callsTo('chat.update').filter((c) => c.args.ts === ts);
    const last =
      updates.at(-1) ??
      h.fake.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('Cutover approval'));
    return JSON.stringify(last?.args.blocks ?? []);
  }

  const approve = (requestId: number, userId: string) =>
    h.clickAnswer({ actionId: 'approve_cutover', value: String(requestId), userId });

  const audit = (action: string) =>
    h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((r) => r.action === action);

  it('red while awaiting approval: Approve is refused with the reason; an override with a reason counts once and shows', async () => {
    await migrationWith('checkout', [rate, errorRatio], { 'approvals-default': 2 });
    await evaluateUntil('checkout', all('green'));
    const request = await requestCutover('checkout');
    exporter.set('checkout', 'k8s', { ...steady, errorRatio: 0.2 });
    await evaluateUntil('checkout', some('error-ratio', 'red'));
    await h.bot.idle();
    const shown = requestMessage(request.messageTs ?? '');
    expect(shown).toMatch(/:red_circle: \*error ratio\* red: \d+(\.\d+)?% ≥ 1%/);
    expect(shown).toContain(':large_green_circle: *request rate* green');
    expect(shown).toContain('"action_id":"approve_override"');

    const refused = await approve(request.id, DAVE);
    expect(refused).toContain('Not yet: the health checks do not all pass.');
    expect(refused).toMatch(/error ratio: red — \d+(\.\d+)?% ≥ 1%/);
    expect(audit('approval.approve')).toEqual([]);

    await h.click({ actionId: 'approve_override', value: String(request.id), userId: DAVE });
    const modal = await h.fake.waitForCall('views.open');
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    expect(JSON.stringify(modal.args.view)).toContain('error ratio: red');
    const values = (value: string) => ({ reject_reason: { reason_input: { type: 'plain_text_input', value } } });
    const empty = await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: values(''),
      userId: DAVE,
    });
    expect(empty.body).toContain('Say why');
    await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: values('5xx are from a <!channel> *known* retry storm'),
      userId: DAVE,
    });
    // The modal has closed, so the answer comes by direct message.
    await h.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === DAVE && String(c.args.text).includes('despite the failing checks'),
    );
    await h.bot.idle();
    const [row] = audit('approval.approve');
    expect(row).toMatchObject({ actor: DAVE, reason: '5xx are from a <!channel> *known* retry storm' });
    expect(row?.detail).toMatchObject({ requestId: request.id, healthOverride: true });
    expect(requests(h)[0]?.status).toBe('pending');
    const overridden = requestMessage(request.messageTs ?? '');
    // The reason is shown escaped: no broadcast, no bold.
    expect(overridden).toContain(
      `<@${DAVE}> *approved despite failing health checks*: 5xx are from a &lt;!channel&gt;`,
    );
    expect(overridden).not.toContain('<!channel>');
    expect((await h.ask('log')).replace(/\u200B/g, '')).toContain('despite failing health checks');

    // The override was Dave's one approval: Carol still needs the checks to pass, or her own reason.
    expect(await approve(request.id, CAROL)).toContain('Not yet');
    exporter.set('checkout', 'k8s', steady);
    await evaluateUntil('checkout', all('green'));
    expect(await approve(request.id, CAROL)).toContain('completed the request');
    expect(serviceRow(h, 'checkout').state).toBe('cutover');
  }, 90_000);

  it('red in the monitoring window: an alert mentions the owner with Roll back and Acknowledge; done asks first', async () => {
    await migrationWith('orders', [rate, errorRatio]);
    await evaluateUntil('orders', all('green'));
    const request = await requestCutover('orders');
    expect(await approve(request.id, DAVE)).toContain('completed the request');
    await h.slash('switched orders');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('switched the traffic'));
    expect(serviceRow(h, 'orders').state).toBe('monitoring');

    exporter.set('orders', 'k8s', { ...steady, errorRatio: 0.3 });
    await evaluateUntil('orders', some('error-ratio', 'red'));
    const alert = await h.fake.waitForCall('chat.postMessage', (c) =>
      String(c.args.text).includes('failing health checks in its monitoring window'),
    );
    expect(String(alert.args.text)).toContain(`<@${BOB}>`);
    const blocks = JSON.stringify(alert.args.blocks);
    expect(blocks).toContain(`"action_id":"rollback_service","text":{"type":"plain_text","text":"Roll back…"}`);
    expect(blocks).toContain(`"value":"${request.id}"`);
    expect(blocks).toContain('"action_id":"acknowledge_health_alert"');
    expect(blocks).toMatch(/error ratio\* red: \d+(\.\d+)?% ≥ 1%/);
    // A red that stays red does not alert again.
    await evaluateUntil('orders', some('error-ratio', 'red'));
    await h.bot.idle();
    const alerts = () =>
      h.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('in its monitoring window'));
    expect(alerts()).toHaveLength(1);

    const posted = h.bot.store.db
      .select()
      .from(outboxTable)
      .all()
      .find((r) => JSON.stringify(r.payload).includes('in its monitoring window'));
    const ts = posted?.postedTs ?? '';
    expect(ts).not.toBe('');
    const acked = await h.clickAnswer({
      actionId: 'acknowledge_health_alert',
      value: String(serviceRow(h, 'orders').id),
      userId: DAVE,
      messageTs: ts,
    });
    expect(acked).toContain('Acknowledged');
    const update = await h.fake.waitForCall('chat.update', (c) => c.args.ts === ts);
    expect(JSON.stringify(update.args.blocks)).toContain(`Acknowledged by <@${DAVE}>`);
    expect(JSON.stringify(update.args.blocks)).not.toContain('acknowledge_health_alert');
    expect(audit('health.acknowledge')).toMatchObject([{ actor: DAVE, serviceName: 'orders' }]);
    const log = await h.ask('log');
    expect(log).toContain('the health checks of *orders* went from green to *red*');
    expect(log).toContain('acknowledged the failing health checks of *orders*');

    clock = new Date(clock.getTime() + 25 * 3_600_000);
    const ask = await h.ask('done orders', { user_id: BOB });
    expect(ask).toContain('health checks do not all pass');
    expect(ask).toContain('error ratio: ');
    expect(serviceRow(h, 'orders').state).toBe('monitoring');

    await h.click({ actionId: 'rollback_service', value: String(request.id), userId: BOB });
    const modal = await h.fake.waitForCall('views.open');
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reject_reason: { reason_input: { type: 'plain_text_input', value: 'error ratio at 30%' } } },
      userId: BOB,
    });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('error ratio at 30%'));
    expect(serviceRow(h, 'orders').state).toBe('rolled_back');
    exporter.set('orders', 'k8s', steady);
  }, 90_000);

  it('a relative threshold and a parity check on the approval message', async () => {
    await migrationWith('ledger', [p99, consumed]);
    await evaluateUntil('ledger', all('green'));
    const request = await requestCutover('ledger');
    await h.bot.idle();
    const green = requestMessage(request.messageTs ?? '');
    expect(green).toMatch(/p99 latency\* green: 199 ms vs 199 ms on old \(within \+10%\)/);
    expect(green).toContain('<https://grafana.example/d/consumers?var-service=ledger|dashboard>');
    exporter.set('ledger', 'k8s', { ...steady, latency: 0.25, consumed: 50 });
    await evaluateUntil('ledger', all('red'));
    await h.bot.idle();
    const red = requestMessage(request.messageTs ?? '');
    expect(red).toMatch(/p99 latency\* red: 2\d\d ms vs 199 ms on old \(more than \+10%\)/);
    expect(red).toMatch(/messages consumed\* red: [\d.]+\/s vs [\d.]+\/s \(outside ±10%\)/);
    expect(await approve(request.id, DAVE)).toContain('p99 latency: red');
    exporter.set('ledger', 'k8s', steady);
  }, 90_000);

  it('the digest says whose health changed and lists red checks; Home shows the owner their red services', async () => {
    await migrationWith('payments', [rate, errorRatio]);
    await evaluateUntil('payments', all('green'));
    exporter.set('payments', 'k8s', { ...steady, errorRatio: 0.5 });
    await evaluateUntil('payments', some('error-ratio', 'red'));
    const before = h.fake.callsTo('chat.postMessage').length;
    await h.slash('digest');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('digest'), 0);
    await h.bot.idle();
    const digest = h.fake
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
      h.baseUrl,
      eventBody({ type: 'app_home_opened', user: BOB, tab: 'home', channel: 'D0HOME' }),
      { contentType: 'application/json' },
    );
    expect(res.status).toBe(200);
    const home = await h.fake.waitForCall('views.publish', (c) => c.args.user_id === BOB);
    expect(JSON.stringify(home.args.view)).toContain(
      ':red_circle: 1 service of yours with red health checks: payments (error ratio)',
    );
    exporter.set('payments', 'k8s', steady);
  }, 90_000);

  it('a source that answers slowly holds up neither the tick nor the next one', async () => {
    const { createServer } = await import('node:http');
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
    await h.close();
    h = await startHarness({ now: () => clock, env: { HEALTH_SOURCE_HOSTS: `127.0.0.1:${port}` } });
    try {
      const migration = await setupMigration(h, { services: [{ name: 'search', owner: BOB }], approvers: [DAVE] });
      const { db } = h.bot.store;
      saveHealthSource(db, migration, { url: `http://127.0.0.1:${port}/`, credentials: null, createdBy: USER }, clock);
      await h.slash('start search');
      await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started *search*'));
      await h.bot.scheduler.runTick(clock);
      await waitFor('the queries to reach the slow source', async () => held.length === 4);
      // Both ticks returned while the source still holds every query; the second, past the
      // interval, did not claim the service again while its evaluation was still out.
      await h.bot.scheduler.runTick(new Date(clock.getTime() + 61_000));
      expect(held).toHaveLength(4);
      expect(
        db
          .select()
          .from(healthRunsTable)
          .all()
          .map((r) => r.claimedAt),
      ).toEqual([clock]);
      expect(latestResults(db, serviceRow(h, 'search'))).toEqual([]);
      for (const answer of held.splice(0)) answer();
      await h.bot.idle();
      expect(latestResults(db, serviceRow(h, 'search')).map((r) => r.key)).toEqual([
        'request-rate',
        'error-ratio',
        'p99-latency',
      ]);
    } finally {
      for (const answer of held.splice(0)) answer();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  }, 60_000);

  // Last: it stops the server the others use.
  it('a stopped server makes every check amber and keeps the gate closed', async () => {
    await migrationWith('search', [rate, errorRatio]);
    await evaluateUntil('search', all('green'));
    const request = await requestCutover('search');
    await prom.stop();
    const results = await evaluateUntil('search', all('amber'));
    expect(results.map((r) => r.verdict.unknown)).toEqual(['unreachable', 'unreachable']);
    await h.bot.idle();
    expect(requestMessage(request.messageTs ?? '')).toContain(':large_orange_circle: *request rate* unknown');
    const refused = await approve(request.id, DAVE);
    expect(refused).toContain('request rate: unknown — new platform: connection refused');
    expect(requests(h)[0]?.status).toBe('pending');
    expect(requestMessage(request.messageTs ?? '')).toContain('Approve despite unknown checks…');
  }, 90_000);
});
