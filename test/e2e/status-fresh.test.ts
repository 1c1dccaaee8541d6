// `/migrate status` reuses its answer while nothing is written (src/store/read-cache.ts), so these
// ask it again after every kind of change and expect the change: one the bot made, one the command
// line made through its own connection to the file, and one that landed while status was waiting
// for Slack to say whether the person may read a private channel's migration. A kept answer still
// goes only to someone who may read it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';
import { serviceByName } from '../../src/store/graph.ts';
import { casServiceState } from '../../src/store/lifecycle.ts';
import { activeMigration, type MigrationRow } from '../../src/store/migrations.ts';
import { CHANNEL, type Harness, startHarness } from '../support/harness.ts';
import { seedGraph } from '../support/seed.ts';
import { sendSigned, slashCommandBody, TEAM } from '../support/slack-requests.ts';

const GRAPH = `services:
  - name: orders
  - name: billing
    depends_on: [orders]
`;

let dir: string;
let h: Harness;
let cli: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-bot-status-fresh-'));
});
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.close();
  cli?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startWith(channel = CHANNEL, privateChannel = false): Promise<MigrationRow> {
  const databaseUrl = join(dir, 'bot.db');
  h = await startHarness({ databaseUrl });
  if (privateChannel) h.fake.privateChannels.add(channel);
  await h.slash('new Shop', { channel_id: channel });
  await h.bot.idle();
  const m = activeMigration(h.bot.store.db, TEAM, channel);
  if (!m) throw new Error('no migration');
  seedGraph(h.bot.store, m, GRAPH);
  cli = openStore(databaseUrl);
  return m;
}

/** How often the bot reused a status answer and worked one out, from GET /metrics. */
async function statusAnswers(): Promise<{ reused: number; workedOut: number }> {
  const text = await (await fetch(`${h.baseUrl}/metrics`)).text();
  const count = (outcome: string) =>
    Number(
      text.match(
        new RegExp(`migrate_bot_cached_answers_total\\{answer="status",outcome="${outcome}"\\} (\\d+)`),
      )?.[1] ?? 0,
    );
  return { reused: count('reused'), workedOut: count('worked_out') };
}

describe('status after a change', () => {
  it('shows what the bot itself just changed', async () => {
    await startWith();
    const before = await h.ask('status');
    expect(before).toContain('planned: *2*');
    expect(await h.ask('status')).toBe(before);
    // Asked twice with nothing written between, the second answer is the first one reused.
    expect(await statusAnswers()).toEqual({ reused: 1, workedOut: 1 });
    await h.slash('plan');
    await h.bot.idle();
    await h.slash('start billing');
    await h.bot.idle();
    const after = await h.ask('status');
    expect(after).not.toBe(before);
    expect(after).toContain('shadow: *1*');
    expect(after).toContain('*billing*: shadow since');
    expect(await statusAnswers()).toEqual({ reused: 1, workedOut: 2 });
  });

  it('shows what another process wrote to the database file', async () => {
    const m = await startWith();
    const before = await h.ask('status orders');
    expect(before).toContain('orders is planned');
    const orders = serviceByName(cli.db, m, 'orders');
    if (!orders) throw new Error('no orders');
    expect(casServiceState(cli.db, orders.id, 'planned', 'shadow', new Date())).toBe(true);
    expect(await h.ask('status orders')).toContain('orders is shadow');
  });

  it('shows a change made while status waited for Slack, and refuses a kept answer to an outsider', async () => {
    const secret = 'C0SECRET';
    const m = await startWith(secret, true);
    h.fake.channelMembers.set(secret, ['U0ALICE']);
    // Asked from another channel, status first asks Slack whether the person is in the private one.
    const release = h.fake.hold('conversations.members');
    const asked = sendSigned(
      h.baseUrl,
      slashCommandBody('status --migration Shop', { response_url: h.fake.responseUrl(), channel_id: 'C0OTHER' }),
    ).then((res) => res.text());
    await h.fake.waitForCall('conversations.members');
    cli.sqlite.prepare('update migrations set name = ? where id = ?').run('Shop2', m.id);
    release();
    expect(await asked).toContain('Status of Shop:');
    expect(await h.ask('status', { channel_id: secret })).toContain('Status of Shop2');
    // The answer kept for a member is never handed to someone outside the private channel.
    const outsider = { channel_id: 'C0OTHER', user_id: 'U0MALLORY' };
    expect(await h.ask('status --migration Shop2', { channel_id: 'C0OTHER' })).toContain('Status of Shop2');
    const refused = await h.ask('status --migration Shop2', outsider);
    expect(refused).toContain('belongs to a private channel you are not in');
    expect(refused).not.toContain('Status of');
    expect(await statusAnswers()).toMatchObject({ reused: 1 });
  });
});
