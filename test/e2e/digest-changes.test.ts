// The digest's "changes" say what happened, to which service, by whom: a request, an approval, a
// rejection and a withdrawal each read as what they were (issue 11, item 1).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, DAVE, ERIN, pendingIdFrom, postedRequest, setupMigration } from '../support/lifecycle-fixture.ts';

let clock = new Date('2026-11-25T10:00:00Z');

describe('the digest’s changes', () => {
  let h: Harness;
  beforeEach(async () => {
    clock = new Date('2026-11-25T10:00:00Z');
    h = await startHarness({ now: () => clock });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  async function requestCutover(service: string, index: number) {
    await h.slash(`start ${service}`, { user_id: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes(`started *${service}*`));
    const ask = await h.ask(`cutover ${service}`, { user_id: BOB });
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask), userId: BOB });
    return postedRequest(h, index);
  }

  it('names each approval event, its service and who did it', async () => {
    await setupMigration(h, {
      services: ['api', 'web', 'db'].map((name) => ({ name, owner: BOB })),
      approvers: [DAVE, ERIN],
      // Independent services in one batch: all three may be in flight together.
      strategy: 'parallel',
    });
    const api = await requestCutover('api', 0);
    expect(await h.clickAnswer({ actionId: 'approve_cutover', value: String(api.id), userId: DAVE })).toContain(
      'completed',
    );
    const web = await requestCutover('web', 1);
    await h.click({ actionId: 'reject_cutover', value: String(web.id), userId: ERIN });
    const modal = await h.fake.waitForCall('views.open');
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reject_reason: { reason_input: { type: 'plain_text_input', value: 'No load test yet' } } },
      userId: ERIN,
    });
    await h.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === BOB && String(c.args.text).includes('No load test yet'),
    );
    await requestCutover('db', 2);
    await h.slash('withdraw db not ready after all', { user_id: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('withdrew the cutover request'));
    await h.bot.idle();

    const before = h.fake.callsTo('chat.postMessage').length;
    await h.slash('digest');
    await h.fake.waitFor(
      () =>
        h.fake
          .callsTo('chat.postMessage')
          .slice(before)
          .find((c) => c.args.thread_ts),
      'the digest thread',
    );
    await h.bot.idle();
    const thread = JSON.stringify(
      h.fake
        .callsTo('chat.postMessage')
        .slice(before)
        .filter((c) => c.args.thread_ts)
        .map((c) => c.args.blocks),
    );
    expect(thread).toContain(`<@${BOB}> asked for approval to cut over *api*`);
    expect(thread).toContain(`<@${DAVE}> approved the cutover of *api*`);
    expect(thread).toContain(`<@${ERIN}> rejected the cutover of *web*: No load test yet`);
    expect(thread).toContain(`<@${BOB}> withdrew the cutover request for *db*: not ready after all`);
    expect(thread).not.toContain('of a service');
    expect(thread).not.toContain('approved the cutover of *web*');
    expect(thread.split('approved the cutover of').length - 1).toBe(1);
  });
});
