// The one confirmation pattern: a private message with Confirm / Cancel buttons.
import type { Message } from '../effect.ts';
import { truncate } from '../escape.ts';
import { ACTION } from '../ids.ts';

export function confirmMessage(pendingId: string, question: string, detail?: string): Message {
  return {
    text: question,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(question, 3000) } },
      ...(detail
        ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: truncate(detail, 3000) } }]
        : []),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTION.confirm,
            text: { type: 'plain_text', text: 'Confirm' },
            style: 'primary',
            value: pendingId,
          },
          { type: 'button', action_id: ACTION.cancel, text: { type: 'plain_text', text: 'Cancel' }, value: pendingId },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'This question expires in 10 minutes.' }] },
    ],
  };
}
