// What the health-gate e2e files share: one real Prometheus per file scraping an exporter the test
// controls, a fresh bot per test whose clock the test moves, and the steps every test takes
// (a migration with a source and checks, evaluations until a state, a cutover request).
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { CheckResult } from '../../src/domain/health-gate.ts';
import { type CheckTemplate, DEFAULT_TEMPLATE_SETS } from '../../src/domain/health-templates.ts';
import { replaceTemplates, saveHealthSource, updateHealthSettings } from '../../src/store/health.ts';
import { latestResults } from '../../src/store/health-results.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';
import { auditLogTable } from '../../src/store/schema.ts';
import { type Harness, startHarness, USER } from './harness.ts';
import { BOB, CAROL, DAVE, pendingIdFrom, postedRequest, serviceRow, setupMigration } from './lifecycle-fixture.ts';
import { Exporter, prometheusBinary, type RunningPrometheus, startPrometheus, waitFor } from './prometheus.ts';

export const binary = prometheusBinary();
export const WINDOW = '5s';
export const steady = { rps: 50, errorRatio: 0, latency: 0.15, consumed: 100 };
const [rate, errorRatio, p99] = DEFAULT_TEMPLATE_SETS.prometheus;
export const templates = { rate, errorRatio, p99 };
export const consumed: CheckTemplate = {
  key: 'consumed',
  name: 'messages consumed',
  query: 'sum(rate(messages_consumed_total{service="{{service}}",platform="{{platform}}"}[{{window}}]))',
  referenceQuery: null,
  threshold: { kind: 'parity', tolerance: 0.1 },
  unit: 'per_second',
  dashboardUrl: 'https://grafana.example/d/consumers?var-service={{service}}',
};

export const all = (state: string) => (results: CheckResult[]) => results.every((r) => r.verdict.state === state);
export const some = (key: string, state: string) => (results: CheckResult[]) =>
  results.some((r) => r.key === key && r.verdict.state === state);

const START = new Date('2026-11-25T10:00:00Z');

export class HealthGateWorld {
  readonly exporter = new Exporter();
  clock = START;
  private running: RunningPrometheus | null = null;
  private harness: Harness | null = null;

  get prom(): RunningPrometheus {
    if (this.running === null) throw new Error('Prometheus is not running');
    return this.running;
  }
  get h(): Harness {
    if (this.harness === null) throw new Error('no bot is running');
    return this.harness;
  }

  /** A bot allowed to call `host` (the Prometheus by default), on this world's clock. */
  async startBot(host = this.prom.host): Promise<Harness> {
    this.harness = await startHarness({ now: () => this.clock, env: { HEALTH_SOURCE_HOSTS: host } });
    return this.harness;
  }

  async migrationWith(
    service: string,
    checks: readonly (CheckTemplate | undefined)[],
    settings: Record<string, number> = {},
  ): Promise<MigrationRow> {
    const h = this.h;
    const migration = await setupMigration(h, {
      services: [{ name: service, owner: BOB }],
      approvers: [DAVE, CAROL],
      settings,
    });
    const { db } = h.bot.store;
    saveHealthSource(db, migration, { url: this.prom.url, credentials: null, createdBy: USER }, this.clock);
    updateHealthSettings(db, migration, { window: WINDOW, oldPlatformLabel: 'ec2', newPlatformLabel: 'k8s' });
    replaceTemplates(
      db,
      migration,
      checks.filter((t): t is CheckTemplate => t !== undefined),
      USER,
    );
    await h.slash(`start ${service}`);
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(`started *${service}*`));
    return migration;
  }

  /** Ticks a minute later each time until the service's stored results satisfy `done`. */
  async evaluateUntil(service: string, done: (results: CheckResult[]) => boolean): Promise<CheckResult[]> {
    let last: CheckResult[] = [];
    await waitFor(
      () => `${service}'s checks; last seen ${JSON.stringify(last.map((r) => [r.key, r.verdict.reason]))}`,
      async () => {
        this.clock = new Date(this.clock.getTime() + 61_000);
        await this.h.tick(this.clock);
        last = latestResults(this.h.bot.store.db, serviceRow(this.h, service));
        return last.length > 0 && done(last);
      },
    );
    return last;
  }

  async requestCutover(service: string) {
    const ask = await this.h.ask(`cutover ${service}`);
    await this.h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask) });
    return postedRequest(this.h);
  }

  /** The request's message as it shows now: its last update, else its post. */
  requestMessage(ts: string | null): string {
    const updates = this.h.fake.callsTo('chat.update').filter((c) => c.args.ts === ts);
    const last =
      updates.at(-1) ??
      this.h.fake.callsTo('chat.postMessage').find((c) => String(c.args.text).includes('Cutover approval'));
    return JSON.stringify(last?.args.blocks ?? []);
  }

  approve(requestId: number, userId: string): Promise<string> {
    return this.h.clickAnswer({ actionId: 'approve_cutover', value: String(requestId), userId });
  }

  audit(action: string) {
    return this.h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((r) => r.action === action);
  }

  /** Registers the file's hooks: Prometheus once, a bot per test. */
  static use(services: readonly string[]): HealthGateWorld {
    const w = new HealthGateWorld();
    beforeAll(async () => {
      for (const service of services) {
        w.exporter.set(service, 'ec2', steady);
        w.exporter.set(service, 'k8s', steady);
      }
      w.running = await startPrometheus(binary ?? 'prometheus', await w.exporter.start());
    }, 60_000);
    afterAll(async () => {
      await w.running?.stop();
      await w.exporter.stop();
    });
    beforeEach(async () => {
      w.clock = START;
      await w.startBot();
    });
    afterEach(async () => {
      expect(w.h.fake.violations).toEqual([]);
      await w.h.close();
    });
    return w;
  }
}
