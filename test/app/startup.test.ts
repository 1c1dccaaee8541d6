import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_TOKEN } from '../support/harness.ts';
import { SIGNING_SECRET } from '../support/slack-requests.ts';
import { type BotProcess, botEnv, spawnBot } from './spawn.ts';

// The built entry (npm start, the container), started with no .env in its working folder.
describe('start-up of the built bot', () => {
  let fake: FakeSlack | undefined;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    bot?.kill();
    await fake?.stop();
    bot = undefined;
    fake = undefined;
  });
  const folder = () => mkdtempSync(join(tmpdir(), 'migrate-bot-start-'));

  it('reports every missing or invalid variable in one message and exits 1', async () => {
    const cwd = folder();
    // In production: with no Slack variable at all a development start opens the playground instead.
    const env = { NODE_ENV: 'production', PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: join(cwd, 'bot.db') };
    bot = spawnBot({ cwd, env });
    expect((await bot.exited()).code).toBe(1);
    const err = bot.stderr();
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'LOG_LEVEL']) expect(err).toContain(name);
    expect(err).toContain('4 problems');
    expect(err.match(/cannot start/g)).toHaveLength(1);
    expect(bot.stdout()).toBe('');
  });

  it('ends in exactly one line when Slack rejects the token, and exits 1', async () => {
    fake = await new FakeSlack().start();
    fake.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    const cwd = folder();
    bot = spawnBot({
      cwd,
      env: botEnv(fake.apiUrl, join(cwd, 'bot.db')),
    });
    expect((await bot.exited()).code).toBe(1);
    expect(bot.stderr()).toBe('Slack rejected SLACK_BOT_TOKEN: invalid_auth\n');
    expect(bot.stdout()).not.toContain('running');
    expect(bot.stdout()).not.toContain('"level":"error"');
  });

  it('names the path when DATABASE_URL cannot be opened', async () => {
    fake = await new FakeSlack().start();
    const cwd = folder();
    writeFileSync(join(cwd, 'a-file'), 'not a folder');
    const path = join(cwd, 'a-file', 'bot.db');
    bot = spawnBot({
      cwd,
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        DATABASE_URL: path,
      },
    });
    expect((await bot.exited()).code).toBe(1);
    expect(bot.stderr()).toContain(`cannot open the database at ${path} (DATABASE_URL)`);
    expect(bot.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('starts with JSON logs and answers /healthz and /readyz', async () => {
    fake = await new FakeSlack().start();
    const cwd = folder();
    bot = spawnBot({
      cwd,
      env: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        DATABASE_URL: join(cwd, 'data', 'bot.db'),
        NODE_ENV: 'production',
      },
    });
    const port = await bot.port();
    const line = JSON.parse(await bot.waitFor(/running/)) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', name: 'migrate-bot' });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toMatchObject({ status: 'ready' });
    expect(bot.stdout()).not.toContain(BOT_TOKEN);
  });
});
