import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLogTable, migrationsTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { CHANNEL, USER } from '../support/slack-requests.ts';

const BOB = 'U0BOB';
let clock = new Date('2026-11-25T10:00:00Z');

function pendingIdFrom(answer: string): string {
  const m = /"action_id":"confirm_pending".*?"value":"([0-9a-f]+)"/.exec(answer);
  if (!m?.[1]) throw new Error(`no confirm button in ${answer}`);
  return m[1];
}

describe('migrations per channel', () => {
  let h: Harness;
  beforeEach(async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    h = await startHarness({ now: () => clock });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });
  const migrations = () => h.bot.store.db.select().from(migrationsTable).all();

  it('creates one active migration per channel and says how to archive before a second', async () => {
    h.fake.timeZones.set(USER, 'Europe/Berlin');
    await h.slash('new “Payments to Kafka” from RabbitMQ to Kafka');
    const post = await h.fake.waitForCall('chat.postMessage');
    expect(String(post.args.text)).toContain('*Payments to Kafka* (RabbitMQ → Kafka)');
    expect(migrations()[0]).toMatchObject({
      name: 'Payments to Kafka',
      strategy: 'sequential',
      digestTz: 'Europe/Berlin',
      fromPlatform: 'RabbitMQ',
    });
    const second = await h.ask('new Other');
    expect(second).toContain('already runs *Payments to Kafka*');
    expect(second).toContain('/migrate archive');
    expect(migrations()).toHaveLength(1);
  });

  it('lists migrations, hiding private-channel ones from non-members', async () => {
    await h.slash('new Public one');
    h.fake.privateChannels.add('C0SECRET');
    await h.slash('new Secret one', { channel_id: 'C0SECRET' });
    await h.fake.waitForCall('chat.postMessage', () => true, 1);
    expect(await h.ask('list', { user_id: BOB, channel_id: 'C0OTHER' })).not.toContain('Secret one');
    h.fake.channelMembers.set('C0SECRET', [BOB]);
    const visible = await h.ask('list', { user_id: BOB, channel_id: 'C0OTHER' });
    expect(visible).toContain('Secret one');
    expect(visible).toContain('Public one');
  });

  it('keeps a private-channel migration’s settings, leads and approvers from non-members', async () => {
    h.fake.privateChannels.add('C0SECRET');
    await h.slash('new Secret one', { channel_id: 'C0SECRET' });
    await h.fake.waitForCall('chat.postMessage');
    for (const text of ['set', 'leads', 'approvers list']) {
      const answer = await h.ask(`${text} --migration "Secret one"`, { user_id: BOB, channel_id: 'C0OTHER' });
      expect(answer).toContain('belongs to a private channel you are not in');
    }
    h.fake.channelMembers.set('C0SECRET', [BOB]);
    const settings = await h.ask('set --migration "Secret one"', { user_id: BOB, channel_id: 'C0OTHER' });
    expect(settings).toContain('Settings of');
  });

  it('lists hundreds of migrations within the text Slack takes in one message', async () => {
    const now = new Date('2026-11-20T10:00:00Z');
    h.bot.store.db
      .insert(migrationsTable)
      .values(
        Array.from({ length: 400 }, (_, i) => ({
          workspaceId: 'T0001',
          channelId: `C0MIG${String(i).padStart(4, '0')}`,
          name: `Payments platform move number ${i}`,
          strategy: 'parallel' as const,
          status: 'archived' as const,
          createdBy: USER,
          createdAt: now,
        })),
      )
      .run();
    const answer = await h.ask('list');
    expect(answer).toContain('400 migrations');
    expect(answer).toContain('*Payments platform move number 0* in <#C0MIG0000>: archived, no services yet');
    expect(answer).not.toContain('0/0');
    expect(answer).toMatch(/…and \d+ more/);
  });

  it('lets only leads change settings, refuses bad values with the range, and audits changes', async () => {
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage');
    const refused = await h.ask('set engineers 6', { user_id: BOB });
    expect(refused).toContain('Only the leads of *Move* may change its settings');
    expect(refused).toContain(`<@${USER}>`);
    expect(await h.ask('set engineers 0')).toContain('"engineers" must be 1 to 500 engineers');
    expect(await h.ask('set wibble 3')).toContain('There is no setting `wibble`');
    await h.slash('set dual-running-uplift 80%');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('dual-running-uplift'));
    expect(migrations()[0]?.settings).toEqual({ 'dual-running-uplift': 80 });
    const audit = h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((a) => a.action === 'setting.change');
    expect(audit).toMatchObject([{ actor: USER, fromValue: '75', toValue: '80' }]);
    const listing = await h.ask('set');
    expect(listing).toContain('`dual-running-uplift` = *80* % (set by the team');
    expect(listing).toContain('`engineers` = *5* engineers (default');
  });

  it('lets a named lead act, and names leads in every refusal', async () => {
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage');
    expect(await h.ask('leads add bob')).toContain('picked from Slack');
    await h.slash(`leads add <@${BOB}|bob>`);
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('as a lead of'));
    expect(await h.ask('leads list')).toContain(`<@${BOB}>`);
    await h.slash('set engineers 9', { user_id: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('engineers'));
    expect(migrations()[0]?.settings).toEqual({ engineers: 9 });
  });

  it('archives after a confirmation, once, and refuses a late click', async () => {
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage');
    const question = await h.ask('archive');
    const id = pendingIdFrom(question);
    expect(migrations()[0]?.status).toBe('active');
    expect(await h.clickAnswer({ actionId: 'confirm_pending', value: id, userId: BOB })).toContain('Only <@U0ALICE>');
    expect(await h.clickAnswer({ actionId: 'confirm_pending', value: id })).toContain('Confirmed: Archive *Move*.');
    expect(migrations()[0]?.status).toBe('archived');
    expect(await h.clickAnswer({ actionId: 'confirm_pending', value: id })).toContain('already confirmed');
    expect(
      h.bot.store.db
        .select()
        .from(auditLogTable)
        .all()
        .filter((a) => a.action === 'migration.archive'),
    ).toHaveLength(1);
    expect(await h.ask('set engineers 3 --migration Move')).toContain('archived');
    expect(await h.ask('set --migration Move')).toContain('Settings of');
  });

  it('tells the archiver by direct message when the bot can no longer post in the channel', async () => {
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage');
    const id = pendingIdFrom(await h.ask('archive'));
    h.fake.cannotPost.set(CHANNEL, 'not_in_channel');
    expect(await h.clickAnswer({ actionId: 'confirm_pending', value: id })).toContain('Confirmed');
    const dm = await h.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === USER && String(c.args.text).includes('archived the migration *Move*'),
    );
    expect(JSON.stringify(dm.args.blocks)).toContain('/invite @migrate-bot');
    await h.bot.idle();
    expect(h.fake.responses.map((r) => String(r.body.text))).not.toContainEqual(
      expect.stringContaining('Something went wrong'),
    );
  });

  it('answers a confirmation clicked after 10 minutes and does nothing', async () => {
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage');
    const id = pendingIdFrom(await h.ask('archive'));
    clock = new Date(clock.getTime() + 11 * 60 * 1000);
    expect(await h.clickAnswer({ actionId: 'confirm_pending', value: id })).toContain('expired after 10 minutes');
    expect(migrations()[0]?.status).toBe('active');
  });

  it('keeps workspaces apart: the same channel id in another workspace sees nothing', async () => {
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage');
    expect(await h.ask('set', { team_id: 'T0OTHER' })).toContain('This channel has no active migration');
    expect(await h.ask('list', { team_id: 'T0OTHER' })).toContain('No migrations yet');
    await h.slash('new Move', { team_id: 'T0OTHER' });
    await h.fake.waitForCall('chat.postMessage', () => true, 1);
    expect(
      migrations()
        .map((m) => m.workspaceId)
        .sort(),
    ).toEqual(['T0001', 'T0OTHER']);
  });

  it('tells a channel without a migration how to start one', async () => {
    expect(await h.ask('set', { channel_id: CHANNEL })).toContain('/migrate new <name>');
  });
});
