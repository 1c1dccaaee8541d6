// The playground without its page, on a clock that starts at a fixed instant and moves only when
// the scenario travels: the real bot (createBot, signed requests through its receiver) and the
// Slack stand-in with the sample workspace, driven by the page's own actions.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { PageActions } from '../../src/playground/actions.ts';
import { PlaygroundClock } from '../../src/playground/clock.ts';
import { seedWorkspace } from '../../src/playground/people.ts';
import type { Stage } from '../../src/playground/play.ts';
import { FakeSlack } from '../../src/playground/slack-api.ts';

/** The machine's time plays no part: every run sees the same instants. */
class FixedClock extends PlaygroundClock {
  private at: number;
  override readonly now = (): Date => new Date(this.at);

  constructor(start: Date) {
    super();
    this.at = start.getTime();
  }

  override advanceTo(to: Date): void {
    this.at = Math.max(this.at, to.getTime());
  }
}

export interface GoldenStage extends Stage {
  stop(): Promise<void>;
}

export async function startStage(start: Date): Promise<GoldenStage> {
  const slack = await new FakeSlack().start();
  seedWorkspace(slack);
  const clock = new FixedClock(start);
  slack.conversation.clock = clock.now;
  const signingSecret = randomBytes(24).toString('hex');
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-golden-transcript',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATABASE_URL: ':memory:',
    LOG_LEVEL: 'error',
  });
  const bot = createBot(config, {
    retryConfig: { retries: 0 },
    startScheduler: false,
    host: '127.0.0.1',
    now: clock.now,
  });
  const server = (await bot.start()) as Server;
  const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const actions = new PageActions({ slack, bot, botUrl, signingSecret, clock });
  return {
    slack,
    bot,
    actions,
    async stop() {
      await bot.idle();
      await bot.stop();
      await slack.stop();
    },
  };
}
