// Instant queries against a team's Prometheus (`/api/v1/query`). Every failure becomes an answer
// with a reason (unreachable, timeout, redirect, refused, query error, bad response), never a
// throw: the evaluator shows it amber. Every response is validated with zod before it is read.
// Credentials go into the Authorization header and nowhere else: not into logs, not into details.
import { z } from 'zod';
import type { QueryAnswer, Sample, UnknownReason } from '../domain/health.ts';
import type { Logger } from '../logger.ts';
import type { Limiter } from './limiter.ts';
import { checkSourceUrl, type HostAllowlist, normalizeSourceUrl } from './source-url.ts';

export type SourceCredentials =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

export interface MetricsSource {
  /** The API base, e.g. http://prometheus.internal:9090/ (a path prefix is kept). */
  readonly url: string;
  readonly credentials: SourceCredentials | null;
}

export interface PrometheusClientOptions {
  readonly allowlist: HostAllowlist;
  readonly limiter: Limiter;
  /** Per query, from the moment it leaves the limiter's queue. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Largest body read; a bigger one is a bad response rather than a memory spike. */
  readonly maxBodyBytes?: number;
}

export interface PrometheusClient {
  query(source: MetricsSource, promql: string): Promise<QueryAnswer>;
  /** The test query run before a source is saved: `vector(1)` must answer 1. */
  probe(source: MetricsSource): Promise<{ ok: true } | { ok: false; reason: UnknownReason; detail: string }>;
}

/** Prometheus writes sample values as strings, with NaN and ±Inf spelled its own way. */
const zSampleValue = z.tuple([z.number(), z.string()]).transform(([, v], ctx) => {
  if (v === 'NaN') return Number.NaN;
  if (v === '+Inf') return Number.POSITIVE_INFINITY;
  if (v === '-Inf') return Number.NEGATIVE_INFINITY;
  const n = Number(v);
  if (v.trim() === '' || Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: 'is not a number' });
    return z.NEVER;
  }
  return n;
});

const zQueryResponse = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({
        resultType: z.literal('vector'),
        result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: zSampleValue })),
      }),
      z.object({ resultType: z.literal('scalar'), result: zSampleValue }),
      z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
      z.object({ resultType: z.literal('string'), result: z.unknown() }),
    ]),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

const fail = (reason: UnknownReason, detail: string): QueryAnswer => ({ ok: false, reason, detail });

export function createPrometheusClient(options: PrometheusClientOptions): PrometheusClient {
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;

  async function request(source: MetricsSource, promql: string): Promise<QueryAnswer> {
    const checked = checkSourceUrl(source.url, options.allowlist);
    if (!checked.ok) return fail('refused', `the source URL ${checked.problem}`);
    const endpoint = new URL('api/v1/query', normalizeSourceUrl(checked.url));
    const log = `[health][${checked.url.host}]`;
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...auth(source) },
        // Prometheus stops evaluating at its own time-out too, so an abandoned query does not run on.
        body: new URLSearchParams({ query: promql, timeout: `${Math.max(1, Math.floor(options.timeoutMs / 1000))}s` }),
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      const answer = transportFailure(err, options.timeoutMs);
      options.logger.debug(`${log} query failed: ${answer.ok ? '' : answer.detail}`);
      return answer;
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      return fail('redirect', `the source answered with a redirect (HTTP ${res.status}); redirects are not followed`);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      return fail('refused', `the source refused the credentials (HTTP ${res.status})`);
    }
    let text: string;
    try {
      text = await readCapped(res, maxBody);
    } catch (err) {
      return err instanceof BodyTooLarge
        ? fail('bad_response', `the answer is larger than ${maxBody} bytes`)
        : transportFailure(err, options.timeoutMs);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail(res.ok ? 'bad_response' : 'unreachable', `HTTP ${res.status} without a Prometheus answer`);
    }
    const parsed = zQueryResponse.safeParse(json);
    if (!parsed.success) {
      return fail('bad_response', `not a Prometheus answer: ${parsed.error.issues[0]?.message ?? 'unexpected shape'}`);
    }
    const body = parsed.data;
    if (body.status === 'error') {
      // Prometheus' own message says what is wrong with the query; it holds no secrets of ours.
      return fail(body.errorType === 'timeout' ? 'timeout' : 'query_error', `${body.errorType}: ${body.error}`);
    }
    switch (body.data.resultType) {
      case 'vector':
        return { ok: true, samples: body.data.result.map((r): Sample => ({ labels: r.metric, value: r.value })) };
      case 'scalar':
        return { ok: true, samples: [{ labels: {}, value: body.data.result }] };
      default:
        return fail('query_error', `the query returns a ${body.data.resultType}; a check needs one number`);
    }
  }

  return {
    query: (source, promql) => options.limiter.run(() => request(source, promql)),
    async probe(source) {
      const answer = await options.limiter.run(() => request(source, 'vector(1)'));
      if (!answer.ok) return answer;
      const [first] = answer.samples;
      return answer.samples.length === 1 && first?.value === 1
        ? { ok: true }
        : { ok: false, reason: 'bad_response', detail: 'vector(1) did not answer 1: is this a Prometheus API?' };
    },
  };
}

function auth(source: MetricsSource): Record<string, string> {
  const c = source.credentials;
  if (c === null) return {};
  if (c.kind === 'bearer') return { authorization: `Bearer ${c.token}` };
  return { authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}` };
}

function transportFailure(err: unknown, timeoutMs: number): QueryAnswer {
  if (err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return fail('timeout', `no answer within ${timeoutMs} ms`);
  }
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : null;
  const code = cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : null;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ETIMEDOUT: 'connection timed out',
  };
  return fail('unreachable', code === null ? 'the source could not be reached' : (words[code] ?? code));
}

class BodyTooLarge extends Error {}

async function readCapped(res: Response, max: number): Promise<string> {
  if (res.body === null) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Cancelling the stream means the rest is never downloaded.
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
