// Setting up against a real Prometheus (Debian's package): the test query passes, and a stopped
// server is refused at setup, so no source is ever saved that the bot could not read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthSource } from '../../src/store/health.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { migrationOf, setupMigration } from '../support/lifecycle-fixture.ts';
import {
  Exporter,
  INSTALL_HINT,
  prometheusBinary,
  type RunningPrometheus,
  startPrometheus,
} from '../support/prometheus.ts';

const binary = prometheusBinary();

describe.skipIf(binary === null)(`health setup against a real Prometheus (to run: ${INSTALL_HINT})`, () => {
  const exporter = new Exporter();
  let prom: RunningPrometheus;
  let h: Harness;

  beforeAll(async () => {
    exporter.set('orders', 'Kafka', { rps: 10, errorRatio: 0, latency: 0.1, consumed: 5 });
    prom = await startPrometheus(binary ?? 'prometheus', await exporter.start());
    h = await startHarness({ env: { HEALTH_SOURCE_HOSTS: prom.host } });
    await setupMigration(h, { services: [{ name: 'orders' }] });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await prom?.stop();
    await exporter.stop();
  });

  it('saves the source once its test query answered, and refuses it when the server is down', async () => {
    expect(await h.ask(`health source prometheus ${prom.url}`)).toContain('Saved: the test query answered.');
    expect(healthSource(h.bot.store.db, migrationOf(h))?.url).toBe(prom.url);
    await h.ask('health source remove');
    await prom.stop();
    const refused = await h.ask(`health source prometheus ${prom.url}`);
    expect(refused).toContain('Nothing saved: the test query');
    expect(refused).toContain('connection refused');
    expect(healthSource(h.bot.store.db, migrationOf(h))).toBeNull();
  });
});
