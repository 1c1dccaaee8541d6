// Private replies are retried briefly on 5xx, 429 and network errors, then dropped and logged
// without the response_url; the channel's messages go on meanwhile (they are the outbox's).
import { ConsoleLogger } from '@slack/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postToResponseUrl, ReplyRefused, sendPrivately } from '../../src/slack/private-reply.ts';
import type { Fault } from '../support/fake-slack.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { CHANNEL, USER } from '../support/slack-requests.ts';

const SECRET = 'C0SECRET';

class CapturingLogger extends ConsoleLogger {
  readonly warnings: string[] = [];
  override warn(...msg: unknown[]) {
    this.warnings.push(msg.map(String).join(' '));
  }
  override error() {}
  override info() {}
  override debug() {}
}

describe('sendPrivately', () => {
  const logger = new CapturingLogger();
  const failing = (errors: unknown[]) => {
    let calls = 0;
    return {
      attempt: async () => {
        const err = errors[calls++];
        if (err !== undefined) throw err;
      },
      calls: () => calls,
    };
  };

  it('waits what Retry-After asks, up to the cap, and backs off without it', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    const run = failing([new ReplyRefused(429, 1), new ReplyRefused(429, 60), new ReplyRefused(502, null)]);
    expect(await sendPrivately(run.attempt, logger, '[t]', { tries: 4, baseDelayMs: 100, capMs: 2000, sleep })).toBe(
      true,
    );
    expect(waits).toEqual([1000, 2000, 400]);
    expect(run.calls()).toBe(4);
  });

  it('does not retry what a retry cannot fix, and drops after the last try', async () => {
    const sleep = async () => {};
    const gone = failing([new ReplyRefused(404, null)]);
    expect(await sendPrivately(gone.attempt, logger, '[t]', { sleep })).toBe(false);
    expect(gone.calls()).toBe(1);
    const down = failing([new TypeError('fetch failed'), new TypeError('fetch failed'), new TypeError('fetch failed')]);
    expect(await sendPrivately(down.attempt, logger, '[t]', { sleep })).toBe(false);
    expect(down.calls()).toBe(3);
    expect(logger.warnings.at(-1)).toBe('[t] dropped a private reply after 3 tries: a network error');
  });
});

describe('private replies through a failing response_url', () => {
  let h: Harness;
  let logger: CapturingLogger;
  beforeEach(async () => {
    logger = new CapturingLogger();
    // A short ack deadline: an answer not ready in time goes through the response_url, which is
    // what these tests fail. (A quick answer would be the ack itself and never meet the fault.)
    h = await startHarness({ logger, ackDeadlineMs: 20 });
    h.fake.privateChannels.add(SECRET);
    await h.slash('new Secret one', { channel_id: SECRET });
    await h.bot.idle();
    h.fake.channelMembers.set(SECRET, [USER]);
  });
  afterEach(async () => {
    h.fake.clearFault('response_url');
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  /** `/migrate list` asks Slack about the private channel; held, its answer misses the ack. */
  async function lateList(): Promise<string> {
    const release = h.fake.hold('conversations.members');
    const { responseId } = await h.slash('list', { channel_id: 'C0OTHER' });
    release();
    await h.bot.idle();
    return responseId;
  }
  const answered = (id: string) =>
    h.fake.responses.some((r) => r.id === id && JSON.stringify(r.body).includes('Secret one'));

  /** Fails the first answers as listed, then lets them through; counts every try. */
  function failFirst(faults: Fault[]): () => number {
    let tries = 0;
    h.fake.fault('response_url', () => faults[tries++] ?? null);
    return () => tries;
  }

  it('arrives after a 500, a 429 with Retry-After and a dropped connection', async () => {
    const tries = failFirst([{ status: 500 }, { status: 429, retryAfter: 0 }]);
    expect(answered(await lateList())).toBe(true);
    expect(tries()).toBe(3);
    const dropped = failFirst([{ dropAnswer: true }]);
    expect(answered(await lateList())).toBe(true);
    expect(dropped()).toBe(2);
  });

  it('is dropped and logged without its URL after a few tries; the channel hears its news anyway', async () => {
    h.fake.fault('response_url', () => ({ status: 503 }));
    const release = h.fake.hold('conversations.members');
    const { responseUrl } = await h.slash('list', { channel_id: 'C0OTHER' });
    release();
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL);
    await h.bot.idle();
    expect(h.fake.responses).toEqual([]);
    const drops = logger.warnings.filter((w) => w.includes('dropped a private reply after 3 tries: HTTP 503'));
    expect(drops.length).toBeGreaterThan(0);
    expect(logger.warnings.join('\n')).not.toContain(responseUrl);
  });

  it('gives the wait a 429 asked for to the error it throws', async () => {
    h.fake.fault('response_url', () => ({ status: 429, retryAfter: 7 }));
    await expect(postToResponseUrl(h.fake.responseUrl(), { text: 'x' })).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 7,
    });
  });
});
