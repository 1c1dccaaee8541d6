import { ConsoleLogger, LogLevel } from '@slack/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_TOKEN } from '../support/harness.ts';
import { SIGNING_SECRET, sendSigned, slashCommandBody } from '../support/slack-requests.ts';

/** Every line any part of the bot logs, at every level. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  constructor() {
    super();
    this.setLevel(LogLevel.DEBUG);
  }
  override debug(...msg: unknown[]) {
    this.lines.push(msg.map(String).join(' '));
  }
  override info(...msg: unknown[]) {
    this.lines.push(msg.map(String).join(' '));
  }
  override warn(...msg: unknown[]) {
    this.lines.push(msg.map(String).join(' '));
  }
  override error(...msg: unknown[]) {
    this.lines.push(msg.map((m) => (m instanceof Error ? `${m.message} ${m.stack}` : String(m))).join(' '));
  }
}

describe('secrets', () => {
  let fake: FakeSlack;
  let bot: Bot;
  afterEach(async () => {
    await bot.idle();
    await bot.stop();
    await fake.stop();
  });

  it('never appear in logs, even at debug level and when Slack calls fail', async () => {
    fake = await new FakeSlack().start();
    fake.on('chat.postMessage', () => ({ ok: false, error: 'invalid_auth' }));
    fake.on('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));
    const logger = new CapturingLogger();
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATABASE_URL: ':memory:',
      LOG_LEVEL: 'debug',
    });
    bot = createBot(config, { logger, retryConfig: { retries: 0 }, startScheduler: false, host: '127.0.0.1' });
    const server = await bot.start();
    const address = server?.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const text of ['assess', 'new Move', 'help']) {
      await sendSigned(base, slashCommandBody(text, { response_url: fake.responseUrl() }));
    }
    await sendSigned(base, slashCommandBody('assess', { response_url: fake.responseUrl() }), { secret: 'forged' });
    await bot.idle();
    expect(logger.lines.length).toBeGreaterThan(0);
    const all = logger.lines.join('\n');
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(BOT_TOKEN.slice(5));
  });
});
