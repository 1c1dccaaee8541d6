// startPlayground(): the real bot (createBot, same Bolt app, commands and store, in its own SQLite
// file) wired to the Slack stand-in through SLACK_API_URL, plus the page. A development tool:
// it listens on loopback unless told otherwise, with a token and signing secret made up per run.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { type Bot, createBot } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { PageActions } from './actions.ts';
import { PlaygroundClock } from './clock.ts';
import { SimulatedMetrics } from './metrics-source.ts';
import { seedWorkspace } from './people.ts';
import { type PageServer, startPageServer } from './server.ts';
import { FakeSlack } from './slack-api.ts';

export interface PlaygroundOptions {
  /** The page's port (default 3000; 0 for any free one). */
  readonly port?: number;
  /** The interface the page listens on (default loopback). */
  readonly host?: string;
  /** The bot's SQLite file (default ./data/playground.db; ':memory:' for tests). */
  readonly databaseUrl?: string;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readonly logger?: Logger;
  /** Run the minute tick on its own too (default true); time travel runs it on demand either way. */
  readonly startScheduler?: boolean;
}

export interface Playground {
  /** The page, e.g. http://localhost:3000. */
  readonly url: string;
  /** The bot's own receiver on loopback; the page signs what it sends there. */
  readonly botUrl: string;
  readonly slack: FakeSlack;
  readonly bot: Bot;
  readonly clock: PlaygroundClock;
  /** The simulated Prometheus the playground allows as a health source (`/metrics` on the page). */
  readonly metrics: SimulatedMetrics;
  stop(): Promise<void>;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const host = options.host ?? '127.0.0.1';
  const databaseUrl = options.databaseUrl ?? './data/playground.db';
  if (databaseUrl !== ':memory:') mkdirSync(dirname(databaseUrl), { recursive: true });
  const slack = await new FakeSlack().start();
  seedWorkspace(slack);
  const metrics = await new SimulatedMetrics().start();
  const signingSecret = randomBytes(24).toString('hex');
  const config = loadConfig({
    SLACK_BOT_TOKEN: `xoxb-playground-${randomBytes(12).toString('hex')}`,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: options.logLevel ?? 'info',
    // Only the simulated source: the playground never calls a real metrics host.
    HEALTH_SOURCE_HOSTS: metrics.host,
  });
  const clock = new PlaygroundClock();
  slack.conversation.clock = clock.now;
  const bot = createBot(config, {
    // A stand-in on loopback answers at once; retries would only hide a mistake.
    retryConfig: { retries: 0 },
    startScheduler: options.startScheduler ?? true,
    // The bot's receiver is reached only through the page server, never from outside.
    host: '127.0.0.1',
    now: clock.now,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  let page: PageServer | undefined;
  let botUrl = '';
  try {
    const server = await bot.start();
    if (!server) throw new Error('The playground needs the HTTP receiver');
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const actions = new PageActions({ slack, bot, botUrl, signingSecret, clock, metrics });
    page = await startPageServer({ slack, actions, clock, port: options.port ?? 3000, host });
  } catch (err) {
    await bot.stop();
    await slack.stop();
    await metrics.stop();
    throw err;
  }
  const opened = page;
  return {
    url: opened.url,
    botUrl,
    slack,
    bot,
    clock,
    metrics,
    async stop() {
      await opened.close();
      await bot.stop();
      await slack.stop();
      await metrics.stop();
    },
  };
}
