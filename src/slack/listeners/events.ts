// Events the bot subscribes to (manifest.yml's bot_events must list exactly these), and the
// Home tab's buttons.

import type { App, BlockButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { openFromHome } from '../../../commands/index.ts';
import type { Deps } from '../../deps.ts';
import { UNINSTALL_EVENTS } from '../../oauth/uninstall.ts';
import { homeData } from '../../services/home-input.ts';
import { outboxOf, workspaceOf } from '../context.ts';
import type { HomePublisher } from '../home-publisher.ts';
import { ACTION } from '../ids.ts';
import { homeView } from '../views/home-view.ts';
import { handle } from './handle.ts';
import type { Listeners } from './router.ts';

export const SUBSCRIBED_EVENTS = ['app_home_opened', ...UNINSTALL_EVENTS] as const;

const zMigrationId = z.coerce.number().int().positive();
// Bolt acknowledges events itself, before any listener runs.
const acked = async () => undefined;

export function register(app: App, listeners: Listeners, deps: Deps, home: HomePublisher): void {
  app.event('app_home_opened', async ({ event, context, body, client }) => {
    const target = { client, logger: deps.logger, outbox: outboxOf(deps, context), userId: event.user };
    await handle({ target, where: '[event:app_home_opened]' }, acked, () => {
      if (event.tab !== 'home') return [];
      const workspaceId = workspaceOf(context, (body as { team_id?: string }).team_id);
      home.request(workspaceId, event.user, async () => homeView(await homeData(deps, workspaceId, event.user)));
      return [];
    });
  });

  const open = (subcommand: 'status' | 'plan') =>
    (async ({ ack, body, action, context, client }) => {
      const userId = body.user.id;
      const target = { client, logger: deps.logger, outbox: outboxOf(deps, context), userId };
      await handle({ target, where: `[home:${subcommand}]` }, ack, () => {
        // A Home click comes from no channel: the reader check must not take the migration's own for granted.
        const actor = { workspaceId: workspaceOf(context, body.team?.id), userId, channelId: userId };
        return openFromHome(deps, actor, subcommand, zMigrationId.parse(action.value));
      });
    }) satisfies Parameters<typeof listeners.action<BlockButtonAction>>[1];
  listeners.action<BlockButtonAction>(ACTION.homeOpenStatus, open('status'));
  listeners.action<BlockButtonAction>(ACTION.homeOpenPlan, open('plan'));
}
