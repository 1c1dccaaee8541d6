// Answers in the ack: a private answer ready in time is the body of the command's HTTP response,
// and no response_url call follows; a slow one is acked empty and answered through response_url.
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { sendSigned, slashCommandBody } from '../support/slack-requests.ts';

const OTHER_CHANNEL = 'C0OTHER';

/** Sends `/migrate <text>` straight to the bot (not through the harness) and reads its ack. */
async function command(h: Harness, text: string, channel?: string) {
  const responseUrl = h.fake.responseUrl();
  const res = await sendSigned(
    h.baseUrl,
    slashCommandBody(text, { response_url: responseUrl, ...(channel ? { channel_id: channel } : {}) }),
  );
  const body = await res.text();
  return { status: res.status, body, responseId: responseUrl.slice(responseUrl.lastIndexOf('/') + 1) };
}

describe('answers in the ack', () => {
  let h: Harness;
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  it('answers help, status and a refusal in the ack body, with no response_url call', async () => {
    h = await startHarness();
    await h.slash('new Shop');
    await h.bot.idle();
    for (const [text, expected] of [
      ['help', '/migrate status'],
      ['status', 'Shop'],
      ['frobnicate', 'frobnicate'],
    ] as const) {
      const ack = await command(h, text);
      expect(ack.status).toBe(200);
      const answer = JSON.parse(ack.body) as { response_type: string; text: string; blocks?: unknown[] };
      expect(answer.response_type).toBe('ephemeral');
      expect(`${answer.text}\n${JSON.stringify(answer.blocks ?? [])}`).toContain(expected);
      await h.bot.idle();
      expect(h.fake.responses.filter((r) => r.id === ack.responseId)).toEqual([]);
    }
  });

  it('shows an answer given in the ack where tests read answers (the harness hands it on)', async () => {
    h = await startHarness();
    const { ackBody } = await h.slash('help');
    expect(ackBody).toContain('ephemeral');
    expect(await h.ask('help')).toContain('/migrate status');
  });

  it('acks a slow answer empty within the deadline and answers through response_url', async () => {
    h = await startHarness({ ackDeadlineMs: 20 });
    h.fake.privateChannels.add('C0SECRET');
    await h.slash('new Secret one', { channel_id: 'C0SECRET' });
    await h.bot.idle();
    h.fake.channelMembers.set('C0SECRET', ['U0ALICE']);
    // `list` asks Slack whether the person is in the private channel: held, it answers too late.
    const release = h.fake.hold('conversations.members');
    const ack = await command(h, 'list', OTHER_CHANNEL);
    expect(ack).toMatchObject({ status: 200, body: '' });
    expect(h.fake.responses.filter((r) => r.id === ack.responseId)).toEqual([]);
    release();
    const answer = await h.fake.waitForResponse((r) => r.id === ack.responseId);
    expect(JSON.stringify(answer.body)).toContain('Secret one');
  });
});
