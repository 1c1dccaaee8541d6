// Events the bot subscribes to (manifest.yml's bot_events must list exactly these), and the
// Home tab's buttons.
import type { App, BlockButtonAction } from '@slack/bolt';
import { dispatch } from '../../../commands/index.ts';
import { showPlan } from '../../../commands/plan.ts';
import type { Deps } from '../../services/deps.ts';
import { homeData } from '../../services/home-input.ts';
import { migrationById } from '../../store/migrations.ts';
import { workspaceOf } from '../context.ts';
import { runEffects } from '../effects.ts';
import type { HomePublisher } from '../home-publisher.ts';
import { ACTION } from '../ids.ts';
import { toUserMessage } from '../user-message.ts';
import { homeView } from '../views/home-view.ts';

export const SUBSCRIBED_EVENTS = ['app_home_opened'] as const;

export function register(app: App, deps: Deps, home: HomePublisher): void {
  app.event('app_home_opened', async ({ event, context, body }) => {
    if (event.tab !== 'home') return;
    const workspaceId = workspaceOf(context, (body as { team_id?: string }).team_id);
    home.request(event.user, async () => homeView(await homeData(deps, workspaceId, event.user)));
  });

  const open = (subcommand: 'status' | 'plan') =>
    (async ({ ack, body, action, context, client }) => {
      await ack();
      const userId = body.user.id;
      const target = { client, logger: deps.logger, userId };
      try {
        const workspaceId = workspaceOf(context, body.team?.id);
        const migration = migrationById(deps.store.db, workspaceId, Number(action.value));
        if (!migration) throw new Error(`No migration ${action.value}`);
        // A Home click comes from no channel: the reader check must not take the migration's own for granted.
        const actor = { workspaceId, userId, channelId: userId };
        const effects =
          subcommand === 'plan'
            ? await showPlan(deps, actor, migration)
            : await dispatch(deps, actor, `status --migration "${migration.name}"`);
        await runEffects(target, effects);
      } catch (err) {
        await runEffects(target, [{ type: 'reply', message: toUserMessage(err, deps.logger, `[home:${subcommand}]`) }]);
      }
    }) satisfies Parameters<typeof app.action<BlockButtonAction>>[1];
  app.action<BlockButtonAction>(ACTION.homeOpenStatus, open('status'));
  app.action<BlockButtonAction>(ACTION.homeOpenPlan, open('plan'));
}
