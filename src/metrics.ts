// Prometheus metrics for GET /metrics (prom-client). One registry per bot, so tests that start several
// bots in one process each read their own numbers. Counted from outside the Slack and schedule code:
// src/instrument.ts wraps Bolt's processEvent, the Web API client's fetch and the scheduler's tick.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly slackRequests: Counter<'kind' | 'outcome'>;
  readonly ackSeconds: Histogram<'kind'>;
  readonly inFlight: Gauge;
  readonly webApiCalls: Counter<'method'>;
  readonly webApiErrors: Counter<'method' | 'error'>;
  readonly digests: Counter<'outcome'>;
  readonly tickSeconds: Histogram;
  readonly tickFailures: Counter;
  readonly ready: Gauge<'check'>;
  readonly cachedAnswers: Counter<'answer' | 'outcome'>;
  /** Read from the outbox table when /metrics is scraped, once watchOutbox named the reader. */
  readonly outboxMessages: Gauge<'status'>;
  readonly outboxOldestSeconds: Gauge;
  watchOutbox(read: () => OutboxGauges): void;
}

export interface OutboxGauges {
  readonly queued: number;
  readonly failed: number;
  readonly oldestAgeSeconds: number;
}

export interface MetricsOptions {
  /** Node's process metrics (memory, CPU, event loop lag, GC); on unless a test turns them off. */
  readonly defaultMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let readOutbox: (() => OutboxGauges) | null = null;
  // Both read the table at each scrape (prom-client calls collect() per metric): never a stale copy.
  const outboxMessages: Gauge<'status'> = new Gauge({
    name: 'migrate_bot_outbox_messages',
    help: 'Messages in the outbox: queued (not yet delivered) and failed (given up, with a reason)',
    labelNames: ['status'],
    registers,
    collect() {
      const stats = readOutbox?.();
      if (!stats) return;
      this.set({ status: 'queued' }, stats.queued);
      this.set({ status: 'failed' }, stats.failed);
    },
  });
  const outboxOldest = new Gauge({
    name: 'migrate_bot_outbox_oldest_seconds',
    help: 'Age of the oldest message not yet delivered; 0 when none waits',
    registers,
    collect() {
      const stats = readOutbox?.();
      if (stats) this.set(stats.oldestAgeSeconds);
    },
  });
  return {
    registry,
    slackRequests: new Counter({
      name: 'migrate_bot_slack_requests_total',
      help: 'Requests from Slack handled, by kind (command, action, view, event, shortcut, options) and outcome (ok, error)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    ackSeconds: new Histogram({
      name: 'migrate_bot_slack_ack_seconds',
      help: 'Time from receiving a Slack request to acknowledging it (Slack gives up after 3 s)',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers,
    }),
    inFlight: new Gauge({
      name: 'migrate_bot_slack_requests_in_flight',
      help: 'Slack requests being handled, including the work done after the ack',
      registers,
    }),
    webApiCalls: new Counter({
      name: 'migrate_bot_slack_web_api_calls_total',
      help: 'HTTP calls to the Slack Web API by method (retries count once each); response_url posts as "response_url"',
      labelNames: ['method'],
      registers,
    }),
    webApiErrors: new Counter({
      name: 'migrate_bot_slack_web_api_errors_total',
      help: 'Web API calls that failed, by method and Slack error code (or http_<status>, network)',
      labelNames: ['method', 'error'],
      registers,
    }),
    digests: new Counter({
      name: 'migrate_bot_digests_total',
      help: 'Standup digests posted by the tick (chat.postMessage from the digest job), by outcome (sent, failed)',
      labelNames: ['outcome'],
      registers,
    }),
    tickSeconds: new Histogram({
      name: 'migrate_bot_tick_seconds',
      help: 'Duration of one minute tick (every job, and the Slack calls it makes)',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    tickFailures: new Counter({
      name: 'migrate_bot_tick_failures_total',
      help: 'Ticks that threw',
      registers,
    }),
    ready: new Gauge({
      name: 'migrate_bot_ready',
      help: '1 when the check passed at its last run: db, slack_auth, socket_mode',
      labelNames: ['check'],
      registers,
    }),
    cachedAnswers: new Counter({
      name: 'migrate_bot_cached_answers_total',
      help: 'Answers kept until the database changes (status), by answer and outcome (reused, worked_out)',
      labelNames: ['answer', 'outcome'],
      registers,
    }),
    outboxMessages,
    outboxOldestSeconds: outboxOldest,
    watchOutbox(read) {
      readOutbox = read;
    },
  };
}
