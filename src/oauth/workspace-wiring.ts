// The composition root's share of many workspaces: which workspaces the tick serves, the scope a
// request runs in, the SlackPort's access to the current workspace's client, and readiness over
// every installation. Each is the one token's plain behaviour in single-token mode.
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { type AuthResult, isPlatformError, slackCode } from '../http/health.ts';
import type { Logger } from '../logger.ts';
import { EVERY_WORKSPACE, type Workspaces } from '../schedule/tick.ts';
import { workspaceOf } from '../slack/context.ts';
import type { SlackAccess } from '../slack/port.ts';
import { currentTeam, currentWorkspace, inWorkspace } from './workspace-scope.ts';
import type { WorkspaceTokens } from './workspace-tokens.ts';

/** The tick's workspaces: every one with the one token; in OAuth mode those installed when the tick starts. */
export function servedWorkspaces(tokens: WorkspaceTokens): Workspaces {
  const installed = tokens.installed();
  if (installed === null) return EVERY_WORKSPACE;
  const served = new Set(installed);
  return { serves: (workspaceId) => served.has(workspaceId), within: inWorkspace };
}

/** Runs every request in its workspace's scope, so the SlackPort's reads use that workspace's token. */
export function scopeRequests(app: App): void {
  app.use(async ({ context, next }) => {
    const named = context.teamId !== undefined || context.enterpriseId !== undefined;
    await (named ? inWorkspace(workspaceOf(context), next, context.teamId) : next());
  });
}

/** The SlackPort's client and token: the one token anywhere, or the installation of the workspace in scope. */
export function scopedAccess(tokens: WorkspaceTokens, clientFor: (workspaceId: string) => WebClient): SlackAccess {
  return () => {
    const workspaceId = currentWorkspace() ?? '';
    const token = tokens.tokenFor(workspaceId);
    if (token === null) throw new Error(`No installation for workspace ${workspaceId || '(none in scope)'}`);
    return { client: clientFor(workspaceId), token, teamId: currentTeam() };
  };
}

/**
 * Readiness: Slack accepts the token (single-token mode), or Slack answers for the installations.
 * One workspace's revoked token must not take the bot out of service for the others: it is logged
 * (its tokens_revoked event removes it); only an unreachable Slack makes the bot unready.
 */
export async function checkInstallations(
  tokens: WorkspaceTokens,
  checker: (workspaceId: string) => WebClient,
  logger: Logger,
): Promise<AuthResult> {
  const installed = tokens.installed();
  if (installed === null) {
    await checker('').auth.test();
    return { ok: true };
  }
  const results = await Promise.all(
    installed.map(async (workspaceId) => {
      try {
        await checker(workspaceId).auth.test();
        return null;
      } catch (err) {
        return { workspaceId, error: slackCode(err), rejected: isPlatformError(err) };
      }
    }),
  );
  const failed = results.filter((r) => r !== null);
  for (const f of failed.filter((r) => r.rejected)) {
    logger.warn(`[oauth][${f.workspaceId}] Slack rejected the installation's token: ${f.error}`);
  }
  const unreachable = failed.find((r) => !r.rejected);
  return unreachable ? { ok: false, error: unreachable.error, rejected: false } : { ok: true };
}
