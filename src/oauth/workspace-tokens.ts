// Whose token a call outside a request uses. Single-token mode: the one SLACK_BOT_TOKEN for every
// workspace. OAuth mode: the workspace's installation, opened from the database and cached briefly
// (a lookup per outbox row or Home publish would open the same sealed token again and again), and
// forgotten at once when the workspace uninstalls.
import { ErrorCode, WebClient, type WebClientOptions } from '@slack/web-api';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { Db } from '../store/db.ts';
import { installationOf, installations } from '../store/installations.ts';

export interface WorkspaceTokens {
  readonly oauth: boolean;
  /** The bot token for the workspace; null when it has no installation (OAuth mode only). */
  tokenFor(workspaceId: string): string | null;
  /** The workspaces the bot serves now; null in single-token mode, where it serves whoever calls. */
  installed(): string[] | null;
  /** Drops the cached token (an uninstall, a revoked token). */
  forget(workspaceId: string): void;
}

/**
 * A workspace with no installation: the call has no token to go out with. It reads like Slack's
 * own refusal of a token (a platform error), so whoever calls treats it the same: the outbox marks
 * the row failed at once instead of retrying a workspace that is gone.
 */
export class NotInstalledError extends Error {
  override readonly name = 'NotInstalledError';
  readonly code = ErrorCode.PlatformError;
  readonly data = { ok: false, error: 'not_installed' } as const;
}

export function singleToken(token: string): WorkspaceTokens {
  return { oauth: false, tokenFor: () => token, installed: () => null, forget: () => {} };
}

export function installedTokens(
  db: Db,
  box: SecretBox,
  options: { ttlMs?: number; clock?: () => number } = {},
): WorkspaceTokens {
  const ttlMs = options.ttlMs ?? 30_000;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, { token: string | null; at: number }>();
  return {
    oauth: true,
    tokenFor(workspaceId) {
      const hit = cache.get(workspaceId);
      if (hit && clock() - hit.at < ttlMs) return hit.token;
      const row = installationOf(db, workspaceId);
      const token = row ? box.open(row.sealedBotToken) : null;
      cache.set(workspaceId, { token, at: clock() });
      return token;
    },
    installed: () => installations(db).map((r) => r.workspaceId),
    forget: (workspaceId) => cache.delete(workspaceId),
  };
}

/** One WebClient per workspace, rebuilt when its token changes (a reinstall). */
export function clientPool(tokens: WorkspaceTokens, options: WebClientOptions): (workspaceId: string) => WebClient {
  const clients = new Map<string, { token: string; client: WebClient }>();
  return (workspaceId) => {
    const token = tokens.tokenFor(workspaceId);
    if (token === null) {
      clients.delete(workspaceId);
      throw new NotInstalledError(`migrate-bot is not installed in ${workspaceId}`);
    }
    const known = clients.get(workspaceId);
    if (known?.token === token) return known.client;
    const client = new WebClient(token, options);
    clients.set(workspaceId, { token, client });
    return client;
  };
}
