// The import file's per-service `health:` entries: validated with located errors, and written by
// the import's own transaction (origin 'import'), through the real import modal.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseThreshold, thresholdText } from '../../src/domain/import/health.ts';
import { parseGraphFile } from '../../src/domain/import/index.ts';
import { CALLBACK, IMPORT } from '../../src/slack/ids.ts';
import { applySchema, openStore } from '../../src/store/db.ts';
import { serviceOverrides } from '../../src/store/health.ts';
import { insertMigration } from '../../src/store/migrations.ts';
import { healthChecksTable, servicesTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { serviceRow } from '../support/lifecycle-fixture.ts';
import { CHANNEL } from '../support/slack-requests.ts';

const GRAPH = `services:
  - name: orders
    depends_on: [payments]
    health:
      - key: error-ratio
        threshold: "< 0.5%"
      - key: consumer-lag
        name: consumer lag
        query: 'sum(kafka_consumergroup_lag{group="{{service}}",platform="{{platform}}"})'
        threshold: "< 1000"
        dashboard: https://grafana.example/d/lag?var-service={{service}}
      - key: p99-latency
        remove: true
  - name: payments
`;

describe('import: a service’s health checks', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started the migration'));
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  async function importPasted(paste: string) {
    const before = h.fake.callsTo('views.open').length;
    await h.slash('import');
    const call = await h.fake.waitForCall('views.open', () => true, before);
    const view = call.args.view as { private_metadata: string };
    const res = await h.submitView({
      callbackId: CALLBACK.importGraph,
      privateMetadata: view.private_metadata,
      values: {
        [IMPORT.pasteBlock]: { [IMPORT.pasteAction]: { type: 'plain_text_input', value: paste } },
        [IMPORT.fileBlock]: { [IMPORT.fileAction]: { type: 'file_input', files: [] } },
        [IMPORT.formatBlock]: {
          [IMPORT.formatAction]: {
            type: 'static_select',
            selected_option: { value: 'auto', text: { type: 'plain_text', text: 'x' } },
          },
        },
      },
    });
    return res.body ? (JSON.parse(res.body) as { errors?: Record<string, string> }) : null;
  }

  it('writes the overrides, additions and removals in the import, and a re-import replaces them by key', async () => {
    expect(await importPasted(GRAPH)).toBeNull();
    const report = await h.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === CHANNEL && String(c.args.text).includes(': import of'),
    );
    expect(JSON.stringify(report.args.blocks)).toContain(
      '*Health checks* of 1 service: 1 new check set, 1 template check overridden and 1 template check removed.',
    );
    const orders = serviceOverrides(h.bot.store.db, serviceRow(h, 'orders'));
    expect(orders).toEqual([
      expect.objectContaining({
        key: 'error-ratio',
        threshold: { kind: 'below', value: 0.005 },
        unit: 'ratio',
        query: null,
      }),
      expect.objectContaining({
        key: 'consumer-lag',
        name: 'consumer lag',
        threshold: { kind: 'below', value: 1000 },
        dashboardUrl: 'https://grafana.example/d/lag?var-service={{service}}',
      }),
      expect.objectContaining({ key: 'p99-latency', removed: true }),
    ]);
    const origins = h.bot.store.db
      .select()
      .from(healthChecksTable)
      .all()
      .map((r) => r.origin);
    expect(origins).toEqual(['import', 'import', 'import']);
    expect(serviceOverrides(h.bot.store.db, serviceRow(h, 'payments'))).toEqual([]);
    const shown = await h.ask('health orders');
    expect(shown).toContain('consumer lag');
    expect(shown).toContain('https://grafana.example/d/lag?var-service=orders|dashboard');
    expect(shown).not.toContain('p99 latency');

    expect(await importPasted(GRAPH.replace('"< 0.5%"', '"< 2%"'))).toBeNull();
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(': import of'), 1);
    const again = serviceOverrides(h.bot.store.db, serviceRow(h, 'orders'));
    expect(again).toHaveLength(3);
    expect(again[0]).toMatchObject({ key: 'error-ratio', threshold: { kind: 'below', value: 0.02 } });
  });

  it('a re-import makes the imported checks what the file says; checks added by command stay', async () => {
    expect(await importPasted(GRAPH)).toBeNull();
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(': import of'));
    const added = await h.ask('health payments add jobs sum(jobs_total{service="{{service}}"}) >0');
    expect(added).toContain('Saved the check `jobs`');

    // orders loses consumer-lag and p99-latency from the file; payments still lists no health.
    const trimmed = GRAPH.replace(/ {6}- key: consumer-lag[\s\S]*remove: true\n/, '');
    expect(trimmed).not.toContain('consumer-lag');
    expect(await importPasted(trimmed)).toBeNull();
    const second = await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(': import of'), 1);
    expect(JSON.stringify(second.args.blocks)).toContain(
      '*Health checks* of 1 service: 1 template check overridden and 2 checks of the last import dropped (no longer in the file).',
    );
    expect(serviceOverrides(h.bot.store.db, serviceRow(h, 'orders')).map((o) => o.key)).toEqual(['error-ratio']);
    expect(serviceOverrides(h.bot.store.db, serviceRow(h, 'payments')).map((o) => o.key)).toEqual(['jobs']);
    const shown = await h.ask('health orders');
    expect(shown).not.toContain('consumer lag');
    expect(shown).toContain('p99 latency');

    // Taking the whole list out clears the service's imported checks.
    expect(await importPasted(trimmed.replace(/ {4}health:\n[\s\S]*"< 0\.5%"\n/, ''))).toBeNull();
    const third = await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(': import of'), 2);
    expect(JSON.stringify(third.args.blocks)).toContain(
      '*Health checks* of 1 service: 1 check of the last import dropped (no longer in the file).',
    );
    expect(serviceOverrides(h.bot.store.db, serviceRow(h, 'orders'))).toEqual([]);
    expect(serviceOverrides(h.bot.store.db, serviceRow(h, 'payments')).map((o) => o.key)).toEqual(['jobs']);
  });

  it('answers a bad health entry with its place and writes nothing', async () => {
    const bad = GRAPH.replace('"< 1000"', '"lots"').replace('{{service}}",platform', '{{servce}}",platform');
    const answer = await importPasted(bad);
    const text = answer?.errors?.[IMPORT.pasteBlock] ?? '';
    expect(text).toContain('services[0].health[1].threshold');
    expect(text).toContain('is not a threshold');
    expect(text).toContain('services[0].health[1].query');
    expect(h.bot.store.db.select().from(servicesTable).all()).toEqual([]);
    expect(h.bot.store.db.select().from(healthChecksTable).all()).toEqual([]);
  });

  it('refuses an unknown field, a repeated key and a removal with more than its key', () => {
    const result = parseGraphFile(
      `services:
  - name: a
    health:
      - key: x
        treshold: "< 1"
      - key: x
        query: up
      - key: y
        remove: true
        threshold: "< 1"
      - key: z
`,
      'native',
    );
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.errors.map((e) => `${e.where}: ${e.message}`);
    expect(lines.join('\n')).toContain('services[0].health[0]');
    expect(lines.join('\n')).toContain('threshold');
    expect(lines.join('\n')).toContain('lists the check key x twice');
    expect(lines.join('\n')).toContain('`remove: true` takes only the key');
    expect(lines.join('\n')).toContain('services[0].health[3], line 11: gives only a key');
  });

  it('reads thresholds as people write them, and writes them back the same way', () => {
    expect(parseThreshold('< 1%')).toEqual({ threshold: { kind: 'below', value: 0.01 }, unit: 'ratio' });
    expect(parseThreshold('<250ms')).toEqual({ threshold: { kind: 'below', value: 0.25 }, unit: 'seconds' });
    expect(parseThreshold('>0')).toEqual({ threshold: { kind: 'above', value: 0 }, unit: null });
    expect(parseThreshold('+10%')).toEqual({ threshold: { kind: 'relative', maxIncrease: 0.1 }, unit: null });
    expect(parseThreshold('±5%')).toEqual({ threshold: { kind: 'parity', tolerance: 0.05 }, unit: null });
    expect(parseThreshold('~5%')).toEqual(parseThreshold('±5%'));
    for (const bad of ['+10', '<', 'below 1', '<1 %%', '±-5%', '']) expect(parseThreshold(bad)).toBeNull();
    expect(thresholdText({ kind: 'below', value: 0.01 }, 'ratio')).toBe('< 1%');
    expect(thresholdText({ kind: 'relative', maxIncrease: 0.1 }, 'seconds')).toBe('new ≤ old +10%');
    expect(thresholdText({ kind: 'parity', tolerance: 0.05 }, 'number')).toBe('within ±5% of old');
  });
});

describe('npx migrate-bot import: the health line', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says what the file’s health entries did, and what a re-import dropped', async () => {
    dir = mkdtempSync(join(tmpdir(), 'migrate-bot-health-'));
    const dbPath = join(dir, 'bot.db');
    const store = openStore(dbPath);
    applySchema(store);
    insertMigration(store.db, {
      workspaceId: 'T0ACME',
      channelId: 'C0SHOP',
      channelPrivate: false,
      name: 'shop-kafka',
      fromPlatform: 'RabbitMQ',
      toPlatform: 'Kafka',
      strategy: 'hybrid',
      createdBy: 'U0ALICE',
      digestTz: 'UTC',
      createdAt: new Date('2026-11-25T10:00:00Z'),
    });
    store.close();
    const run = async (graph: string) => {
      writeFileSync(join(dir, 'graph.yaml'), graph);
      const out: string[] = [];
      const code = await main(['import', 'graph.yaml', '--migration', 'shop-kafka'], {
        stdout: { write: (s: string) => out.push(s) },
        stderr: { write: (s: string) => out.push(s) },
        env: { DATABASE_URL: dbPath },
        cwd: dir,
        now: () => new Date('2026-11-25T10:00:00Z'),
      });
      expect(code).toBe(0);
      return out.join('');
    };
    expect(await run(GRAPH)).toContain(
      'health checks of 1 service: 1 new check set, 1 template check overridden and 1 template check removed\n',
    );
    const again = await run(GRAPH.replace(/ {4}health:\n[\s\S]*remove: true\n/, ''));
    expect(again).toContain(
      'health checks of 1 service: 3 checks of the last import dropped (no longer in the file)\n',
    );
    expect(await run(GRAPH.replace(/ {4}health:\n[\s\S]*remove: true\n/, ''))).not.toContain('health checks');
  });
});
