// Hooks that watch the bot from outside the Slack and schedule code: Bolt's processEvent (every
// request from Slack, whatever the receiver), the fetch the Web API clients and respond() use, and
// the jobs of the minute tick. They count into src/metrics.ts and set the fields of log lines.
import { randomBytes } from 'node:crypto';
import type { App, ReceiverEvent } from '@slack/bolt';
import type { InFlight } from './in-flight.ts';
import { withLogFields } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { Job } from './schedule/tick.ts';
import type { ReceiptHandler } from './slack/effect.ts';

type Body = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Body | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : undefined;

/** What a request is, for metrics and logs: kind, workspace, and the subcommand, action or event. */
export function describeRequest(body: Body): { kind: string; fields: Record<string, string | undefined> } {
  const team = str(body.team_id) ?? str(obj(body.team)?.id) ?? str(obj(body.enterprise)?.id);
  const enterprise = str(body.enterprise_id) ?? str(obj(body.enterprise)?.id);
  const base = { team, enterprise };
  if (str(body.command)) {
    const subcommand = (str(body.text) ?? '').trim().split(/\s+/)[0] || 'help';
    return { kind: 'command', fields: { ...base, command: str(body.command), subcommand } };
  }
  const type = str(body.type);
  if (type === 'event_callback') return { kind: 'event', fields: { ...base, event: str(obj(body.event)?.type) } };
  if (type === 'block_actions' || type === 'interactive_message') {
    const first = Array.isArray(body.actions) ? obj(body.actions[0]) : undefined;
    return { kind: 'action', fields: { ...base, action: str(first?.action_id) } };
  }
  if (type === 'view_submission' || type === 'view_closed') {
    return { kind: 'view', fields: { ...base, view: str(obj(body.view)?.callback_id) } };
  }
  if (type === 'shortcut' || type === 'message_action') {
    return { kind: 'shortcut', fields: { ...base, callback: str(body.callback_id) } };
  }
  if (type === 'block_suggestion') return { kind: 'options', fields: { ...base, action: str(body.action_id) } };
  return { kind: 'other', fields: base };
}

/**
 * Wraps `app.processEvent`, which every receiver calls once per request: each request gets a
 * request id and its fields on every log line, is counted by kind and outcome, and its ack timed.
 */
export function trackRequests(app: App, metrics: Metrics, inFlight: InFlight): void {
  const original = app.processEvent.bind(app);
  // Request ids: this process's random prefix and a counter, unique across restarts and cheap (a
  // randomBytes call per request was 13 µs of a /migrate help's 300 on Node 26).
  const prefix = randomBytes(4).toString('hex');
  let requests = 0;
  app.processEvent = (event: ReceiverEvent): Promise<void> => {
    const started = performance.now();
    const { kind, fields } = describeRequest(obj(event.body) ?? {});
    let acked = false;
    const ack: ReceiverEvent['ack'] = (response) => {
      if (!acked) {
        acked = true;
        metrics.ackSeconds.observe({ kind }, (performance.now() - started) / 1000);
      }
      return event.ack(response);
    };
    metrics.inFlight.inc();
    requests += 1;
    const requestId = `${prefix}-${requests.toString(36)}`;
    // Counted from arrival until its listeners and any app.error answer are done (Bolt acks events
    // before their listener starts): shutdown and tests wait on that.
    const result = inFlight.run(() => withLogFields({ requestId, kind, ...fields }, () => original({ ...event, ack })));
    void result.then(
      () => {
        metrics.slackRequests.inc({ kind, outcome: acked ? 'ok' : 'unacked' });
      },
      () => {
        metrics.slackRequests.inc({ kind, outcome: 'error' });
      },
    );
    void result.finally(() => metrics.inFlight.dec()).catch(() => undefined);
    return result;
  };
}

/**
 * The fetch given to the Web API clients (app.client and the one Bolt makes per request) and to
 * respond(): counts each HTTP call by Web API method, and failures by Slack's error code.
 */
export function countingFetch(metrics: Metrics, apiUrl: string, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const isApi = url.startsWith(apiUrl);
    const method = isApi ? (url.slice(apiUrl.length).split(/[?#]/)[0] ?? 'unknown') : 'response_url_or_upload';
    metrics.webApiCalls.inc({ method });
    let res: Response;
    try {
      res = await base(input, init);
    } catch (err) {
      metrics.webApiErrors.inc({ method, error: 'network' });
      throw err;
    }
    if (!res.ok) {
      metrics.webApiErrors.inc({ method, error: `http_${res.status}` });
    } else if (isApi && (res.headers.get('content-type') ?? '').includes('json')) {
      // Slack answers errors with HTTP 200 and {ok:false,error}; read a copy, leave the body to the client.
      res
        .clone()
        .json()
        .then((body: unknown) => {
          const b = obj(body);
          if (b && b.ok === false) metrics.webApiErrors.inc({ method, error: str(b.error) ?? 'unknown' });
        })
        .catch(() => {});
    }
    return res;
  };
}

/**
 * The jobs of one tick, with a mark before the first and after the last (each job's effects are
 * carried out before the next job runs, so the last mark ends the tick), failures counted, and the
 * digest job's posts counted as sent or failed.
 */
export function instrumentJobs(jobs: readonly Job[], metrics: Metrics): Job[] {
  let stopTimer: (() => number) | undefined;
  const first: Job = {
    name: 'tick-start',
    run() {
      stopTimer = metrics.tickSeconds.startTimer();
      return [];
    },
  };
  const last: Job = {
    name: 'tick-end',
    run() {
      stopTimer?.();
      stopTimer = undefined;
      return [];
    },
  };
  const watched = jobs.map(
    (job): Job => ({
      name: job.name,
      async run(now) {
        try {
          return await job.run(now);
        } catch (err) {
          metrics.tickFailures.inc();
          throw err;
        }
      },
    }),
  );
  return [first, ...watched, last];
}

/** Counts the digests whose post went out or failed for good, as their receipts are recorded. */
export function countDigests(handler: ReceiptHandler, metrics: Metrics): ReceiptHandler {
  return (receipt, outcome) => {
    if (receipt.kind === 'digestRun') metrics.digests.inc({ outcome: outcome.posted ? 'sent' : 'failed' });
    return handler(receipt, outcome);
  };
}
