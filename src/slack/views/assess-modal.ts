// The decision checklist as a modal: six required score selects and an optional note.
import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import { CRITERIA, CRITERION_SPECS, type Criterion, type Scores } from '../../domain/checklist.ts';
import { truncate } from '../escape.ts';
import { ASSESS, CALLBACK } from '../ids.ts';

export interface AssessModalMetadata {
  readonly channelId: string;
}

export const NOTE_MAX = 2000;

function scoreOption(criterion: Criterion, score: number): PlainTextOption {
  const label = CRITERION_SPECS[criterion].labels[score - 1] ?? '';
  return { text: { type: 'plain_text', text: truncate(`${score} · ${label}`, 75) }, value: String(score) };
}

export function assessModal(meta: AssessModalMetadata, previous: Scores | null): View {
  const blocks: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Score each criterion from 1 (strongly favours one service at a time) to 5 (strongly favours parallel batches).',
        },
      ],
    },
  ];
  for (const criterion of CRITERIA) {
    const spec = CRITERION_SPECS[criterion];
    const options = [1, 2, 3, 4, 5].map((n) => scoreOption(criterion, n));
    const initial = previous ? options[previous[criterion] - 1] : undefined;
    blocks.push({
      type: 'input',
      block_id: criterion,
      label: { type: 'plain_text', text: spec.title },
      hint: { type: 'plain_text', text: spec.question },
      element: {
        type: 'static_select',
        action_id: ASSESS.scoreAction,
        placeholder: { type: 'plain_text', text: 'Pick a score' },
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: ASSESS.noteBlock,
    optional: true,
    label: { type: 'plain_text', text: 'Context' },
    element: {
      type: 'plain_text_input',
      action_id: ASSESS.noteAction,
      multiline: true,
      max_length: NOTE_MAX,
      placeholder: { type: 'plain_text', text: 'e.g. 40 services, RabbitMQ to Kafka, deadline end of Q2' },
    },
  });
  return {
    type: 'modal',
    callback_id: CALLBACK.assess,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Migration checklist' },
    submit: { type: 'plain_text', text: 'Assess' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
