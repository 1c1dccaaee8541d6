// views.publish within Slack's rate limits: one publish per person per interval (later requests
// coalesce into one trailing publish), and a budget per workspace per minute (Tier 4: 100+/min).
// Each workspace's publishes go out with its own token (clientFor; the one token in single-token mode).
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';

export interface HomePublisher {
  /** Publishes `build()`'s view for `userId` in the workspace now, or once the person's interval has passed. */
  request(workspaceId: string, userId: string, build: () => Promise<View>): void;
  /** Waits for publishes already due; cancels the ones still waiting (shutdown). */
  close(): Promise<void>;
}

export interface HomePublisherOptions {
  readonly perUserIntervalMs?: number;
  readonly perMinute?: number;
  readonly now?: () => number;
}

export function createHomePublisher(
  clientFor: (workspaceId: string) => WebClient,
  logger: Logger,
  options: HomePublisherOptions = {},
): HomePublisher {
  const interval = options.perUserIntervalMs ?? 10_000;
  const perMinute = options.perMinute ?? 90;
  const clock = options.now ?? Date.now;
  // Keyed by workspace and person: the same user id may appear in two workspaces of one org.
  const last = new Map<string, number>();
  const waiting = new Map<string, NodeJS.Timeout>();
  const recent = new Map<string, number[]>();
  const inFlight = new Set<Promise<void>>();
  const keyOf = (workspaceId: string, userId: string) => `${workspaceId}\n${userId}`;

  function publish(workspaceId: string, userId: string, build: () => Promise<View>): void {
    const now = clock();
    const sent = recent.get(workspaceId) ?? [];
    recent.set(workspaceId, sent);
    while (sent.length && (sent[0] ?? 0) <= now - 60_000) sent.shift();
    if (sent.length >= perMinute) {
      defer(workspaceId, userId, build, (sent[0] ?? now) + 60_000 - now);
      return;
    }
    sent.push(now);
    last.set(keyOf(workspaceId, userId), now);
    const job = Promise.resolve()
      .then(() => clientFor(workspaceId))
      .then(async (client) => client.views.publish({ user_id: userId, view: await build() }))
      .then(() => undefined)
      .catch((err: unknown) => logger.warn(`[home][${workspaceId}][${userId}] could not publish: ${String(err)}`))
      .finally(() => inFlight.delete(job));
    inFlight.add(job);
  }

  function defer(workspaceId: string, userId: string, build: () => Promise<View>, delayMs: number): void {
    const key = keyOf(workspaceId, userId);
    if (waiting.has(key)) return;
    const timer = setTimeout(() => {
      waiting.delete(key);
      publish(workspaceId, userId, build);
    }, delayMs);
    timer.unref();
    waiting.set(key, timer);
  }

  return {
    request(workspaceId, userId, build) {
      const since = clock() - (last.get(keyOf(workspaceId, userId)) ?? Number.NEGATIVE_INFINITY);
      if (since >= interval) publish(workspaceId, userId, build);
      else defer(workspaceId, userId, build, interval - since);
    },
    async close() {
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
      await Promise.all(inFlight);
    },
  };
}
