// kill -9 in the middle of a burst of changes: the file stays sound, no change committed without
// its announcement queued, and after a restart every queued message reaches the channel once, in
// order. The built bot (dist/) runs as its own process against a file database and the fake Slack.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/index.ts';
import { createOutbox } from '../../src/slack/outbox.ts';
import { applySchema, openStore } from '../../src/store/db.ts';
import { activeMigration } from '../../src/store/migrations.ts';
import { servicesTable } from '../../src/store/schema.ts';
import { depsFor } from '../support/deps.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_TOKEN } from '../support/harness.ts';
import { quietSlack } from '../support/slack-port.ts';
import { CHANNEL, SIGNING_SECRET, sendSigned, slashCommandBody, TEAM, USER } from '../support/slack-requests.ts';
import { type BotProcess, spawnBot } from './spawn.ts';

const SERVICES = 20;
const CHANGES = 200;
const BATCH = 10;

const slack = quietSlack;

const service = (i: number) => `svc-${String(i % SERVICES).padStart(2, '0')}`;
/** Change i records a rehearsal of `i + 1` minutes: every change is told apart by its minutes. */
const command = (i: number) => `rehearsal ${service(i)} ${i + 1}`;
const MINUTES = /rehearsal for .*?(svc-\d\d).*?it took \*(\d+) min\*/;

/** A migration with its services, written before the bot starts, as an earlier run would have. */
async function seed(file: string): Promise<void> {
  const store = openStore(file);
  applySchema(store);
  const deps = depsFor(store, { slack, now: () => new Date(), outbox: createOutbox(store.db, () => {}) });
  const actor = { workspaceId: TEAM, userId: USER, channelId: CHANNEL };
  await dispatch(deps, actor, 'new Shop');
  const migration = activeMigration(store.db, TEAM, CHANNEL);
  if (!migration) throw new Error('no migration');
  for (let i = 0; i < SERVICES; i += 1) {
    store.db
      .insert(servicesTable)
      .values({ workspaceId: TEAM, migrationId: migration.id, name: service(i), owner: USER, ownerKind: 'user' })
      .run();
  }
  store.close();
}

/** Waits for a condition for up to `ms`, re-checking after every call the fake receives. */
async function eventually<T>(fake: FakeSlack, find: () => T | null | undefined | false, what: string, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fake.waitFor(find, what);
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
  }
}

interface Read {
  integrity: string;
  /** `service minutes` of every rehearsal the store recorded. */
  committed: string[];
  /** `service minutes` named by each queued channel post, in id order. */
  queued: { id: number; key: string; status: string }[];
}

function readFile(file: string): Read {
  const db = new Database(file, { readonly: true });
  try {
    const integrity = (db.prepare('pragma integrity_check').get() as { integrity_check: string }).integrity_check;
    const audits = db
      .prepare("select service_name as name, to_value as minutes from audit_log where action = 'rehearsal.record'")
      .all() as { name: string; minutes: string }[];
    const rows = db.prepare('select id, payload, status from outbox where lane = ? order by id').all(CHANNEL) as {
      id: number;
      payload: string;
      status: string;
    }[];
    const queued = rows.flatMap((r) => {
      const m = MINUTES.exec(JSON.parse(r.payload).message?.text ?? '');
      return m ? [{ id: r.id, key: `${m[1]} ${m[2]}`, status: r.status }] : [];
    });
    return { integrity, committed: audits.map((a) => `${a.name} ${a.minutes}`), queued };
  } finally {
    db.close();
  }
}

describe('kill -9 mid-burst', () => {
  let fake: FakeSlack | undefined;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    bot?.kill();
    await fake?.stop();
  });

  it('loses no announcement of a committed change, and delivers each once, in order, after a restart', async () => {
    fake = await new FakeSlack().start();
    const cwd = mkdtempSync(join(tmpdir(), 'migrate-bot-crash-'));
    const file = join(cwd, 'bot.db');
    await seed(file);
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATABASE_URL: file,
    };
    bot = spawnBot({ cwd, env });
    const base = `http://127.0.0.1:${await bot.port()}`;
    const running = bot;
    const fire = (i: number) =>
      sendSigned(base, slashCommandBody(command(i), { response_url: fake?.responseUrl() ?? '' })).catch(() => null);
    // Half the burst in batches, then the next batch and, while it is in flight, kill -9.
    for (let start = 0; start < CHANGES / 2; start += BATCH) {
      await Promise.all(Array.from({ length: BATCH }, (_, k) => fire(start + k)));
    }
    const inFlight = Array.from({ length: BATCH }, (_, k) => fire(CHANGES / 2 + k));
    running.child.kill('SIGKILL');
    expect((await running.exited()).signal).toBe('SIGKILL');
    await Promise.all(inFlight);
    // The rest of the burst finds nobody listening.
    for (let i = CHANGES / 2 + BATCH; i < CHANGES; i += 1) expect(await fire(i)).toBeNull();

    const after = readFile(file);
    expect(after.integrity).toBe('ok');
    expect(after.committed.length).toBeGreaterThan(0);
    expect(after.committed.length).toBeLessThan(CHANGES);
    // Every committed change has its announcement queued (or sent), and nothing is queued for a change that did not commit.
    expect(after.queued.map((q) => q.key).sort()).toEqual([...after.committed].sort());
    expect(after.queued.some((q) => q.status !== 'sent')).toBe(true);

    bot = spawnBot({ cwd, env });
    await bot.port();
    const shown = () =>
      (fake?.history.get(CHANNEL) ?? []).flatMap((m) => {
        const found = MINUTES.exec(m.text);
        return found ? [`${found[1]} ${found[2]}`] : [];
      });
    await eventually(fake, () => shown().length >= after.queued.length, 'every queued post delivered', 60_000);
    // Once each, in the order they were queued.
    expect(shown()).toEqual(after.queued.map((q) => q.key));
    // And the queue knows it: every row marked sent once its answer came back.
    const unsent = () => readFile(file).queued.filter((q) => q.status !== 'sent').length;
    await eventually(fake, () => unsent() === 0, 'every row marked sent', 10_000);
    expect(shown()).toEqual(after.queued.map((q) => q.key));
  }, 180_000);
});
