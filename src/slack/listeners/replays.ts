// The replay guard. Slack's signature allows a request to be sent again verbatim for five minutes;
// the bot does each only once: a slash command or an interaction by its trigger_id (new for every
// real invocation and click), an event by its event_id (whatever X-Slack-Retry-Num says). A repeat
// is acknowledged and not run. Keys are kept an hour, well past the signature's five minutes.
import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import { forgetRequestsBefore, rememberRequest } from '../../store/request-keys.ts';

export const KEEP_KEYS_MS = 60 * 60 * 1000;
/**
 * Forget old keys at most this often. Without an index on seen_at (src/store/schema.ts) forgetting
 * scans every key kept, so it is bounded in time rather than in keys: its cost stays one scan a
 * minute however busy Slack gets, and the table holds at most an hour and a minute of keys.
 */
const FORGET_EVERY_MS = 60 * 1000;

/** Slack's id for this request, or null when it carries none (nothing to guard). */
export function requestKey(body: unknown): string | null {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as {
    trigger_id?: unknown;
    event_id?: unknown;
  };
  if (typeof fields.event_id === 'string') return `event:${fields.event_id}`;
  if (typeof fields.trigger_id === 'string') return `trigger:${fields.trigger_id}`;
  return null;
}

export function register(app: App, deps: Deps): void {
  let forgotAt = Number.NEGATIVE_INFINITY;
  app.use(async ({ body, next, logger, ...rest }) => {
    const key = requestKey(body);
    if (key === null) return next();
    const now = deps.now();
    if (rememberRequest(deps.store.db, key, now)) {
      if (now.getTime() - forgotAt >= FORGET_EVERY_MS) {
        forgotAt = now.getTime();
        forgetRequestsBefore(deps.store.db, new Date(forgotAt - KEEP_KEYS_MS));
      }
      return next();
    }
    logger.info(`[replay] ${key.split(':')[0]} seen before; not run again`);
    const ack = (rest as { ack?: (response?: string) => Promise<void> }).ack;
    if (ack) await ack();
  });
}
