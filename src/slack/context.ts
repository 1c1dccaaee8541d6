// The workspace a request belongs to: the installation's enterprise for org installs, else its team.
import type { Context } from '@slack/bolt';

export function workspaceOf(context: Context, fallbackTeamId?: string): string {
  if (context.isEnterpriseInstall && context.enterpriseId) return context.enterpriseId;
  const id = context.teamId ?? fallbackTeamId;
  if (!id) throw new Error('The request names no workspace');
  return id;
}
