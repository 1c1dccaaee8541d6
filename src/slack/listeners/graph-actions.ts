// Buttons on graph messages: drift's "Add N hidden dependencies". Rights are checked at click time,
// and the graph is read again then, so a second click adds nothing twice.

import type { BlockButtonAction } from '@slack/bolt';
import { addHiddenDependencies, zDriftButtonValue } from '../../../commands/drift.ts';
import type { Deps } from '../../deps.ts';
import { clickActor, clickTarget } from '../context.ts';
import { ACTION } from '../ids.ts';
import { handle } from './handle.ts';
import type { Listeners } from './router.ts';

export function register(listeners: Listeners, deps: Deps): void {
  listeners.action<BlockButtonAction>(
    ACTION.addHiddenDependencies,
    async ({ ack, body, action, context, respond, client }) => {
      const target = clickTarget(deps, { client, context, respond, body });
      await handle({ target, where: '[action:add-hidden]' }, ack, () =>
        addHiddenDependencies(deps, clickActor(context, body), zDriftButtonValue.parse(action.value)),
      );
    },
  );
}
