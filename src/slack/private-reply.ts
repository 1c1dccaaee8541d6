// A private reply (an ephemeral answer through the request's response_url) belongs to one person's
// request and to no channel's order, so it does not go through the outbox: it is tried a few times
// over a couple of seconds on a 5xx, a 429 or a network error, then dropped and logged. The log
// line names the status only: a response_url is a credential for the request and is never logged.
import type { Logger } from '../logger.ts';

export interface RetryOptions {
  /** Tries in all, the first included. */
  readonly tries?: number;
  /** The wait before the second try; doubled for each one after. */
  readonly baseDelayMs?: number;
  /** The longest wait, whatever Retry-After asks for: the person is waiting for this answer. */
  readonly capMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A response_url that answered with an error status, with the wait Slack asked for, if any. */
export class ReplyRefused extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`response_url answered ${status}`);
    this.name = 'ReplyRefused';
  }
}

/**
 * The status a failed reply carries: ours, or Bolt's respond() error (its `statusCode`; it keeps no
 * headers, so a 429 through respond() waits the back-off instead); null for the network.
 */
function statusOf(err: unknown): number | null {
  if (err instanceof ReplyRefused) return err.status;
  if (err instanceof Error && 'statusCode' in err && typeof err.statusCode === 'number') return err.statusCode;
  return null;
}

function worthRetrying(err: unknown): boolean {
  const status = statusOf(err);
  // fetch rejects with a TypeError when the connection fails or drops.
  if (status === null) return err instanceof TypeError;
  return status === 429 || status >= 500;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, a failure is not worth retrying, or the tries are used up; then
 * logs and returns false (a dropped reply is never thrown: nothing else depends on it).
 */
export async function sendPrivately(
  attempt: () => Promise<unknown>,
  logger: Logger,
  where: string,
  options: RetryOptions = {},
): Promise<boolean> {
  const { tries = 3, baseDelayMs = 250, capMs = 2000, sleep = wait } = options;
  for (let n = 1; ; n++) {
    try {
      await attempt();
      return true;
    } catch (err) {
      const status = statusOf(err);
      const what = status === null ? 'a network error' : `HTTP ${status}`;
      if (n >= tries || !worthRetrying(err)) {
        logger.warn(`${where} dropped a private reply after ${n} ${n === 1 ? 'try' : 'tries'}: ${what}`);
        return false;
      }
      const asked = err instanceof ReplyRefused && err.retryAfterSeconds !== null ? err.retryAfterSeconds * 1000 : null;
      await sleep(Math.min(capMs, asked ?? baseDelayMs * 2 ** (n - 1)));
    }
  }
}

/** Posts an answer to a response_url; a refusal throws ReplyRefused with the Retry-After it gave. */
export async function postToResponseUrl(url: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.ok) return;
  const header = res.headers.get('retry-after');
  const seconds = header === null ? Number.NaN : Number(header);
  throw new ReplyRefused(res.status, Number.isFinite(seconds) && seconds >= 0 ? seconds : null);
}
