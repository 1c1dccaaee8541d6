// `npm start` with no Slack variable at all opens the local playground, except in production, where
// the missing variables are listed and nothing starts. Runs the built entry, as `npm start` does.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = new URL('../../dist/src/main.js', import.meta.url).pathname;

interface Started {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in what the process printed, as it prints it. */
  printed(pattern: RegExp): Promise<RegExpExecArray>;
  readonly exited: Promise<number>;
}

function run(env: Record<string, string>): Started {
  let out = '';
  const watchers = new Set<() => void>();
  const child = spawn(process.execPath, [MAIN], {
    cwd: mkdtempSync(join(tmpdir(), 'migrate-bot-start-')),
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const take = (d: unknown) => {
    out += String(d);
    for (const w of [...watchers]) w();
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (!m) return;
        watchers.delete(check);
        resolve(m);
      };
      watchers.add(check);
      void exited.then(() => reject(new Error(`exited before printing ${pattern}: ${out}`)));
      check();
    });
  return { child, output: () => out, printed, exited };
}

describe('npm start without Slack credentials', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    running?.kill('SIGKILL');
    running = undefined;
  });

  it('says so in one line and serves the playground on loopback', async () => {
    const started = run({ PORT: '0', PLAYGROUND_PORT: '0' });
    running = started.child;
    const url = (await started.printed(/local playground at (http:\/\/\S+)/))[1] ?? '';
    expect(started.output()).toContain('no Slack credentials: starting the local playground at http://');
    expect(started.output()).toContain('loopback only');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  }, 30_000);

  it('never starts it in production: it lists what is missing and exits 1', async () => {
    const started = run({ NODE_ENV: 'production' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('SLACK_BOT_TOKEN is required');
    expect(started.output()).toContain('SLACK_SIGNING_SECRET is required');
    expect(started.output()).not.toContain('playground');
  }, 30_000);
});

describe('npm start without Slack credentials and a bad PORT', () => {
  it('names the variable and exits 1', async () => {
    const started = run({ PORT: 'eighty' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('PORT must be a port number');
  }, 30_000);
});
