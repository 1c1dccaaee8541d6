// The workspace a request belongs to: the installation's enterprise for org installs, else its team.
import type { Context } from '@slack/bolt';
import type { Deps } from '../deps.ts';
import type { Effect } from './effect.ts';

export function workspaceOf(context: Context, fallbackTeamId?: string): string {
  if (context.isEnterpriseInstall && context.enterpriseId) return context.enterpriseId;
  const id = context.teamId ?? fallbackTeamId;
  if (!id) throw new Error('The request names no workspace');
  return id;
}

/** A request's outbox: what it sends to channels and DMs is queued for its workspace. */
export function outboxOf(deps: Pick<Deps, 'outbox'>, context: Context): (effects: readonly Effect[]) => Effect[] {
  const workspaceId =
    context.isEnterpriseInstall && context.enterpriseId ? context.enterpriseId : (context.teamId ?? '');
  return (effects) => deps.outbox.send({ workspaceId }, effects);
}
