// A real Prometheus (Debian's `prometheus` package) on a loopback port, scraping every second an
// exporter the test controls: per (service, platform) request rate, error ratio, latency and
// messages consumed, turned into counters and a histogram in the text exposition format.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INSTALL_HINT = 'apt-get install -y prometheus';

/** The binary, or null outside CI when it is missing; under CI a missing binary is a failure. */
export function prometheusBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const found = spawnSync('/bin/sh', ['-c', 'command -v prometheus'], { encoding: 'utf8', env });
  const path = found.status === 0 ? found.stdout.trim() : '';
  if (path !== '') return path;
  if (env.CI === 'true') throw new Error(`prometheus is not installed; .ci/run installs it (${INSTALL_HINT})`);
  return null;
}

export interface Traffic {
  /** Requests per second. */
  readonly rps: number;
  /** Share of requests answered 5xx. */
  readonly errorRatio: number;
  /** Every request takes this long (seconds), so p99 falls in its histogram bucket. */
  readonly latency: number;
  /** Messages consumed per second. */
  readonly consumed: number;
}

const BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.5, 1] as const;

interface Totals {
  ok: number;
  errors: number;
  buckets: number[];
  sum: number;
  consumed: number;
}

/** Counters grow at the rates last set, from the moment they were set: rate() reads the rates back. */
export class Exporter {
  private readonly series = new Map<
    string,
    { service: string; platform: string; traffic: Traffic; totals: Totals; at: number }
  >();
  private server: Server | null = null;

  set(service: string, platform: string, traffic: Traffic): void {
    const key = `${service}\u0000${platform}`;
    const existing = this.series.get(key);
    if (existing !== undefined) this.advance(existing);
    const totals = existing?.totals ?? { ok: 0, errors: 0, buckets: BUCKETS.map(() => 0), sum: 0, consumed: 0 };
    this.series.set(key, { service, platform, traffic, totals, at: Date.now() });
  }

  private advance(s: { traffic: Traffic; totals: Totals; at: number }): void {
    const now = Date.now();
    const dt = (now - s.at) / 1000;
    s.at = now;
    const n = s.traffic.rps * dt;
    s.totals.errors += n * s.traffic.errorRatio;
    s.totals.ok += n * (1 - s.traffic.errorRatio);
    BUCKETS.forEach((le, i) => {
      if (s.traffic.latency <= le) s.totals.buckets[i] = (s.totals.buckets[i] ?? 0) + n;
    });
    s.totals.sum += n * s.traffic.latency;
    s.totals.consumed += s.traffic.consumed * dt;
  }

  private render(): string {
    const lines = [
      '# TYPE http_requests_total counter',
      '# TYPE http_request_duration_seconds histogram',
      '# TYPE messages_consumed_total counter',
    ];
    for (const s of this.series.values()) {
      this.advance(s);
      const l = `service="${s.service}",platform="${s.platform}"`;
      const t = s.totals;
      lines.push(`http_requests_total{${l},code="200"} ${t.ok}`, `http_requests_total{${l},code="500"} ${t.errors}`);
      BUCKETS.forEach((le, i) => {
        lines.push(`http_request_duration_seconds_bucket{${l},le="${le}"} ${t.buckets[i] ?? 0}`);
      });
      const count = t.ok + t.errors;
      lines.push(
        `http_request_duration_seconds_bucket{${l},le="+Inf"} ${count}`,
        `http_request_duration_seconds_sum{${l}} ${t.sum}`,
        `http_request_duration_seconds_count{${l}} ${count}`,
        `messages_consumed_total{${l}} ${t.consumed}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  async start(): Promise<number> {
    const server = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(this.render());
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface RunningPrometheus {
  readonly url: string;
  readonly host: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Polls `probe` until it is true; fails with `what` (read then, so it can say what was seen last). */
export async function waitFor(
  what: string | (() => string),
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts Prometheus scraping the exporter each second; resolves once the first samples are stored. */
export async function startPrometheus(binary: string, exporterPort: number): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-bot-prom-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      'scrape_configs:',
      '  - job_name: exporter',
      `    static_configs: [{ targets: ['127.0.0.1:${exporterPort}'] }]`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('Prometheus to be ready', async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
      return (await fetch(new URL('-/ready', url))).ok;
    });
    await waitFor('the first scraped samples', async () => {
      const res = await fetch(new URL('api/v1/query?query=count(http_requests_total)', url));
      const body = (await res.json()) as { data?: { result?: unknown[] } };
      return (body.data?.result?.length ?? 0) > 0;
    });
  } catch (err) {
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  }
  return { url, host: `127.0.0.1:${port}`, stop };
}
