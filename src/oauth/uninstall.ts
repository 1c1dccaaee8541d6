// Slack says the app is gone from a workspace (app_uninstalled) or its bot token was revoked
// (tokens_revoked): the installation row goes, so the tick, the outbox and Home publishing stop
// for that workspace. Its migrations stay until an operator runs `migrate-bot workspace delete`.
// Bolt skips authorization for these two events (the token no longer works).
import type { App } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { workspaceOf } from '../slack/context.ts';
import type { Db } from '../store/db.ts';
import { deleteInstallation, installationOf } from '../store/installations.ts';
import type { WorkspaceTokens } from './workspace-tokens.ts';

export const UNINSTALL_EVENTS = ['app_uninstalled', 'tokens_revoked'] as const;

export function registerUninstall(app: App, db: Db, tokens: WorkspaceTokens, logger: Logger): void {
  const remove = (workspaceId: string, why: string) => {
    const removed = deleteInstallation(db, workspaceId);
    tokens.forget(workspaceId);
    if (removed) logger.info(`[oauth][${workspaceId}] installation removed (${why}); its data stays`);
  };
  app.event('app_uninstalled', async ({ context, body }) => {
    remove(workspaceOf(context, body.team_id), 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ event, context, body }) => {
    const workspaceId = workspaceOf(context, body.team_id);
    const bots = event.tokens.bot ?? [];
    const row = installationOf(db, workspaceId);
    // Only the bot's own token matters: a revoked user token leaves the bot working.
    if (row ? bots.includes(row.botUserId) : bots.length > 0) remove(workspaceId, 'tokens_revoked');
  });
}
