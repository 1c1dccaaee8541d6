import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runbookSteps } from '../../src/store/runbooks.ts';
import { auditLogTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import {
  BOB,
  CAROL,
  DAVE,
  pendingIdFrom,
  postedRequest,
  requests,
  serviceRow,
  setupMigration,
} from '../support/lifecycle-fixture.ts';
import { CHANNEL } from '../support/slack-requests.ts';

let clock = new Date('2026-11-25T10:00:00Z');
const HOUR = 3_600_000;

describe('a service from start to done', () => {
  let h: Harness;
  beforeEach(async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    h = await startHarness({ now: () => clock });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  const posted = (text: string) => h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(text));
  const transitions = (name: string) =>
    h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((a) => a.serviceName === name && a.action === 'service.transition')
      .map((a) => `${a.fromValue}>${a.toValue}`);

  it('runs start, cutover with approval, switched, monitoring and done, audited step by step', async () => {
    await setupMigration(h, {
      services: [
        { name: 'api', owner: BOB, dependsOn: ['billing'] },
        { name: 'billing', owner: CAROL },
      ],
      approvers: [DAVE],
    });
    await h.slash('start api', { user_id: BOB });
    await posted('started *api*');
    expect(serviceRow(h, 'api').state).toBe('shadow');
    expect(runbookSteps(h.bot.store.db, serviceRow(h, 'api').id).length).toBeGreaterThan(5);

    const ask = await h.ask('cutover api', { user_id: BOB });
    expect(ask).toContain('Validation steps are not ticked yet');
    expect(ask).toContain('shadow-compare');
    expect(serviceRow(h, 'api').state).toBe('shadow');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask), userId: BOB });
    const request = await postedRequest(h);
    expect(serviceRow(h, 'api').state).toBe('awaiting_approval');
    const message = h.fake
      .callsTo('chat.postMessage')
      .find((c) => c.args.ts === undefined && String(c.args.text).startsWith('Cutover approval'));
    const blocks = JSON.stringify(message?.args.blocks);
    expect(blocks).toContain('billing (planned)');
    expect(blocks).toContain('Validation steps not ticked');
    expect(blocks).toContain('blast radius');
    expect(blocks).toContain(`<@${DAVE}>`);
    expect(blocks).toContain('"confirm"');

    const approved = await h.clickAnswer({
      actionId: 'approve_cutover',
      value: String(request.id),
      userId: DAVE,
      messageTs: request.messageTs ?? '',
    });
    expect(approved).toContain('completed the request');
    expect(serviceRow(h, 'api').state).toBe('cutover');
    const update = await h.fake.waitForCall('chat.update', (c) => c.args.ts === request.messageTs);
    expect(JSON.stringify(update.args.blocks)).toContain('confirm_switched');
    expect(JSON.stringify(update.args.blocks)).not.toContain('approve_cutover');
    const told = await h.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === BOB && String(c.args.text).includes('is approved'),
    );
    // The command it suggests names the service, ready to copy.
    expect(String(told.args.text)).toContain('or run `/migrate switched api`.');

    await h.click({ actionId: 'confirm_switched', value: String(request.id), userId: BOB });
    await posted('switched the traffic of *api*');
    const switched = serviceRow(h, 'api');
    expect(switched.state).toBe('monitoring');
    expect(switched.monitoringEndsAt?.getTime()).toBe(clock.getTime() + 24 * HOUR);

    clock = new Date(clock.getTime() + 25 * HOUR);
    await h.tick(clock);
    const prompt = await posted('monitoring window of *api*');
    expect(JSON.stringify(prompt.args.blocks)).toContain('confirm_done');
    await h.click({ actionId: 'confirm_done', value: String(switched.id), userId: BOB });
    await posted('marked done *api*');
    expect(serviceRow(h, 'api').state).toBe('done');
    const next = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CAROL);
    expect(String(next.args.text)).toContain('*billing*');

    expect(transitions('api')).toEqual([
      'planned>shadow',
      'shadow>awaiting_approval',
      'awaiting_approval>cutover',
      'cutover>monitoring',
      'monitoring>done',
    ]);
  });

  it('refuses what the state does not allow, naming the state and what is possible', async () => {
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }] });
    const refused = await h.ask('switched api', { user_id: BOB });
    expect(refused).toContain('*api*: `switched` is not possible now: the service is *planned*');
    expect(refused).toContain('From *planned* you can: start');
    expect(await h.ask('start api', { user_id: CAROL })).toContain("Only a service's owner or a lead");
    expect(await h.ask('rollback api', { user_id: BOB })).toContain('`rollback` is not possible now');
    await h.slash('start api', { user_id: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started *api*'));
    expect(await h.ask('rollback api', { user_id: BOB })).toContain('needs a reason');
    expect(await h.ask('start nope', { user_id: BOB })).toContain('There is no service `nope` in *Move*.');
    expect(transitions('api')).toEqual(['planned>shadow']);
  });

  it('withdraws a request: back to shadow, the message says so, a late click is told', async () => {
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }], approvers: [DAVE] });
    await h.slash('start api', { user_id: BOB });
    await posted('started *api*');
    const ask = await h.ask('cutover api', { user_id: BOB });
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask), userId: BOB });
    const request = await postedRequest(h);
    await h.slash('withdraw api not ready after all', { user_id: BOB });
    await posted('withdrew the cutover request of *api*');
    expect(serviceRow(h, 'api').state).toBe('shadow');
    expect(requests(h)[0]?.status).toBe('withdrawn');
    const update = await h.fake.waitForCall('chat.update', (c) => c.args.ts === request.messageTs);
    expect(JSON.stringify(update.args.blocks)).toContain('Withdrawn');
    const late = await h.clickAnswer({ actionId: 'approve_cutover', value: String(request.id), userId: DAVE });
    expect(late).toContain('withdrawn');
    expect(serviceRow(h, 'api').state).toBe('shadow');
  });

  it('rejects with a reason typed in a modal; the requester hears why', async () => {
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }], approvers: [DAVE] });
    await h.slash('start api', { user_id: BOB });
    await posted('started *api*');
    const ask = await h.ask('cutover api', { user_id: BOB });
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask), userId: BOB });
    const request = await postedRequest(h);
    await h.click({ actionId: 'reject_cutover', value: String(request.id), userId: DAVE });
    const modal = await h.fake.waitForCall('views.open');
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('reject_cutover_submit');
    const empty = await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reject_reason: { reason_input: { type: 'plain_text_input', value: '' } } },
      userId: DAVE,
    });
    expect(empty.body).toContain('errors');
    await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reject_reason: { reason_input: { type: 'plain_text_input', value: 'No load test yet' } } },
      userId: DAVE,
    });
    const told = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === BOB);
    expect(String(told.args.text)).toContain('No load test yet');
    expect(serviceRow(h, 'api').state).toBe('shadow');
    expect(requests(h)[0]).toMatchObject({ status: 'rejected', reason: 'No load test yet', decidedBy: DAVE });
    const update = await h.fake.waitForCall('chat.update', (c) => c.args.ts === request.messageTs);
    expect(JSON.stringify(update.args.blocks)).toContain('Rejected');
    const rejectRow = h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .find((a) => a.action === 'service.transition' && a.toValue === 'shadow' && a.fromValue === 'awaiting_approval');
    expect(rejectRow?.reason).toBe('No load test yet');
  });

  it('asks before starting against the plan, and audits the override', async () => {
    await setupMigration(h, {
      services: [
        { name: 'api', owner: BOB, dependsOn: ['billing'] },
        { name: 'billing', owner: CAROL },
      ],
    });
    await h.slash('start api', { user_id: BOB });
    await posted('started *api*');
    const ask = await h.ask('start billing', { user_id: CAROL });
    expect(ask).toContain('over the limit');
    expect(serviceRow(h, 'billing').state).toBe('planned');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask), userId: CAROL });
    await posted('started *billing*');
    expect(serviceRow(h, 'billing').state).toBe('shadow');
    const override = h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((a) => a.action === 'wip.override');
    expect(override).toHaveLength(1);
    expect(override[0]).toMatchObject({ actor: CAROL, serviceName: 'billing' });
    expect(override[0]?.reason).toContain('over the limit');
  });

  describe('a batch with one failed member', () => {
    async function batchInMonitoring() {
      await setupMigration(h, {
        strategy: 'parallel',
        services: [
          { name: 'a', owner: BOB },
          { name: 'b', owner: CAROL },
          { name: 'c', owner: BOB },
        ],
        approvers: [DAVE],
      });
      await h.slash('start batch 1');
      await posted('started batch 1 (3 services)');
      const ask = await h.ask('cutover batch 1');
      await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask) });
      const request = await postedRequest(h);
      await h.clickAnswer({ actionId: 'approve_cutover', value: String(request.id), userId: DAVE });
      const told = await h.fake.waitForCall(
        'chat.postMessage',
        (c) => c.args.channel === CAROL && String(c.args.text).includes('is approved'),
      );
      expect(String(told.args.text)).toContain('or run `/migrate switched batch 1`.');
      await h.slash('switched batch 1');
      await posted('switched the traffic of batch 1');
      expect(['a', 'b', 'c'].map((n) => serviceRow(h, n).state)).toEqual(['monitoring', 'monitoring', 'monitoring']);
      return request;
    }

    it('rolls back the one member by its flag, leaving the others', async () => {
      await batchInMonitoring();
      await h.slash('rollback b error rate doubled', { user_id: CAROL });
      const post = await posted('rolled back *b*');
      expect(String(post.args.text)).toContain('error rate doubled');
      expect(String(post.args.text)).toContain('flag is off');
      expect(serviceRow(h, 'b')).toMatchObject({ state: 'rolled_back', flagEnabled: false });
      expect(serviceRow(h, 'a')).toMatchObject({ state: 'monitoring', flagEnabled: true });
      expect(serviceRow(h, 'c')).toMatchObject({ state: 'monitoring', flagEnabled: true });
      const audit = h.bot.store.db.select().from(auditLogTable).all();
      expect(audit.find((a) => a.action === 'service.flag')).toMatchObject({ serviceName: 'b', toValue: 'off' });
      expect(audit.find((a) => a.toValue === 'rolled_back')?.reason).toBe('error rate doubled');
      const status = await h.ask('status batch 1');
      expect(status).toContain('flag off');
    });

    it('rolls back the whole batch, except a member already done', async () => {
      await batchInMonitoring();
      clock = new Date(clock.getTime() + 25 * HOUR);
      await h.slash('done a', { user_id: BOB });
      await posted('marked done *a*');
      await h.slash('rollback batch 1 queue lag on the new cluster');
      // a is done and stays: the sentence counts the two that moved, of the batch's three.
      const post = await posted('rolled back 2 services of the 3 services of batch 1');
      expect(String(post.args.text)).toContain('queue lag on the new cluster');
      expect(['a', 'b', 'c'].map((n) => serviceRow(h, n).state)).toEqual(['done', 'rolled_back', 'rolled_back']);
      expect(serviceRow(h, 'b').flagEnabled).toBe(true);
      const rollbacks = h.bot.store.db
        .select()
        .from(auditLogTable)
        .all()
        .filter((a) => a.toValue === 'rolled_back');
      expect(rollbacks.map((a) => [a.serviceName, a.reason])).toEqual([
        ['b', 'queue lag on the new cluster'],
        ['c', 'queue lag on the new cluster'],
      ]);
      // Fixed, it starts again from rolled back.
      await h.slash('start b', { user_id: CAROL });
      await posted('started *b* (rolled back → *shadow*)');
    });
  });

  it('rolls back a done service only after a confirmation', async () => {
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }], approvers: [DAVE] });
    await h.slash('start api', { user_id: BOB });
    await posted('started *api*');
    const ask = await h.ask('cutover api', { user_id: BOB });
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask), userId: BOB });
    const request = await postedRequest(h);
    await h.clickAnswer({ actionId: 'approve_cutover', value: String(request.id), userId: DAVE });
    await h.slash('switched api', { user_id: BOB });
    await posted('switched the traffic of *api*');
    const early = await h.ask('done api', { user_id: BOB });
    expect(early).toContain('before its monitoring window has ended');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(early), userId: BOB });
    expect(serviceRow(h, 'api').state).toBe('done');
    const question = await h.ask('rollback api payments failing', { user_id: BOB });
    expect(question).toContain('although it is done');
    expect(serviceRow(h, 'api').state).toBe('done');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(question), userId: BOB });
    await posted('rolled back *api*');
    expect(serviceRow(h, 'api').state).toBe('rolled_back');
  });

  it('shows status, the log and exports files for a migration of 500 services within Block Kit limits', async () => {
    const services = Array.from({ length: 500 }, (_, i) => ({
      name: `svc-${String(i).padStart(3, '0')}`,
      ...(i % 2 ? { owner: BOB } : {}),
    }));
    await setupMigration(h, { strategy: 'parallel', services });
    await h.slash('start batch 1');
    await posted('started batch 1 (500 services)');
    const overview = await h.ask('status');
    expect(overview).toContain('*0* of 500 services done');
    expect(overview).toContain('…and 460 more');
    expect(await h.ask('status batch 1')).toContain('500 services');
    expect(await h.ask('status svc-001')).toContain('Possible now');
    const log = await h.ask('log');
    expect(log).toContain('page 1 of 17');
    expect(await h.ask('log page 17')).toContain('Entries 1–');
    expect(await h.ask('log svc-001')).toContain('from _planned_ to *shadow*');

    await h.ask('export');
    const done = await h.fake.waitFor(
      () => (h.fake.callsTo('files.completeUploadExternal').length >= 3 ? true : null),
      'three uploads',
    );
    expect(done).toBe(true);
    const contents = [...h.fake.uploads.values()].map((b) => b.toString('utf8'));
    // The fake keeps the multipart body as sent; the file is inside it.
    expect(contents.some((c) => c.includes('id,at,actor,action') && c.includes('service.transition'))).toBe(true);
    expect(contents.some((c) => c.includes('service,state') && c.includes('svc-499'))).toBe(true);
    const json = contents.find((c) => c.includes('"exportedAt"')) ?? '';
    const parsed = JSON.parse(json.slice(json.indexOf('{'), json.lastIndexOf('}') + 1));
    expect(parsed.services).toHaveLength(500);
    expect(parsed.audit.length).toBeGreaterThanOrEqual(500);
    expect(h.fake.callsTo('files.completeUploadExternal')[0]?.args.channel_id).toBe(CHANNEL);
  });
});
