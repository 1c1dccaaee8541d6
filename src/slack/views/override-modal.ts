// The modal behind "Approve despite red checks…": it shows what fails and asks why the approver
// approves anyway. The reason goes into the audit log and onto the request's message.
import type { View } from '@slack/types';
import { escapeMrkdwn, truncate } from '../escape.ts';
import { CALLBACK } from '../ids.ts';
import { type ReasonMetadata, reasonInput } from './reject-modal.ts';

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
      reasonInput('Why approve anyway?'),
    ],
  };
}
