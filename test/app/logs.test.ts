import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_TOKEN, seeAnswerInAck } from '../support/harness.ts';
import { SIGNING_SECRET, sendSigned, slashCommandBody } from '../support/slack-requests.ts';

/** Collects the JSON lines pino writes. */
function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; raw: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const raw = () => chunks.join('');
  const lines = () =>
    raw()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { stream, lines, raw };
}

describe('logs', () => {
  let fake: FakeSlack | undefined;
  let bot: Bot | undefined;
  afterEach(async () => {
    await bot?.idle();
    await bot?.stop();
    await fake?.stop();
    fake = undefined;
    bot = undefined;
  });

  it('are JSON lines at the configured level, with secrets redacted by field name and in text', () => {
    const out = capture();
    const logger = createLogger('info', 'migrate-bot', { destination: out.stream, secrets: [SIGNING_SECRET] });
    logger.debug('not written at info');
    logger.info('token', BOT_TOKEN, 'and the secret', SIGNING_SECRET, 'in a sentence');
    // Bolt's developer-mode dump of a request body is a JSON string: its fields are redacted too.
    logger.warn(
      JSON.stringify({ token: 'verification-token-value', team_id: 'T1', nested: { client_secret: 'cs-1' } }),
    );
    logger.error('failed', Object.assign(new Error(`call with ${BOT_TOKEN} failed`), { data: { error: 'x' } }));
    const lines = out.lines();
    expect(lines.map((l) => l.level)).toEqual(['info', 'warn', 'error']);
    expect(lines[0]).toMatchObject({ name: 'migrate-bot', msg: expect.stringContaining('[Redacted]') });
    expect(lines[1]).toMatchObject({
      data: { token: '[Redacted]', team_id: 'T1', nested: { client_secret: '[Redacted]' } },
    });
    expect(lines[2]).toMatchObject({ err: { type: 'Error' } });
    const all = out.raw();
    for (const secret of [BOT_TOKEN, BOT_TOKEN.slice(5), SIGNING_SECRET, 'verification-token-value', 'cs-1']) {
      expect(all).not.toContain(secret);
    }
  });

  it('follows setLevel, as Bolt calls it', () => {
    const out = capture();
    const logger = createLogger('error', 'migrate-bot', { destination: out.stream });
    logger.setLevel('debug' as Parameters<typeof logger.setLevel>[0]);
    logger.debug('now written');
    expect(out.lines()).toHaveLength(1);
    expect(logger.getLevel()).toBe('debug');
  });

  it('carry the request id, workspace and subcommand on every line of a request, from Bolt and the Web API client alike', async () => {
    fake = await new FakeSlack().start();
    fake.on('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    const out = capture();
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      DATABASE_URL: ':memory:',
      LOG_LEVEL: 'debug',
    });
    const logger = createLogger('debug', 'migrate-bot', {
      destination: out.stream,
      secrets: [BOT_TOKEN, SIGNING_SECRET],
    });
    bot = createBot(config, { logger, retryConfig: { retries: 0 }, startScheduler: false, host: '127.0.0.1' });
    const server = await bot.start();
    const address = server?.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (const text of ['help', 'status']) {
      const responseUrl = fake.responseUrl();
      const ack = await sendSigned(base, slashCommandBody(text, { response_url: responseUrl }));
      await seeAnswerInAck(responseUrl, await ack.text());
      await fake.waitForResponse((r) => responseUrl.endsWith(`/${r.id}`));
    }
    await bot.idle();
    const lines = out.lines();
    const inRequests = lines.filter((l) => typeof l.requestId === 'string');
    expect(inRequests.length).toBeGreaterThan(0);
    // Bolt's own lines (its ack() debug line, the Web API client it makes per request) carry them too.
    expect(inRequests.some((l) => String(l.msg).startsWith('ack()'))).toBe(true);
    expect(inRequests.some((l) => l.msg === 'initialized')).toBe(true);
    const ids = new Set(inRequests.map((l) => l.requestId));
    expect(ids.size).toBeGreaterThanOrEqual(2);
    for (const l of inRequests) expect(l).toMatchObject({ kind: 'command', team: 'T0001' });
    expect(new Set(inRequests.map((l) => l.subcommand))).toEqual(new Set(['help', 'status']));
    const all = out.raw();
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain(BOT_TOKEN.slice(5));
    expect(all).not.toContain(SIGNING_SECRET);
  });
});
