import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalsTable, auditLogTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import {
  BOB,
  CAROL,
  DAVE,
  ERIN,
  type FixtureOptions,
  pendingIdFrom,
  postedRequest,
  requests,
  serviceRow,
  setupMigration,
} from '../support/lifecycle-fixture.ts';
import { USER } from '../support/slack-requests.ts';

let clock = new Date('2026-11-25T10:00:00Z');
const HOUR = 3_600_000;

describe('cutover approvals in the channel', () => {
  let h: Harness;
  beforeEach(async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    h = await startHarness({ now: () => clock });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  /** `api` owned by BOB, in shadow, with a cutover request posted by BOB. */
  async function requested(options: Partial<FixtureOptions> = {}) {
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }], approvers: [DAVE], ...options });
    await h.slash('start api', { user_id: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started *api*'));
    const ask = await h.ask('cutover api', { user_id: BOB });
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask), userId: BOB });
    return postedRequest(h);
  }
  const approve = (id: number, userId: string) =>
    h.clickAnswer({ actionId: 'approve_cutover', value: String(id), userId });
  const approvals = () => h.bot.store.db.select().from(approvalsTable).all();
  const audit = (action: string) =>
    h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((a) => a.action === action);

  it('lets a lead name approvers, users and user groups', async () => {
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }] });
    expect(await h.ask(`approvers add <@${DAVE}|dave>`, { user_id: BOB })).toContain('Only the leads');
    await h.slash(`approvers add <@${DAVE}|dave> <!subteam^S0SRE|@sre>`);
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('as approvers'));
    const list = await h.ask('approvers');
    expect(list).toContain(`<@${DAVE}>`);
    expect(list).toContain('<!subteam^S0SRE>');
  });

  it('refuses a click by someone who is not an approver, naming who may', async () => {
    const request = await requested({ approverGroups: ['S0SRE'] });
    const answer = await approve(request.id, ERIN);
    expect(answer).toContain('You are not an approver');
    expect(answer).toContain(`<@${DAVE}>`);
    expect(answer).toContain('<!subteam^S0SRE>');
    expect(approvals()).toEqual([]);
    expect(serviceRow(h, 'api').state).toBe('awaiting_approval');
    expect(h.fake.callsTo('chat.update')).toEqual([]);
  });

  it('counts a user group member, read at the time of the click', async () => {
    const request = await requested({ approvers: [], approverGroups: ['S0SRE'] });
    expect(await approve(request.id, ERIN)).toContain('not an approver');
    h.fake.usergroups.set('S0SRE', [ERIN]);
    expect(await approve(request.id, ERIN)).toContain('completed the request');
    expect(serviceRow(h, 'api').state).toBe('cutover');
  });

  it('closes the reject modal before reading a user group from Slack', async () => {
    const request = await requested({ approvers: [], approverGroups: ['S0SRE'] });
    h.fake.usergroups.set('S0SRE', [ERIN]);
    await h.click({ actionId: 'reject_cutover', value: String(request.id), userId: ERIN });
    const modal = await h.fake.waitForCall('views.open');
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    const release = h.fake.hold('usergroups.users.list');
    try {
      const submitted = await h.submitView({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: { reject_reason: { reason_input: { type: 'plain_text_input', value: 'No load test yet' } } },
        userId: ERIN,
      });
      // Answered while Slack still holds the group's members: the modal closes at once.
      expect(submitted.status).toBe(200);
      expect(requests(h)[0]?.status).toBe('pending');
    } finally {
      release();
    }
    const told = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === BOB);
    expect(String(told.args.text)).toContain('No load test yet');
    expect(requests(h)[0]).toMatchObject({ status: 'rejected', decidedBy: ERIN });
    expect(serviceRow(h, 'api').state).toBe('shadow');
  });

  it('refuses, after the reject modal closes, someone outside the approver groups', async () => {
    const request = await requested({ approvers: [], approverGroups: ['S0SRE'] });
    h.fake.usergroups.set('S0SRE', [ERIN]);
    await h.click({ actionId: 'reject_cutover', value: String(request.id), userId: CAROL });
    const modal = await h.fake.waitForCall('views.open');
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    const submitted = await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reject_reason: { reason_input: { type: 'plain_text_input', value: 'I say no' } } },
      userId: CAROL,
    });
    expect(submitted.status).toBe(200);
    const told = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CAROL);
    expect(String(told.args.text)).toContain('Only an approver may reject');
    expect(requests(h)[0]?.status).toBe('pending');
    expect(serviceRow(h, 'api').state).toBe('awaiting_approval');
  });

  it('rolls back from the approved request with a reason typed in a modal', async () => {
    const request = await requested();
    expect(await approve(request.id, DAVE)).toContain('completed');
    await h.click({ actionId: 'rollback_service', value: String(request.id), userId: BOB });
    const modal = await h.fake.waitForCall('views.open');
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('rollback_service_submit');
    const reasonIs = (value: string) => ({ reject_reason: { reason_input: { type: 'plain_text_input', value } } });
    const submit = (reason: string) =>
      h.submitView({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        values: reasonIs(reason),
        userId: BOB,
      });
    expect((await submit('')).body).toContain('errors');
    expect(serviceRow(h, 'api').state).toBe('cutover');
    const done = await submit('Error rate doubled');
    expect(done.status).toBe(200);
    const post = await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('rolled back *api*'));
    expect(String(post.args.text)).toContain('Reason: Error rate doubled');
    expect(serviceRow(h, 'api').state).toBe('rolled_back');
  });

  it('does not let the requester approve their own request', async () => {
    const request = await requested({ approvers: [BOB, DAVE] });
    expect(await approve(request.id, BOB)).toContain('you cannot approve it');
    expect(approvals()).toEqual([]);
  });

  it('counts a double click once and updates the message in place', async () => {
    const request = await requested({ settings: { 'approvals-default': 2 }, approvers: [DAVE, ERIN] });
    expect(await approve(request.id, DAVE)).toContain('1 of 2, 1 more needed');
    expect(await approve(request.id, DAVE)).toContain('already approved');
    expect(approvals()).toHaveLength(1);
    const updates = h.fake.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.ts).toBe(request.messageTs);
    expect(JSON.stringify(updates[0]?.args.blocks)).toContain(`Approved by <@${DAVE}>`);
    expect(JSON.stringify(updates[0]?.args.blocks)).toContain('1 still needed');
    expect(await approve(request.id, ERIN)).toContain('completed the request');
    expect(serviceRow(h, 'api').state).toBe('cutover');
    // Both the requester and the owner are told (here the same person).
    await h.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === BOB && String(c.args.text).includes('is approved'),
    );
    expect(await approve(request.id, DAVE)).toContain('already approved');
  });

  it('counts exactly the needed approvals from 20 approvers clicking at once, with one state change', async () => {
    const approvers = Array.from({ length: 20 }, (_, i) => `U0APP${String(i).padStart(2, '0')}`);
    const request = await requested({ settings: { 'approvals-default': 2 }, approvers });
    const answers = await Promise.all(approvers.map((id) => approve(request.id, id)));
    expect(approvals()).toHaveLength(2);
    expect(answers.filter((a) => a.includes('recorded') || a.includes('completed'))).toHaveLength(2);
    expect(answers.filter((a) => a.includes('already approved'))).toHaveLength(18);
    expect(serviceRow(h, 'api').state).toBe('cutover');
    expect(requests(h)[0]?.status).toBe('approved');
    const moves = audit('service.transition').filter((a) => a.toValue === 'cutover');
    expect(moves).toHaveLength(1);
    expect(audit('approval.approve')).toHaveLength(2);
  });

  it('answers a click on a stale message clearly and changes nothing', async () => {
    const request = await requested();
    expect(await approve(request.id, DAVE)).toContain('completed');
    expect(await approve(request.id, ERIN)).toContain('already approved');
    await h.click({ actionId: 'reject_cutover', value: String(request.id), userId: DAVE });
    const rejectAnswer = await h.fake.waitForResponse((r) => String(r.body.text).includes('already approved'));
    expect(rejectAnswer).toBeTruthy();
    expect(h.fake.callsTo('views.open')).toEqual([]);
    expect(await approve(9999, DAVE)).toContain('no longer exists');
  });

  it('holds a critical service until its rollback procedure is written and a rehearsal recorded', async () => {
    const request = await requested({ services: [{ name: 'api', owner: BOB, tier: 1 }], approvers: [DAVE, ERIN] });
    expect(request.required).toBe(2);
    const refused = await approve(request.id, DAVE);
    expect(refused).toContain('rollback-procedure');
    expect(refused).toContain('/migrate rehearsal api <minutes>');
    expect(approvals()).toEqual([]);
    await h.slash('rehearsal api 25', { user_id: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('rehearsal for *api*'));
    expect(serviceRow(h, 'api').rehearsalMinutes).toBe(25);
    expect(await approve(request.id, DAVE)).toContain('rollback-procedure');
    await h.slash('runbook api skip rollback-procedure written in the wiki', { user_id: BOB });
    await h.fake.waitForResponse((r) => String(r.body.text).startsWith('Runbook of api'));
    // Skipping is not writing it: the gate still holds.
    expect(await approve(request.id, DAVE)).toContain('rollback-procedure');
    const id = h.bot.deps.store.sqlite
      .prepare("select id from runbook_steps where key = 'rollback-procedure'")
      .get() as { id: number };
    h.bot.deps.store.sqlite.prepare("update runbook_steps set status = 'done' where id = ?").run(id.id);
    expect(await approve(request.id, DAVE)).toContain('1 of 2');
    expect(await approve(request.id, ERIN)).toContain('completed');
  });

  it('reminds the approvers once, in the request thread, after the reminder time', async () => {
    const request = await requested();
    await h.tick(new Date(clock.getTime() + 3 * HOUR));
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === request.messageTs)).toEqual([]);
    await h.tick(new Date(clock.getTime() + 4 * HOUR + 60_000));
    await h.tick(new Date(clock.getTime() + 9 * HOUR));
    // The digest job shares the tick (and posts its own thread); only the request's thread counts here.
    const reminders = h.fake
      .callsTo('chat.postMessage')
      .filter((c) => String(c.args.text).includes('request has waited'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.args.thread_ts).toBe(request.messageTs);
    expect(String(reminders[0]?.args.text)).toContain(`<@${DAVE}>`);
    expect(requests(h)[0]?.remindedAt).not.toBeNull();
  });

  it('keeps a request for a batch of 500 within Block Kit limits', async () => {
    const services = Array.from({ length: 500 }, (_, i) => ({ name: `svc-${i}`, tier: 1 + (i % 3) }));
    await setupMigration(h, { strategy: 'parallel', services, approvers: [DAVE, ERIN] });
    await h.slash('start batch 1');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started batch 1'));
    const ask = await h.ask('cutover batch 1');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask), userId: USER });
    const request = await postedRequest(h);
    expect(request.required).toBe(2);
    const post = h.fake.callsTo('chat.postMessage').find((c) => String(c.args.text).startsWith('Cutover approval'));
    expect(JSON.stringify(post?.args.blocks)).toContain('…and 480 more');
    expect(await approve(request.id, DAVE)).toContain('rollback-procedure');
  });
});
