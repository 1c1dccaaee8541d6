// What a team sets up for health checks, through the real app: the source (allowlist, test query,
// credentials in a modal), templates, window and interval, and a service's own checks.
import { randomBytes } from 'node:crypto';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEALTH_IDS } from '../../src/slack/views/health-credentials-modal.ts';
import { healthSource, serviceOverrides } from '../../src/store/health.ts';
import { recordResults } from '../../src/store/health-results.ts';
import { auditLogTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, CAROL, migrationOf, serviceRow, setupMigration } from '../support/lifecycle-fixture.ts';
import { FakeProm, TOKEN } from '../support/prometheus-stand-in.ts';

const NOW = new Date('2026-11-25T10:00:00Z');

/** Every line the bot and Bolt log, at every level, debug included. */
class EveryLine extends ConsoleLogger {
  readonly lines: string[] = [];
  constructor() {
    super();
    this.setLevel(LogLevel.DEBUG);
  }
  override debug(...msg: unknown[]) {
    this.lines.push(msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' '));
  }
  override info(...msg: unknown[]) {
    this.debug(...msg);
  }
  override warn(...msg: unknown[]) {
    this.debug(...msg);
  }
  override error(...msg: unknown[]) {
    this.debug(...msg);
  }
}

describe('/migrate health: the source and its credentials', () => {
  let h: Harness;
  let prom: FakeProm;
  let logger: EveryLine;
  async function start(env: Record<string, string> = {}) {
    logger = new EveryLine();
    h = await startHarness({
      now: () => NOW,
      logger,
      env: {
        HEALTH_SOURCE_HOSTS: prom.host,
        MIGRATE_BOT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        ...env,
      },
    });
    await setupMigration(h, { services: [{ name: 'orders', owner: BOB }, { name: 'billing' }] });
  }
  beforeEach(async () => {
    prom = await new FakeProm().start();
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
    await prom.stop();
  });
  const source = () => healthSource(h.bot.store.db, migrationOf(h));
  const audits = (action: string) =>
    h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((a) => a.action === action);

  it('saves a source only after its test query answered, audited, and shows it', async () => {
    await start();
    // Slack sends a URL of an escaped command as a link: <http://…|label>.
    const answer = await h.ask(`health source prometheus <${prom.url}|${prom.host}>`);
    expect(answer).toContain('Saved: the test query answered.');
    expect(answer).toContain('/migrate health templates');
    expect(answer).toContain('Add credentials');
    expect(source()).toMatchObject({ url: prom.url, credentials: null, createdBy: 'U0ALICE' });
    expect(prom.authorizations).toEqual([undefined]);
    expect(audits('health.source')).toHaveLength(1);
    const shown = await h.ask('health source', { user_id: BOB });
    expect(shown).toContain(prom.url);
    expect(shown).toContain('Credentials: none');
    // Not a lead: no button to change the credentials.
    expect(shown).not.toContain(HEALTH_IDS.addCredentials);
  });

  it('refuses someone who is not a lead', async () => {
    await start();
    const answer = await h.ask(`health source prometheus ${prom.url}`, { user_id: BOB });
    expect(answer).toContain('Only the leads of');
    expect(source()).toBeNull();
    expect(prom.authorizations).toEqual([]);
  });

  it('refuses a host the operator did not allow, without calling it', async () => {
    await start();
    const answer = await h.ask('health source prometheus http://10.0.0.7:9090');
    expect(answer).toContain("is not on the operator's list of metrics source hosts");
    expect(answer).toContain('HEALTH_SOURCE_HOSTS');
    expect(source()).toBeNull();
  });

  it('says the operator must set HEALTH_SOURCE_HOSTS when no host is allowed', async () => {
    await start({ HEALTH_SOURCE_HOSTS: '' });
    const answer = await h.ask(`health source prometheus ${prom.url}`);
    expect(answer).toContain('The operator of this bot must list the allowed hosts in HEALTH_SOURCE_HOSTS first');
    expect(source()).toBeNull();
    expect(prom.authorizations).toEqual([]);
  });

  it('saves nothing when the test query fails', async () => {
    await start();
    prom.mode = 'broken';
    const answer = await h.ask(`health source prometheus ${prom.url}`);
    expect(answer).toContain('Nothing saved: the test query');
    expect(answer).toContain('HTTP 502');
    expect(source()).toBeNull();
  });

  it('takes credentials in a modal, tests them, keeps them sealed and never shows them', async () => {
    await start();
    prom.mode = 'token';
    const saved = await h.ask(`health source prometheus ${prom.url}`);
    expect(saved).toContain('The source asks for credentials');
    expect(source()?.credentials).toBeNull();
    await h.click({ actionId: HEALTH_IDS.addCredentials, value: String(migrationOf(h).id) });
    const opened = await h.fake.waitForCall('views.open');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    const values = (token: string) => ({
      [HEALTH_IDS.tokenBlock]: { [HEALTH_IDS.input]: { type: 'plain_text_input', value: token } },
      [HEALTH_IDS.usernameBlock]: { [HEALTH_IDS.input]: { type: 'plain_text_input', value: null } },
      [HEALTH_IDS.passwordBlock]: { [HEALTH_IDS.input]: { type: 'plain_text_input', value: null } },
    });
    const submit = (token: string) =>
      h.submitView({ callbackId: view.callback_id, privateMetadata: view.private_metadata, values: values(token) });

    expect((await submit('')).body).toContain('errors');
    await submit('wrong-token');
    const refused = await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('Nothing saved'));
    expect(String(refused.args.text)).toContain('refused the credentials');
    expect(source()?.credentials).toBeNull();

    await submit(TOKEN);
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('Credentials saved'));
    const sealed = source()?.credentials ?? '';
    expect(sealed).not.toBe('');
    expect(sealed).not.toContain(TOKEN);
    expect(prom.authorizations.at(-1)).toBe(`Bearer ${TOKEN}`);
    expect(audits('health.credentials').map((a) => JSON.stringify(a))).not.toContain(TOKEN);
    const shown = await h.ask('health source');
    expect(shown).toContain('Credentials: saved');
    expect(shown).toContain('Replace credentials');
    // Nothing the bot sent to Slack carries the token: not the modal, not a message.
    expect(JSON.stringify(h.fake.calls)).not.toContain(TOKEN);
    expect(JSON.stringify(h.fake.responses)).not.toContain(TOKEN);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.lines.filter((line) => line.includes(TOKEN))).toEqual([]);

    // The same URL again keeps the credentials and tests with them.
    expect(await h.ask(`health source prometheus ${prom.url}`)).toContain('Saved: the test query answered.');
    expect(source()?.credentials).toBe(sealed);
    // Another URL never gets them: they are dropped, and the lead is told.
    prom.mode = 'open';
    const moved = await h.ask(`health source prometheus ${prom.url}api/`);
    expect(moved).toContain('The credentials saved for the old URL were dropped.');
    expect(source()).toMatchObject({ url: `${prom.url}api/`, credentials: null });
    expect(prom.authorizations.at(-1)).toBeUndefined();
  });

  it('saves no credentials without an encryption key, and says so', async () => {
    await start({ MIGRATE_BOT_ENCRYPTION_KEY: '' });
    await h.ask(`health source prometheus ${prom.url}`);
    const answer = await h.clickAnswer({ actionId: HEALTH_IDS.addCredentials, value: String(migrationOf(h).id) });
    expect(answer).toContain('MIGRATE_BOT_ENCRYPTION_KEY');
    expect(h.fake.callsTo('views.open')).toEqual([]);
    expect(source()?.credentials).toBeNull();
  });

  it('removes the source (leads only)', async () => {
    await start();
    await h.ask(`health source prometheus ${prom.url}`);
    expect(await h.ask('health source remove', { user_id: CAROL })).toContain('Only the leads of');
    expect(await h.ask('health source remove')).toContain('Removed the metrics source');
    expect(source()).toBeNull();
    expect(await h.ask('health source')).toContain('has no metrics source yet');
  });
});

describe('/migrate health: templates, window, interval and a service’s checks', () => {
  let h: Harness;
  let prom: FakeProm;
  beforeEach(async () => {
    prom = await new FakeProm().start();
    h = await startHarness({ now: () => NOW, env: { HEALTH_SOURCE_HOSTS: prom.host } });
    await setupMigration(h, { services: [{ name: 'orders', owner: BOB }, { name: 'billing' }] });
    await h.ask(`health source prometheus ${prom.url}`);
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
    await prom.stop();
  });
  const source = () => healthSource(h.bot.store.db, migrationOf(h));

  it('shows the templates, switches the set and changes a threshold', async () => {
    const shown = await h.ask('health templates', { user_id: BOB });
    expect(shown).toContain('error-ratio');
    expect(shown).toContain('http_requests_total');
    expect(await h.ask('health templates use opentelemetry', { user_id: BOB })).toContain('Only the leads of');
    expect(await h.ask('health templates use opentelemetry')).toContain('http_server_request_duration_seconds');
    expect(source()?.templateSet).toBe('opentelemetry');
    expect(await h.ask('health templates use datadog')).toContain('There is no template set');
    const changed = await h.ask('health templates set error-ratio <2%');
    expect(changed).toContain('Changed the threshold');
    expect(changed).toContain('&lt; 2%');
    expect(source()?.templateSet).toBe('custom');
    expect(await h.ask('health templates')).toContain('http_server_request_duration_seconds');
    expect(await h.ask('health templates set error-ratio lots')).toContain('is not a threshold');
    expect(await h.ask('health templates set nope <1%')).toContain('There is no template');
  });

  it('sets the rate window and the interval, within their ranges', async () => {
    expect(await h.ask('health window 10m')).toContain('rate window of `10m`');
    expect(await h.ask('health interval 2m')).toContain('every 120 s');
    expect(source()).toMatchObject({ window: '10m', intervalSeconds: 120 });
    const log = await h.ask('log');
    expect(log).toContain('changed how checks are evaluated: window 10m');
    expect(log).toContain('changed how checks are evaluated: interval 120s');
    expect(await h.ask('health interval 5s')).toContain('is not an interval');
    expect(await h.ask('health window forever')).toContain('is not a rate window');
    expect(source()).toMatchObject({ window: '10m', intervalSeconds: 120 });
  });

  it('shows a service’s checks: not evaluated yet, then the last value against its threshold', async () => {
    const before = await h.ask('health orders');
    expect(before).toContain('error ratio');
    expect(before).toContain('not evaluated yet');
    const service = serviceRow(h, 'orders');
    recordResults(
      h.bot.store.db,
      service,
      [
        {
          key: 'error-ratio',
          name: 'error ratio',
          dashboardUrl: 'https://grafana.example/d/orders',
          verdict: { state: 'red', value: 0.2, reference: null, unknown: null, reason: '20% ≥ 1%' },
        },
      ],
      NOW,
    );
    const after = await h.ask('health orders');
    expect(after).toContain('red');
    expect(after).toContain('20% ≥ 1%');
    expect(after).toContain('https://grafana.example/d/orders|dashboard');
  });

  it('adds and removes a service’s own checks: its owner or a lead, placeholders checked', async () => {
    const query = 'sum(kafka_consumergroup_lag{group="{{service}}",platform="{{platform}}"})';
    expect(await h.ask(`health orders add lag ${query} <1000`, { user_id: CAROL })).toContain('owner or a lead');
    expect(await h.ask(`health orders add lag sum(x{a="{{servce}}"}) <1000`, { user_id: BOB })).toContain(
      'the placeholders are',
    );
    // Slack sends < as &lt;: the threshold still reads as one.
    const added = await h.ask(`health orders add lag ${query} &lt;1000`, { user_id: BOB });
    expect(added).toContain('Saved the check `lag`');
    expect(added).toContain('kafka_consumergroup_lag');
    expect(serviceOverrides(h.bot.store.db, serviceRow(h, 'orders'))).toEqual([
      expect.objectContaining({ key: 'lag', query, threshold: { kind: 'below', value: 1000 }, removed: false }),
    ]);
    expect(await h.ask('health orders remove p99-latency', { user_id: BOB })).toContain('Removed the check');
    const shown = await h.ask('health orders');
    expect(shown).not.toContain('p99 latency');
    expect(shown).toContain('this service’s own');
    expect(await h.ask('health orders remove lag')).toContain('Removed the check');
    expect(await h.ask('health orders remove nothing')).toContain('has no check');
    expect(serviceOverrides(h.bot.store.db, serviceRow(h, 'orders')).map((o) => [o.key, o.removed])).toEqual([
      ['p99-latency', true],
    ]);
  });

  it('tries a new check’s query once for the service: a PromQL error saves nothing, no data is noted', async () => {
    prom.mode = 'syntax';
    const refused = await h.ask('health orders add lag sum by(x <1000', { user_id: BOB });
    expect(refused).toContain('Nothing changed: the source refused the query: bad_data: 1:5: parse error');
    expect(serviceOverrides(h.bot.store.db, serviceRow(h, 'orders'))).toEqual([]);
    prom.mode = 'empty';
    const query = 'sum(rate(jobs_total{service="{{service}}",platform="{{platform}}"}[{{window}}]))';
    const saved = await h.ask(`health orders add jobs ${query} >0`, { user_id: BOB });
    expect(saved).toContain('Saved the check `jobs`');
    expect(saved).toContain('it returns no data yet');
    // The placeholders filled as the evaluation fills them: the service, the new platform, the window.
    expect(prom.queries.at(-1)).toBe('sum(rate(jobs_total{service="orders",platform="new"}[5m]))');
  });

  it('suggests the subcommand meant, and lists the grammar', async () => {
    expect(await h.ask('health sourc')).toContain('Did you mean `/migrate health source`?');
    expect(await h.ask('health')).toContain('health templates use prometheus|opentelemetry');
    expect(await h.ask('help')).toContain('/migrate health');
  });
});
