// The modal behind "Approve despite red checks…": it shows what fails and asks why the approver
// approves anyway. The reason goes into the audit log and onto the request's message.
import type { View } from '@slack/types';
import { escapeMrkdwn, truncate } from '../escape.ts';
import { CALLBACK, REJECT } from '../ids.ts';
import { MAX_REASON, type ReasonMetadata } from './reject-modal.ts';

export function overrideModal(requestId: number, subject: string, failing: readonly string[]): View {
  const list = failing.map((l) => `• ${escapeMrkdwn(l)}`).join('\n');
  return {
    type: 'modal',
    callback_id: CALLBACK.approveOverride,
    private_metadata: JSON.stringify({ requestId } satisfies ReasonMetadata),
    title: { type: 'plain_text', text: 'Approve despite checks' },
    submit: { type: 'plain_text', text: 'Approve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `${escapeMrkdwn(subject)}: these health checks do not pass.\n${list}\nYour approval counts as your one approval; the others still need theirs. The channel and the audit log show your reason.`,
            2900,
          ),
        },
      },
      {
        type: 'input',
        block_id: REJECT.reasonBlock,
        label: { type: 'plain_text', text: 'Why approve anyway?' },
        element: {
          type: 'plain_text_input',
          action_id: REJECT.reasonAction,
          multiline: true,
          min_length: 3,
          max_length: MAX_REASON,
        },
      },
    ],
  };
}
