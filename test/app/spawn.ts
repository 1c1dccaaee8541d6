// Starts the bot as a separate process, the way `npm start` or the container does, and reads its
// output. Used by the start-up, shutdown, backup and image tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { BOT_TOKEN } from '../support/harness.ts';
import { SIGNING_SECRET } from '../support/slack-requests.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The environment of a bot talking to the fake Slack at `slackApiUrl`, on any free port. */
export function botEnv(slackApiUrl: string, databaseUrl: string): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    PORT: '0',
    DATABASE_URL: databaseUrl,
  };
}

export interface BotProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Waits until a line of stdout or stderr matches, or the process ends. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The port from the bot's "running (HTTP on port N)" line. */
  port(): Promise<number>;
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
}

export function spawnBot(options: {
  env: Record<string, string>;
  cwd: string;
  entry?: string;
  args?: readonly string[];
}): BotProcess {
  const child = spawn(process.execPath, [...(options.args ?? []), options.entry ?? `${ROOT}/dist/src/main.bundle.js`], {
    cwd: options.cwd,
    // Only what is given: no NODE_OPTIONS loader from the test runner, no stray Slack variables.
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    notify();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
    notify();
  });
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  let ended = false;
  void exit.then(() => {
    ended = true;
    notify();
  });
  const proc: BotProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = `${out}\n${err}`.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) return finish(() => resolve(line));
          if (ended) return finish(() => reject(new Error(`exited before ${pattern}:\n${out}\n${err}`)));
        };
        const timer = setTimeout(
          () => finish(() => reject(new Error(`no line matched ${pattern}:\n${out}\n${err}`))),
          timeoutMs,
        );
        const finish = (then: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          then();
        };
        listeners.add(check);
        check();
      });
    },
    async port() {
      const line = await proc.waitFor(/running \(HTTP on port \d+\)/);
      return Number(/port (\d+)/.exec(line)?.[1]);
    },
    exited: () => exit,
    kill() {
      if (!ended) child.kill('SIGKILL');
    },
  };
  return proc;
}
