// `npm start` with no Slack variable at all opens the local playground, except in production, where
// the missing variables are listed and nothing starts. Runs the built entry, as `npm start` does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotProcess, spawnBot } from './spawn.ts';

const start = (env: Record<string, string>): BotProcess =>
  spawnBot({ cwd: mkdtempSync(join(tmpdir(), 'migrate-bot-start-')), env });

describe('npm start without Slack credentials', () => {
  let running: BotProcess | undefined;
  afterEach(() => {
    running?.kill();
    running = undefined;
  });

  it('says so in one line and serves the playground on loopback', async () => {
    running = start({ PORT: '0' });
    const line = await running.waitFor(/local playground at http:\/\/\S+/);
    const url = /at (http:\/\/\S+)/.exec(line)?.[1] ?? '';
    expect(line).toContain('no Slack credentials: starting the local playground at http://');
    expect(line).toContain('loopback only');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  }, 30_000);

  it('never starts it in production: it lists what is missing and exits 1', async () => {
    const started = start({ NODE_ENV: 'production' });
    expect((await started.exited()).code).toBe(1);
    const output = started.stdout() + started.stderr();
    expect(output).toContain('SLACK_BOT_TOKEN is required');
    expect(output).toContain('SLACK_SIGNING_SECRET is required');
    expect(output).not.toContain('playground');
  }, 30_000);
});

describe('npm start without Slack credentials and a bad PORT', () => {
  it('names the variable and exits 1', async () => {
    const started = start({ PORT: 'eighty' });
    expect((await started.exited()).code).toBe(1);
    expect(started.stderr()).toContain('PORT must be a port number');
  }, 30_000);
});
