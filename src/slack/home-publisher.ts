// views.publish within Slack's rate limits: one publish per person per interval (later requests
// coalesce into one trailing publish), and a workspace-wide budget per minute (Tier 4: 100+/min).
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';

export interface HomePublisher {
  /** Publishes `build()`'s view for `userId` now, or once the person's interval has passed. */
  request(userId: string, build: () => Promise<View>): void;
  /** Waits for publishes already due; cancels the ones still waiting (shutdown). */
  close(): Promise<void>;
}

export interface HomePublisherOptions {
  readonly perUserIntervalMs?: number;
  readonly perMinute?: number;
  readonly now?: () => number;
}

export function createHomePublisher(
  client: WebClient,
  logger: Logger,
  options: HomePublisherOptions = {},
): HomePublisher {
  const interval = options.perUserIntervalMs ?? 10_000;
  const perMinute = options.perMinute ?? 90;
  const clock = options.now ?? Date.now;
  const last = new Map<string, number>();
  const waiting = new Map<string, NodeJS.Timeout>();
  const recent: number[] = [];
  const inFlight = new Set<Promise<void>>();

  function publish(userId: string, build: () => Promise<View>): void {
    const now = clock();
    while (recent.length && (recent[0] ?? 0) <= now - 60_000) recent.shift();
    if (recent.length >= perMinute) {
      defer(userId, build, (recent[0] ?? now) + 60_000 - now);
      return;
    }
    recent.push(now);
    last.set(userId, now);
    const job = build()
      .then((view) => client.views.publish({ user_id: userId, view }))
      .then(() => undefined)
      .catch((err: unknown) => logger.warn(`[home][${userId}] could not publish: ${String(err)}`))
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  }

  function defer(userId: string, build: () => Promise<View>, delayMs: number): void {
    if (waiting.has(userId)) return;
    const timer = setTimeout(() => {
      waiting.delete(userId);
      publish(userId, build);
    }, delayMs);
    timer.unref();
    waiting.set(userId, timer);
  }

  return {
    request(userId, build) {
      const since = clock() - (last.get(userId) ?? Number.NEGATIVE_INFINITY);
      if (since >= interval) publish(userId, build);
      else defer(userId, build, interval - since);
    },
    async close() {
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
      await Promise.all(inFlight);
    },
  };
}
