// The real bot on a loopback port, talking to the in-process fake Web API.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Bot, createBot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Logger } from '../../src/logger.ts';
import type { Store } from '../../src/store/db.ts';
import { FakeSlack } from './fake-slack.ts';
import {
  type BlockActionInput,
  blockActionPayload,
  CHANNEL,
  type CommandOverrides,
  payloadBody,
  SIGNING_SECRET,
  sendSigned,
  slashCommandBody,
  USER,
  type ViewSubmissionInput,
  viewSubmissionPayload,
} from './slack-requests.ts';

export const BOT_TOKEN = 'xoxb-test-token-never-logged';

export interface HarnessOptions {
  readonly now?: () => Date;
  readonly store?: Store;
  readonly fake?: FakeSlack;
  readonly databaseUrl?: string;
  readonly env?: Record<string, string>;
  /** Captures what the bot logs (a test that checks a failure is logged). */
  readonly logger?: Logger;
  /** How long a command's answer may take and still go in the ack (a test of the slow path shortens it). */
  readonly ackDeadlineMs?: number;
}

export interface Harness {
  readonly fake: FakeSlack;
  readonly bot: Bot;
  readonly baseUrl: string;
  /** Sends `/migrate <text>` and returns the HTTP response and the response_url it carried. */
  slash(
    text: string,
    overrides?: Partial<CommandOverrides>,
  ): Promise<{ status: number; responseUrl: string; responseId: string; ackBody: string }>;
  submitView(input: ViewSubmissionInput): Promise<{ status: number; body: string }>;
  click(input: Omit<BlockActionInput, 'responseUrl'>): Promise<{ status: number; responseId: string }>;
  /** Runs `/migrate <text>` and returns the text and blocks of its private answer, as one string. */
  ask(text: string, overrides?: Partial<CommandOverrides>): Promise<string>;
  /** Clicks a button and returns the text of the private answer it produced. */
  clickAnswer(input: Omit<BlockActionInput, 'responseUrl'>): Promise<string>;
  /** Runs the minute tick at `now` and waits until what it queued was delivered. */
  tick(now: Date): Promise<void>;
  close(): Promise<void>;
}

/**
 * Slack shows a message in a command's ack like an answer through its response_url: handed to the
 * fake's response_url, it lands where tests read what the person saw (fake.responses and the
 * conversation), whichever way the bot answered. The playground does the same (actions.ts).
 */
export async function seeAnswerInAck(responseUrl: string, ackBody: string): Promise<void> {
  if (!ackBody.trim().startsWith('{')) return;
  const res = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: ackBody,
  });
  await res.arrayBuffer();
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = options.fake ?? (await new FakeSlack().start());
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
    DATABASE_URL: options.databaseUrl ?? ':memory:',
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const bot = createBot(config, {
    retryConfig: { retries: 0 },
    outboxRetryMs: 5,
    startScheduler: false,
    host: '127.0.0.1',
    ...(options.now ? { now: options.now } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.ackDeadlineMs !== undefined ? { ackDeadlineMs: options.ackDeadlineMs } : {}),
  });
  const server = (await bot.start()) as Server;
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const harness: Harness = {
    fake,
    bot,
    baseUrl,
    async slash(text, overrides = {}) {
      const responseUrl = overrides.response_url ?? fake.responseUrl();
      const res = await sendSigned(baseUrl, slashCommandBody(text, { ...overrides, response_url: responseUrl }));
      const ackBody = await res.text();
      await seeAnswerInAck(responseUrl, ackBody);
      return { status: res.status, responseUrl, responseId: idOf(responseUrl), ackBody };
    },
    async submitView(input) {
      const res = await sendSigned(baseUrl, payloadBody(viewSubmissionPayload(input)));
      return { status: res.status, body: await res.text() };
    },
    async click(input) {
      const responseUrl = fake.responseUrl();
      const res = await sendSigned(baseUrl, payloadBody(blockActionPayload({ ...input, responseUrl })));
      await res.text();
      return { status: res.status, responseId: idOf(responseUrl) };
    },
    async ask(text, overrides = {}) {
      const { responseId } = await harness.slash(text, overrides);
      const answer = await fake.waitForResponse((r) => r.id === responseId);
      return `${String(answer.body.text)}\n${JSON.stringify(answer.body.blocks ?? [])}`;
    },
    async clickAnswer(input) {
      const { responseId } = await harness.click(input);
      const answer = await fake.waitForResponse((r) => r.id === responseId);
      return `${String(answer.body.text)}\n${JSON.stringify(answer.body.blocks ?? [])}`;
    },
    async tick(now) {
      await bot.scheduler.runTick(now);
      await bot.idle();
    },
    async close() {
      await bot.idle();
      await bot.stop();
      if (!options.fake) await fake.stop();
    },
  };
  return harness;
}

export { CHANNEL, USER };
