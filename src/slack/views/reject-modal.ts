// The modal that asks why: rejecting a cutover request, or rolling it back from its message.
// The request travels in private_metadata; the reason is required.

import type { KnownBlock, View } from '@slack/types';
import { z } from 'zod';
import { MAX_REASON } from '../../domain/limits.ts';
import { truncate } from '../escape.ts';
import { CALLBACK, REJECT } from '../ids.ts';

export type ReasonKind = 'reject' | 'rollback';

export const zReasonMetadata = z.object({ requestId: z.number().int().positive() });
export type ReasonMetadata = z.infer<typeof zReasonMetadata>;

/** Longest reason kept: it goes into the audit log and into messages. */
export { MAX_REASON };

const COPY: Record<ReasonKind, { title: string; submit: string; label: string; intro: string }> = {
  reject: {
    title: 'Reject cutover',
    submit: 'Reject',
    label: 'Why is it rejected?',
    intro: 'The services go back to shadow and the requester is told why.',
  },
  rollback: {
    title: 'Roll back',
    submit: 'Roll back',
    label: 'Why roll back?',
    intro:
      'Traffic goes back to the old platform for every member not yet done. The reason is announced in the channel.',
  },
};

/** The one reason field every reason modal asks with; reasonFrom reads it back. */
export function reasonInput(label: string): KnownBlock {
  return {
    type: 'input',
    block_id: REJECT.reasonBlock,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'plain_text_input',
      action_id: REJECT.reasonAction,
      multiline: true,
      min_length: 3,
      max_length: MAX_REASON,
    },
  };
}

export function reasonModal(kind: ReasonKind, requestId: number, subject: string): View {
  const copy = COPY[kind];
  return {
    type: 'modal',
    callback_id: kind === 'reject' ? CALLBACK.rejectCutover : CALLBACK.rollbackService,
    private_metadata: JSON.stringify({ requestId } satisfies ReasonMetadata),
    title: { type: 'plain_text', text: copy.title },
    submit: { type: 'plain_text', text: copy.submit },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'plain_text', text: truncate(`${subject}. ${copy.intro}`, 2900) } },
      reasonInput(copy.label),
    ],
  };
}

/** The reason typed into the modal, trimmed; empty when none. */
export function reasonFrom(values: Record<string, Record<string, { value?: string | null }>>): string {
  return (values[REJECT.reasonBlock]?.[REJECT.reasonAction]?.value ?? '').trim().slice(0, MAX_REASON);
}
