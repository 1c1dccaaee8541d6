import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replanInTx } from '../../src/services/planning.ts';
import { addPerson, insertMigration } from '../../src/store/migrations.ts';
import { approvalRequestsTable, plansTable, servicesTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { exampleGraph, seedGraph } from '../support/seed.ts';
import { eventBody, sendSigned, TEAM, USER } from '../support/slack-requests.ts';

const BOB = 'U0BOB';

function migration(h: Harness, n: number, createdBy = USER, channelPrivate = false) {
  return insertMigration(h.bot.store.db, {
    workspaceId: TEAM,
    channelId: `C0M${n}`,
    channelPrivate,
    name: `Move ${n}`,
    fromPlatform: null,
    toPlatform: null,
    strategy: 'parallel',
    createdBy,
    digestTz: 'UTC',
    createdAt: new Date('2026-11-20T10:00:00Z'),
  });
}

async function openHome(h: Harness, user: string) {
  const before = h.fake.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
  const res = await sendSigned(
    h.baseUrl,
    eventBody({ type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' }),
    {
      contentType: 'application/json',
    },
  );
  expect(res.status).toBe(200);
  const call = await h.fake.waitForCall('views.publish', (c) => c.args.user_id === user, before);
  return JSON.stringify(call.args.view);
}

describe('the App Home', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  it('shows the migrations the viewer takes part in, and what waits on them', async () => {
    const led = migration(h, 1);
    const other = migration(h, 2, 'U0CAROL');
    addPerson(h.bot.store.db, other, { role: 'approver', kind: 'user', slackId: BOB, addedBy: 'U0CAROL' });
    migration(h, 3, 'U0CAROL');
    const svc = h.bot.store.db
      .insert(servicesTable)
      .values({ workspaceId: TEAM, migrationId: other.id, name: 'billing', owner: USER, ownerKind: 'user' })
      .returning()
      .get();
    h.bot.store.db
      .insert(approvalRequestsTable)
      .values({
        workspaceId: TEAM,
        migrationId: other.id,
        serviceIds: [svc.id],
        requestedBy: USER,
        required: 1,
        channelId: 'C0M2',
      })
      .run();
    const alice = await openHome(h, USER);
    expect(alice).toContain(`*${led.name}*`);
    expect(alice).toContain('Move 2');
    expect(alice).not.toContain('Move 3');
    const bob = await openHome(h, BOB);
    expect(bob).toContain('1 cutover waits for your approval: billing');
    expect(bob).not.toContain('Move 1');
  });

  it('hides private-channel migrations from non-members', async () => {
    const secret = migration(h, 4, 'U0CAROL', true);
    addPerson(h.bot.store.db, secret, { role: 'approver', kind: 'user', slackId: BOB, addedBy: 'U0CAROL' });
    expect(await openHome(h, BOB)).not.toContain('Move 4');
  });

  it('opens the plan from the Plan button without re-planning or posting, even for a lead', async () => {
    const m = migration(h, 6);
    seedGraph(h.bot.store, m, exampleGraph());
    h.bot.store.db.transaction((tx) => replanInTx(tx, m, USER, new Date('2026-11-20T10:00:00Z')));
    await h.click({ actionId: 'home_open_plan', value: String(m.id), userId: USER });
    const dm = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === USER);
    expect(String(dm.args.text)).toContain('Plan v1');
    await h.bot.idle();
    expect(h.bot.store.db.select().from(plansTable).all()).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === m.channelId)).toEqual([]);
  });

  it('checks private-channel membership when a Home button is clicked', async () => {
    const secret = migration(h, 7, 'U0CAROL', true);
    for (const actionId of ['home_open_status', 'home_open_plan']) {
      await h.click({ actionId, value: String(secret.id), userId: BOB });
    }
    await h.bot.idle();
    const answers = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === BOB)
      .map((c) => String(c.args.text));
    expect(answers).toHaveLength(2);
    for (const answer of answers) expect(answer).toContain('private channel you are not in');
  });

  it('stays within 100 blocks with 60 migrations', async () => {
    for (let n = 0; n < 60; n++) migration(h, 100 + n);
    const view = await openHome(h, USER);
    expect(view).toContain('…and 36 more');
    expect((JSON.parse(view) as { blocks: unknown[] }).blocks.length).toBeLessThanOrEqual(100);
  });
});
