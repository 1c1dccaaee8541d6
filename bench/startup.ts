// Start-up and idle memory of the built bot (node dist/src/main.js, as `npm start` and the image run
// it) against a bare Bolt app (bench/bare-bolt.mjs) started the same way, in the same run, against
// the same in-process fake Slack. Runs alternate between the two; medians are shown.
// - start-up: from spawn to the first 200 from GET /healthz (polled every 5 ms)
// - idle RSS: the process's resident memory (VmRSS) one second after it became healthy
// `npm run bench:startup` runs only this part; `npm run bench` runs it after the planner bench.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSlack } from '../test/support/fake-slack.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 5;
const IDLE_MS = 1000;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  return typeof address === 'object' && address ? address.port : 0;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

async function healthyAfter(port: number, child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before /healthz answered`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Sample {
  readonly startMs: number;
  readonly rssMb: number;
}

async function measure(entry: string, apiUrl: string): Promise<Sample> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'migrate-bot-bench-'));
  const started = performance.now();
  const child = spawn(process.execPath, [entry], {
    cwd: data,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: apiUrl,
      PORT: String(port),
      DATABASE_URL: join(data, 'bot.db'),
      LOG_LEVEL: 'warn',
    },
  });
  try {
    const startMs = await healthyAfter(port, child, started);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { startMs, rssMb: rssMb(child.pid as number) };
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
    rmSync(data, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

export async function runStartupBench(): Promise<void> {
  const bot = join(ROOT, 'dist/src/main.js');
  if (!existsSync(bot)) throw new Error('run `npm run build` first: the bench starts the built bot');
  const bare = join(ROOT, 'bench/bare-bolt.mjs');
  const fake = await new FakeSlack().start();
  try {
    const samples: Record<'bot' | 'bare', Sample[]> = { bot: [], bare: [] };
    await measure(bare, fake.apiUrl); // warm the file cache for both
    await measure(bot, fake.apiUrl);
    for (let r = 0; r < ROUNDS; r++) {
      samples.bare.push(await measure(bare, fake.apiUrl));
      samples.bot.push(await measure(bot, fake.apiUrl));
    }
    const m = (k: 'bot' | 'bare', f: keyof Sample) => median(samples[k].map((s) => s[f]));
    const rows = [
      ['', 'start-up to /healthz ms', 'idle RSS MB'],
      ['migrate-bot (node dist/src/main.js)', m('bot', 'startMs').toFixed(0), m('bot', 'rssMb').toFixed(1)],
      ['bare Bolt (node bench/bare-bolt.mjs)', m('bare', 'startMs').toFixed(0), m('bare', 'rssMb').toFixed(1)],
      [
        'ratio',
        `${(m('bot', 'startMs') / m('bare', 'startMs')).toFixed(2)}x`,
        `${(m('bot', 'rssMb') / m('bare', 'rssMb')).toFixed(2)}x`,
      ],
    ];
    const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
    console.log(`\nStart-up and idle memory, median of ${ROUNDS} alternating runs, Node ${process.version}:`);
    for (const r of rows)
      console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
  } finally {
    await fake.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runStartupBench();
