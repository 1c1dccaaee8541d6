import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createHomePublisher } from '../../src/slack/home-publisher.ts';
import { FakeSlack } from '../support/fake-slack.ts';

describe('home publisher', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await new FakeSlack().start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.calls.length = 0;
    vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => vi.useRealTimers());

  const client = (token = 'xoxb-test') =>
    new WebClient(token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  const view = async () => ({ type: 'home' as const, blocks: [] });
  const published = () => fake.callsTo('views.publish').map((c) => c.args.user_id);

  it('publishes at once, then coalesces repeats within the interval into one', async () => {
    const p = createHomePublisher(() => client(), createLogger('error'), { perUserIntervalMs: 10_000 });
    for (let i = 0; i < 6; i++) p.request('T1', 'U1', view);
    await vi.waitFor(() => expect(published()).toEqual(['U1']));
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.waitFor(() => expect(published()).toEqual(['U1', 'U1']));
    await p.close();
  });

  it('keeps to the per-minute budget across people', async () => {
    const p = createHomePublisher(() => client(), createLogger('error'), { perMinute: 3 });
    for (let i = 0; i < 5; i++) p.request('T1', `U${i}`, view);
    await vi.waitFor(() => expect(published()).toHaveLength(3));
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(() => expect(published()).toHaveLength(5));
    await p.close();
  });

  it('publishes each workspace with its own token, within its own budget', async () => {
    const tokens: Record<string, string> = { T1: 'xoxb-one', E1: 'xoxb-org' };
    const p = createHomePublisher((ws) => client(tokens[ws]), createLogger('error'), { perMinute: 1 });
    p.request('T1', 'U1', view);
    p.request('E1', 'U1', view);
    await vi.waitFor(() => expect(published()).toHaveLength(2));
    expect(fake.callsTo('views.publish').map((c) => c.token)).toEqual(['xoxb-one', 'xoxb-org']);
    await p.close();
  });
});
