// Every listener group, registered on one App.
import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.ts';
import type { HomePublisher } from '../home-publisher.ts';
import { register as registerApprovalActions } from './approval-actions.ts';
import { register as registerAssessActions } from './assess-actions.ts';
import { register as registerCommands } from './commands.ts';
import { register as registerConfirmActions } from './confirm-actions.ts';
import { register as registerEvents } from './events.ts';
import { register as registerGraphActions } from './graph-actions.ts';
import { register as registerHealthAlertActions } from './health-alert-actions.ts';
import { register as registerHealthCredentials } from './health-credentials.ts';
import { register as registerImportViews } from './import-views.ts';
import { register as registerRejectView } from './reject-view.ts';
import { register as registerReplayGuard } from './replays.ts';
import { createListeners } from './router.ts';
import { register as registerRunbookActions } from './runbook-actions.ts';
import { register as registerViews } from './views.ts';

export function registerListeners(app: App, deps: Deps, home: HomePublisher, ackDeadlineMs?: number): void {
  // First: a request sent again is acknowledged and goes no further.
  registerReplayGuard(app, deps);
  registerCommands(app, deps, ackDeadlineMs);
  const listeners = createListeners(app);
  registerViews(listeners, deps);
  registerAssessActions(listeners, deps);
  registerConfirmActions(listeners, deps);
  registerEvents(app, listeners, deps, home);
  registerImportViews(listeners, deps);
  registerGraphActions(listeners, deps);
  registerApprovalActions(listeners, deps);
  registerHealthAlertActions(listeners, deps);
  registerRunbookActions(listeners, deps);
  registerRejectView(listeners, deps);
  registerHealthCredentials(listeners, deps);
}
