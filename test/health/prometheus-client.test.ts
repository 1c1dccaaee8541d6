// The query client on its own, against small HTTP servers that count what reaches them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/health/limiter.ts';
import { createPrometheusClient, type PrometheusClient } from '../../src/health/prometheus.ts';
import { type HostAllowlist, parseAllowedHost } from '../../src/health/source-url.ts';
import { createLogger } from '../../src/logger.ts';

interface Fake {
  readonly host: string;
  readonly url: string;
  readonly requests: IncomingMessage[];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function fake(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Fake> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { host: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}/`, requests };
}

const vector = (value: string) =>
  JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, value] }] } });

const answer =
  (body: string, status = 200) =>
  (_req: IncomingMessage, res: ServerResponse) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);

function allow(...hosts: string[]): HostAllowlist {
  return hosts.map((h) => {
    const parsed = parseAllowedHost(h);
    if (parsed === null) throw new Error(`${h} parses`);
    return parsed;
  });
}

function client(
  allowlist: HostAllowlist,
  extra: { timeoutMs?: number; max?: number; lines?: string[] } = {},
): PrometheusClient {
  let logger = createLogger('error');
  if (extra.lines !== undefined) {
    const lines = extra.lines;
    const capture = new ConsoleLogger();
    capture.setLevel(LogLevel.DEBUG);
    const keep = (...msg: unknown[]) => void lines.push(msg.map(String).join(' '));
    capture.debug = keep;
    capture.info = keep;
    capture.warn = keep;
    capture.error = keep;
    logger = capture;
  }
  return createPrometheusClient({
    allowlist,
    limiter: createLimiter(extra.max ?? 4),
    timeoutMs: extra.timeoutMs ?? 2_000,
    logger,
  });
}

describe('the Prometheus query client', () => {
  it('reads a vector, with NaN and +Inf as Prometheus spells them', async () => {
    const prom = await fake(answer(vector('0.25')));
    const c = client(allow(prom.host));
    expect(await c.query({ url: prom.url, credentials: null }, 'up')).toEqual({
      ok: true,
      samples: [{ labels: {}, value: 0.25 }],
    });
    const inf = await fake(answer(vector('+Inf')));
    expect(await client(allow(inf.host)).query({ url: inf.url, credentials: null }, 'up')).toMatchObject({
      samples: [{ value: Number.POSITIVE_INFINITY }],
    });
    const nan = await fake(answer(vector('NaN')));
    const got = await client(allow(nan.host)).query({ url: nan.url, credentials: null }, 'up');
    expect(got.ok && Number.isNaN(got.samples[0]?.value)).toBe(true);
    expect(prom.requests[0]?.url).toBe('/api/v1/query');
  });

  it('refuses a host not on the allowlist, and userinfo in the URL, without any request', async () => {
    const other = await fake(answer(vector('1')));
    const allowed = await fake(answer(vector('1')));
    const c = client(allow(allowed.host));
    expect(await c.query({ url: other.url, credentials: null }, 'up')).toMatchObject({ ok: false, reason: 'refused' });
    const withUser = other.url.replace('http://', 'http://admin:secret@');
    expect(await c.query({ url: withUser, credentials: null }, 'up')).toMatchObject({ ok: false, reason: 'refused' });
    expect(await client([]).query({ url: allowed.url, credentials: null }, 'up')).toMatchObject({ reason: 'refused' });
    expect(other.requests).toHaveLength(0);
    expect(allowed.requests).toHaveLength(0);
  });

  it('does not follow a redirect, even to an allowed host', async () => {
    const target = await fake(answer(vector('1')));
    const redirecting = await fake((_req, res) => res.writeHead(302, { location: `${target.url}api/v1/query` }).end());
    const c = client(allow(target.host, redirecting.host));
    expect(await c.query({ url: redirecting.url, credentials: null }, 'up')).toEqual({
      ok: false,
      reason: 'redirect',
      detail: 'the source answered with a redirect (HTTP 302); redirects are not followed',
    });
    expect(target.requests).toHaveLength(0);
  });

  it('sends bearer and basic credentials in the header and never logs them', async () => {
    const prom = await fake(answer('not json', 502));
    const lines: string[] = [];
    const c = client(allow(prom.host), { lines });
    await c.query({ url: prom.url, credentials: { kind: 'bearer', token: 'tok-s3cret' } }, 'up');
    await c.query({ url: prom.url, credentials: { kind: 'basic', username: 'bot', password: 'pw-s3cret' } }, 'up');
    expect(prom.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-s3cret',
      `Basic ${Buffer.from('bot:pw-s3cret').toString('base64')}`,
    ]);
    const down = await client(allow('127.0.0.1:9'), { lines }).query(
      { url: 'http://127.0.0.1:9/', credentials: { kind: 'bearer', token: 'tok-s3cret' } },
      'up',
    );
    expect(down).toMatchObject({ ok: false, reason: 'unreachable' });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/s3cret|cHctczNjcmV0/);
  });

  it('validates every answer: a wrong shape, a range vector and a Prometheus error are not numbers', async () => {
    const wrong = await fake(
      answer(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{}] } })),
    );
    expect(await client(allow(wrong.host)).query({ url: wrong.url, credentials: null }, 'up')).toMatchObject({
      ok: false,
      reason: 'bad_response',
    });
    const text = await fake(answer(vector('twelve')));
    expect(await client(allow(text.host)).query({ url: text.url, credentials: null }, 'up')).toMatchObject({
      reason: 'bad_response',
    });
    const matrix = await fake(
      answer(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } })),
    );
    expect(await client(allow(matrix.host)).query({ url: matrix.url, credentials: null }, 'up[5m]')).toMatchObject({
      reason: 'query_error',
    });
    const error = await fake(
      answer(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }), 400),
    );
    expect(await client(allow(error.host)).query({ url: error.url, credentials: null }, 'sum(')).toEqual({
      ok: false,
      reason: 'query_error',
      detail: 'bad_data: parse error',
    });
  });

  it('gives up on a source that does not answer within the time-out', async () => {
    const silent = await fake(() => {});
    expect(
      await client(allow(silent.host), { timeoutMs: 200 }).query({ url: silent.url, credentials: null }, 'up'),
    ).toEqual({
      ok: false,
      reason: 'timeout',
      detail: 'no answer within 200 ms',
    });
  });

  it('runs no more queries at once than the cap', async () => {
    let inFlight = 0;
    let most = 0;
    const held: ServerResponse[] = [];
    const prom = await fake((_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      held.push(res);
    });
    const c = client(allow(prom.host), { max: 2 });
    const all = Promise.all(Array.from({ length: 5 }, () => c.query({ url: prom.url, credentials: null }, 'up')));
    // Answer whatever is waiting, one at a time, until all five have been answered.
    let answered = 0;
    while (answered < 5) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const res = held.shift();
      if (res === undefined) continue;
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' }).end(vector('1'));
      answered++;
    }
    expect((await all).every((a) => a.ok)).toBe(true);
    expect(most).toBe(2);
  });

  it('the probe wants vector(1) to answer 1', async () => {
    const prom = await fake(answer(vector('1')));
    expect(await client(allow(prom.host)).probe({ url: prom.url, credentials: null })).toEqual({ ok: true });
    const odd = await fake(answer(vector('0')));
    expect(await client(allow(odd.host)).probe({ url: odd.url, credentials: null })).toMatchObject({
      ok: false,
      reason: 'bad_response',
    });
  });
});
