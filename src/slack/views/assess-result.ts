// The checklist's result as a channel message, and the channel's assessment history.
import type { KnownBlock } from '@slack/types';
import {
  type Assessment,
  adviceFor,
  CRITERIA,
  CRITERION_SPECS,
  type Criterion,
  type Outcome,
  type Pull,
  type Scores,
} from '../../domain/checklist.ts';
import type { Message } from '../effect.ts';
import { escapeMrkdwn, truncate } from '../escape.ts';
import { mentionUser, slackDate } from '../format.ts';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  sequential: 'Sequential: one service at a time',
  hybrid: 'Hybrid: critical core one at a time, the rest in parallel batches',
  parallel: 'Parallel batches are viable',
};

const OUTCOME_RANGES: Readonly<Record<Outcome, string>> = {
  sequential: '6-12',
  hybrid: '13-18',
  parallel: '19-30',
};

const PULL_LABELS: Readonly<Record<Pull, string>> = {
  sequential: '← towards sequential',
  neutral: '· neutral',
  parallel: '→ towards parallel',
};

export interface AssessResultInput {
  readonly result: Assessment;
  readonly userId: string;
  readonly at: Date;
  readonly note: string | null;
}

export function assessResultMessage({ result, userId, at, note }: AssessResultInput): Message {
  const { total, outcome } = result;
  const fields = CRITERIA.map((c) => ({
    type: 'mrkdwn' as const,
    text: `*${CRITERION_SPECS[c].title}*: ${result.scores[c]}/5 ${PULL_LABELS[result.pulls[c]]}\n_${CRITERION_SPECS[c].labels[result.scores[c] - 1]}_`,
  }));
  const towardsSeq = CRITERIA.filter((c) => result.pulls[c] === 'sequential').map((c) => CRITERION_SPECS[c].title);
  const towardsPar = CRITERIA.filter((c) => result.pulls[c] === 'parallel').map((c) => CRITERION_SPECS[c].title);
  const pulls = [
    towardsSeq.length ? `Pulling towards sequential: ${towardsSeq.join(', ')}.` : 'Nothing pulls towards sequential.',
    towardsPar.length ? `Pulling towards parallel: ${towardsPar.join(', ')}.` : 'Nothing pulls towards parallel.',
  ].join(' ');
  const advice = adviceFor(result)
    .slice(0, 6)
    .map((a) => `• *${a.risk}.* ${a.mitigation}.`)
    .join('\n');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Checklist result: ${outcome} (${total}/30)` } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${OUTCOME_LABELS[outcome]}.* A total of *${total} out of 30* falls in the ${OUTCOME_RANGES[outcome]} band (6-12 sequential, 13-18 hybrid, 19-30 parallel viable).\n${pulls}`,
      },
    },
    { type: 'section', fields },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`*What to watch for*\n${advice}`, 3000) } },
  ];
  if (note) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*Context*\n${escapeMrkdwn(note)}`, 3000) },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Assessed by ${mentionUser(userId)} on ${slackDate(at)} · next: \`/migrate new <name>\` starts a migration with this strategy`,
      },
    ],
  });
  return { text: `Checklist result: ${outcome} (${total}/30), assessed by ${mentionUser(userId)}`, blocks };
}

export interface HistoryRow {
  readonly userId: string;
  readonly createdAt: Date;
  readonly total: number;
  readonly outcome: Outcome;
  readonly scores: Scores;
}

function changes(current: Scores, previous: Scores): string {
  const moved = CRITERIA.filter((c: Criterion) => current[c] !== previous[c]).map(
    (c) => `${CRITERION_SPECS[c].title} ${previous[c]}→${current[c]}`,
  );
  return moved.length ? moved.join(', ') : 'no score changed';
}

/** Newest first; each line says what changed against the assessment before it. */
export function assessHistoryMessage(rows: readonly HistoryRow[], hasOlder: boolean): Message {
  if (rows.length === 0) {
    return {
      text: 'No assessments in this channel yet.',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'No assessments in this channel yet. Run `/migrate assess` to make the first.',
          },
        },
      ],
    };
  }
  const lines = rows.map((row, i) => {
    const before = rows[i + 1];
    const diff = before ? changes(row.scores, before.scores) : hasOlder ? 'older ones not shown' : 'first assessment';
    return `• ${slackDate(row.createdAt, '{date_short}')} ${mentionUser(row.userId)}: *${row.total}/30 ${row.outcome}* (${diff})`;
  });
  return {
    text: `The last ${rows.length} assessment(s) in this channel`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Assessment history (last ${rows.length})` } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
    ],
  };
}
