// The workspace a request belongs to: the installation's enterprise for org installs, else its team.
import type { Context, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Actor, Deps } from '../deps.ts';
import type { Effect } from './effect.ts';
import type { EffectTarget } from './effects.ts';

export function workspaceOf(context: Context, fallbackTeamId?: string): string {
  if (context.isEnterpriseInstall && context.enterpriseId) return context.enterpriseId;
  const id = context.teamId ?? fallbackTeamId;
  if (!id) throw new Error('The request names no workspace');
  return id;
}

/** Who clicked, and where: a click outside a channel (in a DM, on Home) acts in the person's own DM. */
export function clickActor(
  context: Context,
  body: {
    readonly user: { readonly id: string };
    readonly team?: { readonly id: string } | null;
    readonly channel?: { readonly id: string };
  },
): Actor {
  const userId = body.user.id;
  return { workspaceId: workspaceOf(context, body.team?.id), userId, channelId: body.channel?.id ?? userId };
}

/** A request's outbox: what it sends to channels and DMs is queued for its workspace. */
export function outboxOf(deps: Pick<Deps, 'outbox'>, context: Context): (effects: readonly Effect[]) => Effect[] {
  const workspaceId =
    context.isEnterpriseInstall && context.enterpriseId ? context.enterpriseId : (context.teamId ?? '');
  return (effects) => deps.outbox.send({ workspaceId }, effects);
}

/** Where a click's effects go: a private answer to its person, a modal on its trigger, the rest queued. */
export function clickTarget(
  deps: Pick<Deps, 'logger' | 'outbox'>,
  click: {
    readonly client: WebClient;
    readonly context: Context;
    readonly respond: RespondFn;
    readonly body: { readonly user: { readonly id: string }; readonly trigger_id: string };
  },
): EffectTarget {
  return {
    client: click.client,
    logger: deps.logger,
    outbox: outboxOf(deps, click.context),
    userId: click.body.user.id,
    respond: click.respond,
    triggerId: click.body.trigger_id,
  };
}
