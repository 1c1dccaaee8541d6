import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.ts';
import { sendSigned, slashCommandBody } from '../support/slack-requests.ts';
import { type BotProcess, botEnv, spawnBot } from './spawn.ts';

describe('SIGTERM', () => {
  let fake: FakeSlack | undefined;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    bot?.kill();
    await fake?.stop();
  });

  it('stops taking requests, finishes the one in flight, closes the database and exits 0', async () => {
    fake = await new FakeSlack().start();
    const cwd = mkdtempSync(join(tmpdir(), 'migrate-bot-term-'));
    const databaseUrl = join(cwd, 'bot.db');
    bot = spawnBot({
      cwd,
      env: botEnv(fake.apiUrl, databaseUrl),
    });
    const base = `http://127.0.0.1:${await bot.port()}`;
    // A slow request: `/migrate new` acks, then waits on Slack for the creator's time zone.
    const release = fake.hold('users.info');
    const ack = await sendSigned(base, slashCommandBody('new Shop', { response_url: fake.responseUrl() }));
    expect(ack.status).toBe(200);
    await fake.waitForCall('users.info');

    bot.child.kill('SIGTERM');
    await bot.waitFor(/SIGTERM: finishing/);
    // No new connections once the signal is handled.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    release();

    const exit = await bot.exited();
    expect(exit).toEqual({ code: 0, signal: null });
    // The request finished after the signal: the channel was told, and the row is in the file.
    expect(fake.callsTo('chat.postMessage').some((c) => String(c.args.text).includes('started the migration'))).toBe(
      true,
    );
    const db = new Database(databaseUrl, { readonly: true });
    try {
      expect(db.prepare('select count(*) as n from migrations').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
