// The assess result's "Switch <migration> to <strategy>" button. Rights are checked at click time
// and again at confirmation, so a result posted before someone stopped being a lead grants nothing.
import type { BlockButtonAction } from '@slack/bolt';
import { offerStrategySwitch, zSwitchValue } from '../../../commands/assess.ts';
import type { Deps } from '../../deps.ts';
import { clickActor, clickTarget } from '../context.ts';
import { ACTION } from '../ids.ts';
import { handle } from './handle.ts';
import type { Listeners } from './router.ts';

export function register(listeners: Listeners, deps: Deps): void {
  listeners.action<BlockButtonAction>(
    ACTION.switchStrategy,
    async ({ ack, body, action, context, respond, client }) => {
      const target = clickTarget(deps, { client, context, respond, body });
      await handle({ target, where: '[action:switch-strategy]' }, ack, () =>
        offerStrategySwitch(deps, clickActor(context, body), zSwitchValue.parse(JSON.parse(action.value ?? '{}'))),
      );
    },
  );
}
