// Starting the built bot and the bare Bolt baseline the same way for the benches: `node <file>` in a
// fresh data folder, against the in-process fake Slack, until GET /healthz answers 200.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SIGNING_SECRET = 'bench-signing-secret';

export const ENTRIES = {
  bot: { file: join(ROOT, 'dist/src/main.bundle.js'), label: 'migrate-bot (node dist/src/main.bundle.js)' },
  bare: { file: join(ROOT, 'bench/bare-bolt.mjs'), label: 'bare Bolt (node bench/bare-bolt.mjs)' },
} as const;
export type Entry = keyof typeof ENTRIES;

export function assertBuilt(): void {
  if (!existsSync(ENTRIES.bot.file)) throw new Error('run `npm run build` first: the bench starts the built bot');
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  return typeof address === 'object' && address ? address.port : 0;
}

/** CPU time (user + system) a process has used so far, from /proc (in clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface Started {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** The database the bot uses (the bare app ignores it). */
  readonly databaseUrl: string;
  /** From spawn to the first 200 from GET /healthz. */
  readonly startMs: number;
  /** The CPU time the process had used by then: steadier than startMs on a shared machine. */
  readonly startCpuMs: number;
  stop(): Promise<void>;
}

async function healthy(baseUrl: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before /healthz answered`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Spawns `entry` and resolves once it is healthy; /healthz is polled every 5 ms. */
export async function startServer(entry: Entry, apiUrl: string): Promise<Started> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'migrate-bot-bench-'));
  const databaseUrl = join(data, 'bot.db');
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [ENTRIES[entry].file], {
    cwd: data,
    stdio: 'ignore',
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
    },
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await healthy(baseUrl, child);
  } catch (err) {
    await stop();
    throw err;
  }
  const startMs = performance.now() - started;
  return { child, baseUrl, databaseUrl, startMs, startCpuMs: cpuMs(child.pid as number), stop };
}

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Prints rows as a table: the first column left-aligned, the rest right-aligned. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const r of rows)
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
}
