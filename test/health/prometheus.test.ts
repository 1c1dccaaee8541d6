// The health checks against a real Prometheus scraping an exporter the test controls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalGate, type CheckStatus, type EvaluatedCheck } from '../../src/domain/health-gate.ts';
import { type CheckTemplate, DEFAULT_TEMPLATE_SETS } from '../../src/domain/health-templates.ts';
import { evaluateChecks } from '../../src/health/evaluate.ts';
import { createLimiter } from '../../src/health/limiter.ts';
import { createPrometheusClient, type MetricsSource, type PrometheusClient } from '../../src/health/prometheus.ts';
import { parseAllowedHost } from '../../src/health/source-url.ts';
import { createLogger } from '../../src/logger.ts';
import {
  Exporter,
  INSTALL_HINT,
  prometheusBinary,
  type RunningPrometheus,
  startPrometheus,
  waitFor,
} from '../support/prometheus.ts';

const binary = prometheusBinary();
const WINDOW = '5s';
const steady = { rps: 50, errorRatio: 0, latency: 0.15, consumed: 100 };
const [rate, errorRatio, p99] = DEFAULT_TEMPLATE_SETS.prometheus;
const templates = { rate, errorRatio, p99 };

const parity: CheckTemplate = {
  key: 'consumed',
  name: 'messages consumed',
  query: 'sum(rate(messages_consumed_total{service="{{service}}",platform="{{platform}}"}[{{window}}]))',
  referenceQuery: null,
  threshold: { kind: 'parity', tolerance: 0.1 },
  unit: 'per_second',
  dashboardUrl: null,
};

describe('finding the prometheus binary', () => {
  it('outside CI a missing binary skips these tests; under CI it fails them', () => {
    expect(prometheusBinary({ PATH: '/nonexistent' })).toBeNull();
    expect(() => prometheusBinary({ PATH: '/nonexistent', CI: 'true' })).toThrow(/apt-get install -y prometheus/);
  });
});

describe.skipIf(binary === null)(`against a real Prometheus (to run these: ${INSTALL_HINT})`, () => {
  const exporter = new Exporter();
  let prom: RunningPrometheus;
  let client: PrometheusClient;
  let source: MetricsSource;

  beforeAll(async () => {
    for (const service of ['checkout', 'ledger', 'orders', 'search']) {
      exporter.set(service, 'ec2', steady);
      exporter.set(service, 'k8s', steady);
    }
    const exporterPort = await exporter.start();
    prom = await startPrometheus(binary ?? 'prometheus', exporterPort);
    const allowed = parseAllowedHost(prom.host);
    if (allowed === null) throw new Error(`the loopback host ${prom.host} parses`);
    client = createPrometheusClient({
      allowlist: [allowed],
      limiter: createLimiter(4),
      timeoutMs: 5_000,
      logger: createLogger('error'),
    });
    source = { url: prom.url, credentials: null };
  }, 60_000);

  afterAll(async () => {
    await prom?.stop();
    await exporter.stop();
  });

  const evaluate = (service: string, checks: readonly (CheckTemplate | undefined)[]) =>
    evaluateChecks(
      client,
      source,
      checks.filter((c): c is CheckTemplate => c !== undefined),
      { service, oldPlatform: 'ec2', newPlatform: 'k8s', window: WINDOW },
    );
  const asStatuses = (checks: EvaluatedCheck[]): CheckStatus[] =>
    checks.map((c) => ({ ...c, evaluatedAt: new Date() }));

  /** Evaluates until every check is in the wanted state (rates follow the exporter a few scrapes late). */
  async function until(
    service: string,
    checks: (CheckTemplate | undefined)[],
    state: string,
  ): Promise<EvaluatedCheck[]> {
    let last: EvaluatedCheck[] = [];
    await waitFor(
      () => `${service} to turn ${state}; last seen ${JSON.stringify(last)}`,
      async () => {
        last = await evaluate(service, checks);
        return last.every((c) => c.verdict.state === state);
      },
    );
    return last;
  }

  it('the probe query passes', async () => {
    expect(await client.probe(source)).toEqual({ ok: true });
  });

  it('a service whose error ratio rises above 1% turns red and closes the gate, with the reason', async () => {
    const checks = [templates.rate, templates.errorRatio];
    expect(approvalGate(asStatuses(await until('checkout', checks, 'green'))).open).toBe(true);
    exporter.set('checkout', 'k8s', { ...steady, errorRatio: 0.2 });
    const red = await until('checkout', [templates.errorRatio], 'red');
    const gate = approvalGate(asStatuses(red));
    expect(gate.open).toBe(false);
    if (gate.open) return;
    expect(gate.blockers).toEqual([
      { key: 'error-ratio', name: 'error ratio', state: 'red', reason: expect.stringMatching(/^\d+(\.\d+)?% ≥ 1%$/) },
    ]);
  }, 60_000);

  it('a relative threshold: p99 of new against p99 of old', async () => {
    const [green] = await until('ledger', [templates.p99], 'green');
    // Both platforms in the (0.1, 0.2] bucket: histogram_quantile interpolates to 0.199 for each.
    expect(green?.verdict).toMatchObject({ value: expect.closeTo(0.199, 3), reference: expect.closeTo(0.199, 3) });
    exporter.set('ledger', 'k8s', { ...steady, latency: 0.25 });
    const [red] = await until('ledger', [templates.p99], 'red');
    expect(red?.verdict.reason).toMatch(/^2\d\d ms vs 199 ms on old \(more than \+10%\)$/);
  }, 60_000);

  it('a parity check: messages consumed on new within 10% of old', async () => {
    await until('orders', [parity], 'green');
    exporter.set('orders', 'k8s', { ...steady, consumed: 50 });
    const [red] = await until('orders', [parity], 'red');
    expect(red?.verdict.reason).toMatch(/outside ±10%\)$/);
  }, 60_000);

  it('a query Prometheus rejects is amber with its message; the other checks are still judged', async () => {
    const broken: CheckTemplate = { ...parity, key: 'broken', query: 'sum(rate(' };
    const [ok, bad] = await evaluate('search', [templates.rate, broken]);
    expect(ok?.verdict.state).toBe('green');
    expect(bad?.verdict).toMatchObject({
      state: 'amber',
      unknown: 'query_error',
      reason: expect.stringContaining('bad_data'),
    });
    const [none] = await evaluate('no-such-service', [templates.errorRatio]);
    expect(none?.verdict).toMatchObject({ state: 'amber', unknown: 'no_data' });
  });

  // Last: it stops the server the others use.
  it('a stopped server makes every check amber "unreachable" and closes the gate', async () => {
    await prom.stop();
    const checks = await evaluate('search', [templates.rate, templates.errorRatio, templates.p99]);
    expect(checks.map((c) => [c.verdict.state, c.verdict.unknown])).toEqual([
      ['amber', 'unreachable'],
      ['amber', 'unreachable'],
      ['amber', 'unreachable'],
    ]);
    expect(checks[0]?.verdict.reason).toBe('new platform: connection refused');
    const gate = approvalGate(asStatuses(checks));
    expect(gate.open).toBe(false);
  });
});
