// Every listener group, registered on one App.
import type { App } from '@slack/bolt';
import type { Deps } from '../../../commands/types.ts';
import { register as registerCommands } from './commands.ts';
import { register as registerConfirmActions } from './confirm-actions.ts';
import { register as registerEvents } from './events.ts';
import { register as registerViews } from './views.ts';

export function registerListeners(app: App, deps: Deps): void {
  registerCommands(app, deps);
  registerViews(app, deps);
  registerConfirmActions(app, deps);
  registerEvents(app, deps);
}
