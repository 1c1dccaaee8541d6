// What every command, click and tick works with: who acts, what it may read from Slack, and the
// store, logger and clock. Built once by the composition root (src/app.ts).
import type { HealthDeps } from './health/deps.ts';
import type { Logger } from './logger.ts';
import type { Outbox } from './slack/outbox.ts';
import type { Store } from './store/db.ts';

/** Who acts, where, in which workspace (the installation's team or enterprise). */
export interface Actor {
  readonly workspaceId: string;
  readonly userId: string;
  readonly channelId: string;
}

/** What the bot reads from Slack; faked in tests by the fake Web API, never by mocks of our modules. */
export interface SlackPort {
  userTimeZone(userId: string): Promise<string | null>;
  usergroupMembers(usergroupId: string): Promise<string[]>;
  isChannelMember(channelId: string, userId: string): Promise<boolean>;
  /** True for private channels, DMs, and whenever Slack cannot tell (the safe answer). */
  channelIsPrivate(channelId: string): Promise<boolean>;
  userIdByEmail(email: string): Promise<string | null>;
  downloadFile(url: string, maxBytes: number): Promise<string>;
  permalink(channelId: string, ts: string): Promise<string | null>;
}

export interface Deps {
  readonly store: Store;
  readonly logger: Logger;
  readonly slack: SlackPort;
  readonly now: () => Date;
  readonly defaultTz: string;
  /** Where every message about a change goes, in the change's transaction when it can. */
  readonly outbox: Outbox;
  /** Metrics queries for health checks (src/health). */
  readonly health: HealthDeps;
}
