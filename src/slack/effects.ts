// Carries out what a command, click or tick returned. What goes to a channel or a DM is queued in
// the outbox (src/slack/outbox.ts; delivered in order, retried, never lost); only what belongs to
// this one request, the person's private answer and a modal, is done here at once.
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';
import type { Effect, Message } from './effect.ts';
import { sendPrivately } from './private-reply.ts';

export interface EffectTarget {
  readonly client: WebClient;
  readonly logger: Logger;
  /** The person a private reply goes to; absent for scheduled work, which never replies. */
  readonly userId?: string;
  readonly respond?: RespondFn;
  readonly triggerId?: string;
  /** Queues what goes to a channel or a DM in the outbox and returns the rest. */
  readonly outbox: (effects: readonly Effect[]) => Effect[];
}

async function replyPrivately(target: EffectTarget, message: Message, replaceOriginal: boolean): Promise<void> {
  const { respond } = target;
  if (respond) {
    const body = { response_type: 'ephemeral' as const, replace_original: replaceOriginal, text: message.text };
    await sendPrivately(
      () => respond({ ...body, ...(message.blocks ? { blocks: message.blocks } : {}) }),
      target.logger,
      '[reply]',
    );
    return;
  }
  if (!target.userId) throw new Error('A private reply needs a person to go to');
  // No response_url (a modal's submission, a Home button): the answer goes by DM, through the outbox.
  target.outbox([{ type: 'dm', user: target.userId, message }]);
}

export async function runEffects(target: EffectTarget, effects: readonly Effect[]): Promise<void> {
  for (const effect of target.outbox(effects)) {
    switch (effect.type) {
      case 'reply':
        await replyPrivately(target, effect.message, effect.replaceOriginal ?? false);
        break;
      case 'openModal':
        if (!target.triggerId) throw new Error('A modal can only open in answer to a click or a command');
        await target.client.views.open({ trigger_id: target.triggerId, view: effect.view });
        break;
      default:
        throw new Error(`The outbox delivers ${effect.type} effects`);
    }
  }
}
