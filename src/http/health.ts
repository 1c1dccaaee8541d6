// GET /healthz, /readyz and /metrics, served by Bolt's receiver as custom routes.
// - /healthz: the process is alive and its in-process database answers (restart it otherwise).
// - /readyz: also Slack accepted the bot token at its last check (auth.test, cached for a minute)
//   and, in Socket Mode, the connection to Slack is up. 503 with the reasons otherwise, so a load
//   balancer or Kubernetes stops sending traffic without restarting the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@slack/web-api';
import type { Metrics } from '../metrics.ts';
import { pingStore, type Store } from '../store/db.ts';

/** Slack's answer to auth.test: `rejected` when Slack itself refused the token (not a network fault). */
export type AuthResult = { ok: true } | { ok: false; error: string; rejected: boolean };
export type AuthCheck = () => Promise<AuthResult>;

export interface ReadinessOptions {
  readonly store: Store;
  readonly metrics: Metrics;
  /** Asks Slack whether the token is still accepted (auth.test). */
  readonly checkAuth: AuthCheck;
  /** In Socket Mode: whether the WebSocket to Slack is connected now. */
  readonly socketConnected?: () => boolean;
  readonly cacheMs?: number;
  readonly now?: () => number;
}

export interface ReadyReport {
  readonly ready: boolean;
  readonly checks: { db: string; slack: string; socket?: string };
  readonly reasons: string[];
}

export interface Readiness {
  /** The current report; asks Slack again when the cached answer is older than a minute. */
  report(): Promise<ReadyReport>;
  /** Runs the auth check now and caches it (start-up), returning Slack's answer. */
  refreshAuth(): Promise<AuthResult>;
}

export function createReadiness(options: ReadinessOptions): Readiness {
  const cacheMs = options.cacheMs ?? 60_000;
  const now = options.now ?? (() => Date.now());
  let last: { at: number; result: AuthResult } | undefined;
  let pending: Promise<AuthResult> | undefined;

  function refreshAuth() {
    pending ??= options
      .checkAuth()
      .catch((err: unknown): AuthResult => ({ ok: false, error: slackCode(err), rejected: isPlatformError(err) }))
      .then((result) => {
        last = { at: now(), result };
        pending = undefined;
        return result;
      });
    return pending;
  }

  return {
    refreshAuth,
    async report() {
      const db = pingStore(options.store);
      const auth = last && now() - last.at < cacheMs ? last.result : await refreshAuth();
      const socket = options.socketConnected ? (options.socketConnected() ? 'connected' : 'disconnected') : undefined;
      const reasons: string[] = [];
      if (!db) reasons.push('the database does not answer');
      if (!auth.ok) reasons.push(authProblem(auth));
      if (socket === 'disconnected') reasons.push('the Socket Mode connection to Slack is down');
      options.metrics.ready.set({ check: 'db' }, db ? 1 : 0);
      options.metrics.ready.set({ check: 'slack_auth' }, auth.ok ? 1 : 0);
      if (socket) options.metrics.ready.set({ check: 'socket_mode' }, socket === 'connected' ? 1 : 0);
      return {
        ready: reasons.length === 0,
        checks: { db: db ? 'ok' : 'unavailable', slack: auth.ok ? 'ok' : auth.error, ...(socket ? { socket } : {}) },
        reasons,
      };
    },
  };
}

export function authProblem(auth: Extract<AuthResult, { ok: false }>): string {
  return auth.rejected
    ? `Slack rejected SLACK_BOT_TOKEN: ${auth.error}`
    : `could not reach Slack to check SLACK_BOT_TOKEN: ${auth.error}`;
}

/** Slack answered, and said no (`{ok:false,error}`), as opposed to a network or HTTP failure. */
export function isPlatformError(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === ErrorCode.PlatformError;
}

/** The Slack error code of a failed Web API call, never its request (which carries the token). */
export function slackCode(err: unknown): string {
  const e = err as { code?: unknown; data?: { error?: unknown } } | null;
  const code = e?.data?.error ?? e?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

interface Route {
  readonly path: string;
  readonly method: string[];
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function healthRoutes(store: Store, readiness: Readiness, metrics: Metrics): Route[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        const ok = pingStore(store);
        sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', db: ok ? 'ok' : 'unavailable' });
      },
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        readiness.report().then(
          (r) =>
            sendJson(res, r.ready ? 200 : 503, {
              status: r.ready ? 'ready' : 'not_ready',
              ...r.checks,
              ...(r.ready ? {} : { reason: r.reasons.join('; ') }),
            }),
          (err: unknown) => sendJson(res, 503, { status: 'not_ready', reason: String(err) }),
        );
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        metrics.registry.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': metrics.registry.contentType });
            res.end(text);
          },
          (err: unknown) => {
            res.writeHead(500);
            res.end(String(err));
          },
        );
      },
    },
  ];
}
