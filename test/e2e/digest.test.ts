import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, gte, lt } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { activeMigration, type MigrationRow } from '../../src/store/migrations.ts';
import { digestRunsTable, migrationsTable, servicesTable } from '../../src/store/schema.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { exampleGraph, layeredGraphYaml, seedGraph } from '../support/seed.ts';
import { CHANNEL, TEAM, USER } from '../support/slack-requests.ts';

// Wednesday 25 November 2026; Berlin is UTC+1.
const WEDNESDAY = new Date('2026-11-25T07:00:00Z');
const MONDAY_0930_BERLIN = new Date('2026-11-30T08:30:00Z');

let harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses) {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  }
  harnesses = [];
});

async function setUp(options: { databaseUrl?: string; fake?: FakeSlack; services?: string } = {}) {
  let clock = WEDNESDAY;
  const h = await startHarness({ now: () => clock, ...options });
  harnesses.push(h);
  h.fake.timeZones.set(USER, 'Europe/Berlin');
  const setClock = (at: Date) => {
    clock = at;
  };
  return { h, setClock };
}

async function newMigration(h: Harness, services = exampleGraph()): Promise<MigrationRow> {
  await h.slash('new Shop');
  await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started the migration'));
  const m = activeMigration(h.bot.store.db, TEAM, CHANNEL);
  if (!m) throw new Error('no migration');
  seedGraph(h.bot.store, m, services);
  return m;
}

const digestPosts = (h: Harness) =>
  h.fake
    .callsTo('chat.postMessage')
    .filter((c) => !c.args.thread_ts && JSON.stringify(c.args.blocks ?? []).includes('services moved'));

describe('the standup digest', () => {
  it('posts one now with the long lists in a thread, without using up the scheduled one', async () => {
    const { h } = await setUp();
    await newMigration(h);
    await h.slash('digest');
    const post = await h.fake.waitFor(() => digestPosts(h)[0], 'the digest');
    expect(JSON.stringify(post.args.blocks)).toContain('0 of 31 services moved');
    expect(h.bot.store.db.select().from(digestRunsTable).all()).toHaveLength(0);
    await h.bot.idle();
    expect(h.bot.store.db.select().from(migrationsTable).get()?.lastDigestAt).toEqual(WEDNESDAY);
  });

  it('sets the schedule (leads only), in the creator’s time zone by default', async () => {
    const { h } = await setUp();
    const m = await newMigration(h);
    expect(m).toMatchObject({ digestTime: '09:30', digestTz: 'Europe/Berlin', digestDays: 'weekdays' });
    expect(await h.ask('digest at 8:15 daily', { user_id: 'U0BOB' })).toContain('Only the leads');
    expect(await h.ask('digest at 25:00')).toContain('25:00');
    expect(await h.ask('digest at 8:15 Mars/Base')).toContain('Mars/Base');
    await h.slash('digest at 8:15 America/New_York daily');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('set the standup digest'));
    expect(activeMigration(h.bot.store.db, TEAM, CHANNEL)).toMatchObject({
      digestTime: '08:15',
      digestTz: 'America/New_York',
      digestDays: 'daily',
    });
    await h.slash('digest chart off');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('without the weekly chart'));
    expect(activeMigration(h.bot.store.db, TEAM, CHANNEL)?.weeklyChart).toBe(false);
    expect(await h.ask('digest chart off')).toContain('already posts');
    await h.slash('digest off');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('paused'));
  });

  it('goes out once at the local time, and catches up later the same day after downtime', async () => {
    const { h } = await setUp();
    await newMigration(h);
    await h.tick(new Date('2026-11-25T08:29:00Z'));
    expect(digestPosts(h)).toHaveLength(0);
    await h.tick(new Date('2026-11-25T08:30:00Z'));
    await h.tick(new Date('2026-11-25T08:31:00Z'));
    expect(digestPosts(h)).toHaveLength(1);
    // Thursday: the bot was down at 09:30 and comes back at 16:00 local.
    await h.tick(new Date('2026-11-26T15:00:00Z'));
    expect(digestPosts(h)).toHaveLength(2);
    // Saturday is not a weekday; a missed Friday is not sent on Saturday.
    await h.tick(new Date('2026-11-28T10:00:00Z'));
    expect(digestPosts(h)).toHaveLength(2);
    expect(
      h.bot.store.db
        .select()
        .from(digestRunsTable)
        .all()
        .map((r) => [r.localDate, r.status]),
    ).toEqual([
      ['2026-11-25', 'posted'],
      ['2026-11-26', 'posted'],
    ]);
  });

  it.each([
    // Berlin springs forward at 02:00 on 29 March 2026: a 02:30 digest runs at 03:00 local (01:00 UTC).
    ['Europe/Berlin', '02:30', '2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z'],
    // Berlin falls back at 03:00 on 25 October 2026: 02:30 happens twice, the digest runs once, the first time.
    ['Europe/Berlin', '02:30', '2026-10-25T00:00:00Z', '2026-10-25T00:30:00Z'],
    // New York springs forward at 02:00 on 8 March 2026: 02:15 runs at 03:00 local (07:00 UTC).
    ['America/New_York', '02:15', '2026-03-08T05:00:00Z', '2026-03-08T07:00:00Z'],
    // New York falls back at 02:00 on 1 November 2026: 01:30 happens twice, the digest runs once.
    ['America/New_York', '01:30', '2026-11-01T04:00:00Z', '2026-11-01T05:30:00Z'],
  ])('runs once across the DST change in %s at %s, ticking from %s', async (tz, time, from, expected) => {
    const { h } = await setUp();
    await newMigration(h);
    // The migration must exist before the days ticked through: no digest is due from before it existed.
    const createdAt = new Date(Date.parse(from) - 7 * 86_400_000);
    h.bot.store.db
      .update(migrationsTable)
      .set({ digestTz: tz, digestTime: time, digestDays: 'daily', createdAt })
      .run();
    const sent: string[] = [];
    for (let t = Date.parse(from); t < Date.parse(from) + 4 * 3_600_000; t += 60_000) {
      const before = digestPosts(h).length;
      await h.tick(new Date(t));
      if (digestPosts(h).length > before) sent.push(new Date(t).toISOString());
    }
    expect(sent).toEqual([new Date(expected).toISOString()]);
  });

  it('is claimed once across two bot processes on one database file', async () => {
    const fake = await new FakeSlack().start();
    const databaseUrl = join(mkdtempSync(join(tmpdir(), 'migrate-bot-')), 'shared.db');
    const a = await setUp({ databaseUrl, fake });
    const b = await setUp({ databaseUrl, fake });
    await newMigration(a.h);
    const at = new Date('2026-11-25T08:30:00Z');
    await Promise.all([a.h.bot.scheduler.runTick(at), b.h.bot.scheduler.runTick(at), a.h.bot.scheduler.runTick(at)]);
    await Promise.all([a.h.bot.idle(), b.h.bot.idle()]);
    expect(digestPosts(a.h)).toHaveLength(1);
    for (const h of harnesses) await h.close();
    harnesses = [];
    await fake.stop();
  });

  it('records a digest it cannot post and tells the creator once', async () => {
    const { h } = await setUp();
    await newMigration(h);
    h.fake.cannotPost.set(CHANNEL, 'not_in_channel');
    await h.tick(new Date('2026-11-25T08:30:00Z'));
    await h.tick(new Date('2026-11-26T08:30:00Z'));
    await h.bot.idle();
    const dms = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === USER);
    expect(dms).toHaveLength(1);
    expect(String(dms[0]?.args.text)).toContain('could not post the standup digest');
    expect(
      h.bot.store.db
        .select()
        .from(digestRunsTable)
        .all()
        .map((r) => r.status),
    ).toEqual(['failed', 'failed']);
  });

  it('attaches the burn-up chart to the Monday digest through the three-step upload', async () => {
    const { h } = await setUp();
    await newMigration(h);
    await h.tick(MONDAY_0930_BERLIN);
    const complete = await h.fake.waitForCall('files.completeUploadExternal');
    expect(complete.args.channel_id).toBe(CHANNEL);
    const id = (complete.args.files as { id: string }[])[0]?.id ?? '';
    expect(isPng(h.fake.uploads.get(id))).toEqual({ width: 1200, height: 600 });
  });

  it('mentions user owners but never a team whose name looks like a user id', async () => {
    const { h } = await setUp();
    await newMigration(h);
    const ends = new Date('2026-11-25T16:00:00Z');
    const set = (name: string, owner: string, ownerKind: 'user' | 'team') =>
      h.bot.store.db
        .update(servicesTable)
        .set({ owner, ownerKind, state: 'monitoring', monitoringEndsAt: ends })
        .where(eq(servicesTable.name, name))
        .run();
    set('orders', 'W0PAYMENTS', 'team');
    set('cart', 'U0CAROL', 'user');
    await h.slash('digest');
    await h.fake.waitFor(() => digestPosts(h)[0], 'the digest');
    await h.bot.idle();
    const all = JSON.stringify(h.fake.callsTo('chat.postMessage').map((c) => c.args.blocks));
    expect(all).toContain('<@U0CAROL>');
    expect(all).toContain('W0PAYMENTS');
    expect(all).not.toContain('<@W0PAYMENTS>');
  });

  it('leaves the chart out of the Monday digest when the team turned it off', async () => {
    const { h } = await setUp();
    await newMigration(h);
    h.bot.store.db.update(migrationsTable).set({ weeklyChart: false }).run();
    await h.tick(MONDAY_0930_BERLIN);
    expect(digestPosts(h)).toHaveLength(1);
    expect(h.fake.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('uploads the chart on demand', async () => {
    const { h } = await setUp();
    await newMigration(h);
    await h.slash('chart');
    const complete = await h.fake.waitForCall('files.completeUploadExternal');
    const id = (complete.args.files as { id: string }[])[0]?.id ?? '';
    expect(isPng(h.fake.uploads.get(id))).toEqual({ width: 1200, height: 600 });
  });

  it('stays within Block Kit limits at 500 services', async () => {
    const { h } = await setUp();
    await newMigration(h, layeredGraphYaml(500));
    await h.slash('plan parallel');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).startsWith('Plan v1'));
    // 150 done, 200 stuck in shadow for weeks: every list in the digest is long.
    const db = h.bot.store.db;
    const long = new Date('2026-10-01T00:00:00Z');
    db.update(servicesTable).set({ state: 'done', stateChangedAt: long }).where(lt(servicesTable.id, 151)).run();
    db.update(servicesTable)
      .set({ state: 'shadow', stateChangedAt: long })
      .where(and(gte(servicesTable.id, 151), lt(servicesTable.id, 351)))
      .run();
    await h.slash('digest');
    const post = await h.fake.waitFor(() => digestPosts(h)[0], 'the digest');
    expect(JSON.stringify(post.args.blocks)).toContain('150 of 500 services moved');
    await h.bot.idle();
    const posts = h.fake.callsTo('chat.postMessage');
    const replies = posts.slice(posts.indexOf(post) + 1).filter((c) => c.args.thread_ts);
    expect(replies.length).toBeGreaterThan(1);
    expect(JSON.stringify(replies.map((r) => r.args.blocks))).toContain('svc-151');
  });
});

/** The PNG's size from its IHDR chunk, or null when the bytes are not a PNG. */
function isPng(bytes: Buffer | undefined): { width: number; height: number } | null {
  if (!bytes) return null;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const at = bytes.indexOf(signature);
  if (at < 0) return null;
  return { width: bytes.readUInt32BE(at + 16), height: bytes.readUInt32BE(at + 20) };
}

describe('a migration created after the day’s digest time', () => {
  it('gets no catch-up digest at the next tick, and its first one the next scheduled morning', async () => {
    const { h, setClock } = await setUp();
    const afternoon = new Date('2026-11-25T14:00:00Z'); // 15:00 in Berlin, after the 09:30 digest
    setClock(afternoon);
    await newMigration(h);
    await h.tick(new Date('2026-11-25T14:01:00Z'));
    await h.bot.idle();
    expect(digestPosts(h)).toHaveLength(0);
    await h.tick(new Date('2026-11-26T08:30:00Z'));
    await h.fake.waitFor(() => digestPosts(h)[0], 'the next morning’s digest');
    expect(digestPosts(h)).toHaveLength(1);
  });
});
