import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSlackPort } from '../../src/slack/port.ts';
import { FakeSlack } from '../support/fake-slack.ts';

const TOKEN = 'xoxb-test-token-never-logged';

describe('the Slack port', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await new FakeSlack().start();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await fake.stop();
  });

  it('downloads a file Slack hosts, with the bot token', async () => {
    const port = createSlackPort(() => ({ client: new WebClient(TOKEN, { slackApiUrl: fake.apiUrl }), token: TOKEN }));
    expect(await port.downloadFile(fake.hostFile('F1', 'from,to\na,b\n'), 1000)).toBe('from,to\na,b\n');
  });

  it('never sends the bot token to a host that only ends like Slack’s', async () => {
    const port = createSlackPort(() => ({ client: new WebClient(TOKEN, { slackApiUrl: fake.apiUrl }), token: TOKEN }));
    const fetched = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no network in tests'));
    for (const url of ['https://notslack.com/files/F1', 'https://evil-slack-edge.com/F1']) {
      await expect(port.downloadFile(url, 1000)).rejects.toMatchObject({ reason: { kind: 'not-slack-hosted' } });
    }
    expect(fetched).not.toHaveBeenCalled();
  });
});
