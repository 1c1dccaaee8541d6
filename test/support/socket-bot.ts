// The real bot in Socket Mode for end-to-end tests: SLACK_APP_TOKEN set, no signing secret, its
// Web API calls going to the fake Slack and its connection to the stand-in of socket-mode.ts. What
// it logs, at debug level, is kept for the secrets check. Requests are envelopes, not signed POSTs.
import { Writable } from 'node:stream';
import { type Bot, createBot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { FakeSlack } from './fake-slack.ts';
import { BOT_TOKEN } from './harness.ts';
import {
  type BlockActionInput,
  blockActionPayload,
  type CommandOverrides,
  eventBody,
  slashCommandBody,
  TEAM,
} from './slack-requests.ts';
import { type Ack, APP_TOKEN, freePort, SlackSocket, type SocketOptions } from './socket-mode.ts';

export interface SocketBotOptions extends SocketOptions {
  /** More environment, e.g. OAuth mode's variables; SLACK_BOT_TOKEN is dropped when they are set. */
  readonly env?: Record<string, string>;
  readonly appToken?: string;
  readonly now?: () => Date;
}

export interface SocketBot {
  readonly fake: FakeSlack;
  readonly socket: SlackSocket;
  readonly bot: Bot;
  /** The receiver's own HTTP server: /healthz, /readyz, /metrics and OAuth's install routes. */
  readonly baseUrl: string;
  /** bot.start(), begun: it resolves once Slack said hello. */
  readonly started: Promise<unknown>;
  /** Everything the bot logged, at debug level. */
  logs(): string;
  /** Waits until a line the bot logged contains `text`. */
  waitForLog(text: string): Promise<string>;
  /** Delivers `/migrate <text>` as a slash_commands envelope and waits for its ack. */
  command(text: string, overrides?: Partial<CommandOverrides>): Promise<Ack & { responseId: string }>;
  /** Delivers a button click as an interactive envelope; returns its ack and the response_url's id. */
  click(input: Omit<BlockActionInput, 'responseUrl'>): Promise<Ack & { responseId: string }>;
  /** Delivers an Events API callback as an events_api envelope and waits for its ack. */
  event(event: Record<string, unknown>, teamId?: string): Promise<Ack>;
  readyz(): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Asks /readyz until it answers `status` (the client's state changes on its own time). */
  waitForReadyz(status: 200 | 503): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startSocketBot(options: SocketBotOptions = {}): Promise<SocketBot> {
  const fake = await new FakeSlack().start();
  const socket = await SlackSocket.start(fake, APP_TOKEN, options);
  const port = await freePort();
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      socket.poke();
      done();
    },
  });
  const oauth = options.env?.SLACK_CLIENT_ID !== undefined;
  const config = loadConfig({
    ...(oauth ? {} : { SLACK_BOT_TOKEN: BOT_TOKEN }),
    SLACK_APP_TOKEN: options.appToken ?? APP_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    DATABASE_URL: ':memory:',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  // No list of secrets to mask, as in production with a logger of its own: what protects them is
  // redaction by field name and the token pattern.
  const bot = createBot(config, {
    logger: createLogger('debug', 'migrate-bot', { destination }),
    retryConfig: { retries: 0 },
    outboxRetryMs: 5,
    startScheduler: false,
    ...(options.now ? { now: options.now } : {}),
  });
  const started = bot.start();
  // A failed start is the test's to read; unobserved, it would be an unhandled rejection.
  started.catch(() => {});
  const baseUrl = `http://127.0.0.1:${port}`;
  const idOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const logs = () => chunks.join('');
  const readyz = async () => {
    const res = await fetch(`${baseUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return {
    fake,
    socket,
    bot,
    baseUrl,
    started,
    logs,
    waitForLog: (text) => socket.waitFor(() => chunks.find((c) => c.includes(text)), `a log line with "${text}"`),
    async command(text, overrides = {}) {
      const responseUrl = overrides.response_url ?? fake.responseUrl();
      const payload = Object.fromEntries(
        new URLSearchParams(slashCommandBody(text, { ...overrides, response_url: responseUrl })),
      );
      const ack = await socket.waitForAck(socket.deliver('slash_commands', payload));
      return { ...ack, responseId: idOf(responseUrl) };
    },
    async click(input) {
      const responseUrl = fake.responseUrl();
      const payload = blockActionPayload({ ...input, responseUrl }) as Record<string, unknown>;
      const ack = await socket.waitForAck(socket.deliver('interactive', payload));
      return { ...ack, responseId: idOf(responseUrl) };
    },
    event(event, teamId = TEAM) {
      return socket.waitForAck(socket.deliver('events_api', JSON.parse(eventBody(event, teamId))));
    },
    readyz,
    async waitForReadyz(status) {
      const last = await socket.waitFor(async () => {
        const answer = await readyz();
        return answer.status === status && answer;
      }, `/readyz ${status}`);
      return last.body;
    },
    async close() {
      await bot.idle();
      await bot.stop();
      await socket.stop();
      await fake.stop();
    },
  };
}
