// Events the bot subscribes to (manifest.yml's bot_events must list exactly these).
import type { App } from '@slack/bolt';
import { helpMessage } from '../../../commands/help.ts';
import { COMMANDS } from '../../../commands/index.ts';
import type { Deps } from '../../../commands/types.ts';

export const SUBSCRIBED_EVENTS = ['app_home_opened'] as const;

export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    const { blocks = [] } = helpMessage(COMMANDS, '*migrate-bot* plans and runs your platform migration in channel.');
    try {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks } });
    } catch (err) {
      deps.logger.warn(`[home][${event.user}] could not publish: ${String(err)}`);
    }
  });
}
