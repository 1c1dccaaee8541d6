import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assessmentsTable } from '../../src/store/schema.ts';
import { SCORES, assessValues as values } from '../support/assess-values.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { CHANNEL, payloadBody, sendSigned, slashCommandBody, USER } from '../support/slack-requests.ts';

describe('/migrate assess end to end', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  const rows = () => h.bot.store.db.select().from(assessmentsTable).all();

  it('opens the checklist modal with six required score selects', async () => {
    const res = await h.slash('assess');
    expect(res.status).toBe(200);
    const call = await h.fake.waitForCall('views.open');
    const view = call.args.view as {
      blocks: { type: string; block_id?: string; optional?: boolean; element?: { options?: unknown[] } }[];
      private_metadata: string;
    };
    const selects = view.blocks.filter((b) => b.type === 'input' && b.element?.options);
    expect(selects.map((b) => b.block_id)).toEqual(Object.keys(SCORES));
    expect(selects.every((b) => !b.optional && b.element?.options?.length === 5)).toBe(true);
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: CHANNEL });
  });

  it('stores a valid submission and posts the result to the channel', async () => {
    const res = await h.submitView({
      callbackId: 'assess_submit',
      privateMetadata: JSON.stringify({ channelId: CHANNEL }),
      values: values(SCORES, 'Moving 40 services <!channel> off RabbitMQ'),
    });
    expect(res.status).toBe(200);
    const post = await h.fake.waitForCall('chat.postMessage');
    expect(post.args.channel).toBe(CHANNEL);
    const text = JSON.stringify(post.args.blocks);
    expect(text).toContain('19/30');
    expect(text).toContain('parallel');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain(`<@${USER}>`);
    expect(text).toMatch(/<!date\^\d+\^/);
    const stored = rows();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      workspaceId: 'T0001',
      channelId: CHANNEL,
      total: 19,
      outcome: 'parallel',
      migrationId: null,
    });
  });

  it('answers a missing score with a block error and stores nothing', async () => {
    const res = await h.submitView({
      callbackId: 'assess_submit',
      privateMetadata: JSON.stringify({ channelId: CHANNEL }),
      values: values({ ...SCORES, automation: null }),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      response_action: 'errors',
      errors: { automation: 'Pick a score from 1 to 5.' },
    });
    expect(rows()).toHaveLength(0);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('rejects an out-of-range score on its block', async () => {
    const res = await h.submitView({
      callbackId: 'assess_submit',
      privateMetadata: JSON.stringify({ channelId: CHANNEL }),
      values: values({ ...SCORES, timeline: '7' }),
    });
    expect(JSON.parse(res.body).errors).toEqual({ timeline: 'Scores run from 1 to 5.' });
    expect(rows()).toHaveLength(0);
  });

  it('pre-fills the modal with the channel’s last scores', async () => {
    await h.submitView({
      callbackId: 'assess_submit',
      privateMetadata: JSON.stringify({ channelId: CHANNEL }),
      values: values(SCORES),
    });
    await h.fake.waitForCall('chat.postMessage');
    await h.slash('assess');
    const call = await h.fake.waitForCall('views.open');
    const blocks = (
      call.args.view as { blocks: { block_id?: string; element?: { initial_option?: { value: string } } }[] }
    ).blocks;
    expect(blocks.find((b) => b.block_id === 'timeline')?.element?.initial_option?.value).toBe('5');
  });

  it('sends the result by DM when the bot cannot post in the channel, and still stores it', async () => {
    h.fake.cannotPost.set('G0PRIVATE', 'not_in_channel');
    await h.submitView({
      callbackId: 'assess_submit',
      privateMetadata: JSON.stringify({ channelId: 'G0PRIVATE' }),
      values: values(SCORES),
    });
    const dm = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === USER);
    expect(JSON.stringify(dm.args.blocks)).toContain('/invite @migrate-bot');
    expect(rows()).toHaveLength(1);
  });

  it('lists history newest first with what changed', async () => {
    for (const timeline of ['5', '2']) {
      await h.submitView({
        callbackId: 'assess_submit',
        privateMetadata: JSON.stringify({ channelId: CHANNEL }),
        values: values({ ...SCORES, timeline }),
      });
    }
    const { responseId } = await h.slash('assess history');
    const answer = await h.fake.waitForResponse((r) => r.id === responseId);
    const text = JSON.stringify(answer.body.blocks);
    expect(text.indexOf('16/30')).toBeLessThan(text.indexOf('19/30'));
    expect(text).toContain('Timeline pressure 5→2');
  });

  it('names an unknown subcommand and the closest known one', async () => {
    const { responseId } = await h.slash('asess');
    const answer = await h.fake.waitForResponse((r) => r.id === responseId);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body.blocks)).toContain(
      'There is no `/migrate asess`. Did you mean `/migrate assess`?',
    );
  });

  it('lists every subcommand for /migrate alone', async () => {
    const { responseId } = await h.slash('');
    const answer = await h.fake.waitForResponse((r) => r.id === responseId);
    expect(JSON.stringify(answer.body.blocks)).toContain('/migrate assess [history]');
  });

  it('refuses a bad signature and a stale timestamp with 401, changing nothing', async () => {
    const body = slashCommandBody('assess', { response_url: h.fake.responseUrl() });
    const forged = await sendSigned(h.baseUrl, body, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const missing = await sendSigned(h.baseUrl, body, { signature: null });
    expect(missing.status).toBe(401);
    const stale = await sendSigned(h.baseUrl, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const submit = payloadBody({ type: 'view_submission' });
    expect((await sendSigned(h.baseUrl, submit, { secret: 'nope' })).status).toBe(401);
    expect(h.fake.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(rows()).toHaveLength(0);
  });
});
