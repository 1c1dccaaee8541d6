// Private replies are retried briefly on 5xx, 429 and network errors, then dropped and logged
// without the response_url; the channel's messages go on meanwhile (they are the outbox's).
import { ConsoleLogger } from '@slack/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postToResponseUrl, ReplyRefused, sendPrivately } from '../../src/slack/private-reply.ts';
import type { Fault } from '../support/fake-slack.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { CHANNEL } from '../support/slack-requests.ts';

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
    h = await startHarness({ logger });
  });
  afterEach(async () => {
    h.fake.clearFault('response_url');
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  /** Fails the first answers as listed, then lets them through; counts every try. */
  function failFirst(faults: Fault[]): () => number {
    let tries = 0;
    h.fake.fault('response_url', () => faults[tries++] ?? null);
    return () => tries;
  }

  it('arrives after a 500, a 429 with Retry-After and a dropped connection', async () => {
    const tries = failFirst([{ status: 500 }, { status: 429, retryAfter: 0 }]);
    expect(await h.ask('help')).toContain('/migrate new');
    expect(tries()).toBe(3);
    const dropped = failFirst([{ dropAnswer: true }]);
    expect(await h.ask('help')).toContain('/migrate new');
    expect(dropped()).toBe(2);
  });

  it('is dropped and logged without its URL after a few tries; the channel hears its news anyway', async () => {
    h.fake.fault('response_url', () => ({ status: 503 }));
    const { responseUrl } = await h.slash('help');
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
