import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type BotProcess, botEnv, ROOT, spawnBot } from '../app/spawn.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { sendSigned, slashCommandBody } from '../support/slack-requests.ts';

function runCli(args: readonly string[], env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/migrate-bot.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return once(child, 'exit').then(([code]) => ({ code: code as number | null, out, err }));
}

describe('migrate-bot backup', () => {
  let fake: FakeSlack | undefined;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    bot?.kill();
    await fake?.stop();
  });

  it('copies the database of a running bot under writes, and the copy passes integrity_check', async () => {
    fake = await new FakeSlack().start();
    const cwd = mkdtempSync(join(tmpdir(), 'migrate-bot-backup-'));
    const databaseUrl = join(cwd, 'bot.db');
    bot = spawnBot({
      cwd,
      env: botEnv(fake.apiUrl, databaseUrl),
    });
    const base = `http://127.0.0.1:${await bot.port()}`;
    const slack = fake;
    let n = 0;
    const write = async () => {
      n += 1;
      const res = await sendSigned(
        base,
        slashCommandBody(`new Move ${n}`, { response_url: slack.responseUrl(), channel_id: `C${1000 + n}` }),
      );
      await res.text();
    };
    // Some rows first, then keep the bot writing while the backup runs.
    for (let i = 0; i < 3; i++) await write();
    await slack.waitFor(() => slack.callsTo('chat.postMessage').length >= 3, 'the first migrations');
    const backup = runCli(['backup', 'copy.db'], { DATABASE_URL: databaseUrl }, cwd);
    let finished = false;
    void backup.then(() => {
      finished = true;
    });
    const writing = (async () => {
      while (!finished) await write();
    })();
    const result = await backup;
    await writing;
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('integrity_check ok');

    const copy = new Database(join(cwd, 'copy.db'), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const { count } = copy.prepare('select count(*) as count from migrations').get() as { count: number };
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(n);
    } finally {
      copy.close();
    }
    expect(existsSync(join(cwd, '.copy.db.partial'))).toBe(false);

    // The target exists now: refused without --force.
    const again = await runCli(['backup', 'copy.db'], { DATABASE_URL: databaseUrl }, cwd);
    expect(again.code).toBe(1);
    expect(again.err).toContain('--force');
  });

  it('refuses a missing database and a missing file argument', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'migrate-bot-backup-'));
    const none = await runCli(['backup', 'copy.db'], { DATABASE_URL: join(cwd, 'nope.db') }, cwd);
    expect(none.code).toBe(1);
    expect(none.err).toContain('no database at');
    const usage = await runCli(['backup'], {}, cwd);
    expect(usage.code).toBe(2);
  });
});
