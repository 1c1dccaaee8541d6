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
import type { Strategy } from '../../domain/model.ts';
import { plural } from '../../domain/words.ts';
import type { Message } from '../effect.ts';
import { escapeInline, escapeText, truncate } from '../escape.ts';
import { mentionUser, slackDate } from '../format.ts';
import { ACTION } from '../ids.ts';

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

/** The channel's active migration, when it has one: the result is read against its strategy. */
export interface ChannelMigration {
  readonly id: number;
  readonly name: string;
  readonly strategy: Strategy;
  readonly leads: readonly string[];
  /** Whether the person who assessed may switch it. */
  readonly actorLeads: boolean;
  /** The switch button's value. */
  readonly switchValue: string;
}

export interface AssessResultInput {
  readonly result: Assessment;
  readonly userId: string;
  readonly at: Date;
  readonly note: string | null;
  readonly migration?: ChannelMigration | null;
}

/** What the result means for the channel: start a migration, keep the one there, or switch it. */
function nextStep(outcome: Outcome, migration: ChannelMigration | null): { text: string; blocks: KnownBlock[] } {
  if (!migration) return { text: 'next: `/migrate new <name>` starts a migration with this strategy', blocks: [] };
  const name = `*${escapeInline(migration.name)}*`;
  if (migration.strategy === outcome) {
    return { text: `this channel’s migration ${name} already uses the *${outcome}* strategy`, blocks: [] };
  }
  const leads = migration.leads.map(mentionUser).join(', ');
  const who = migration.actorLeads
    ? 'As one of its leads you can switch it with the button'
    : `Only its leads can switch it with the button: ${leads}`;
  const text = `This channel’s migration ${name} runs *${migration.strategy}*; this result suggests *${outcome}*. ${who}. It asks to confirm first, records the switch in \`/migrate log\`, and re-plans the services not yet under way.`;
  return {
    text: `the strategy of ${name} is unchanged until a lead switches it`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTION.switchStrategy,
            text: { type: 'plain_text', text: `Switch to ${outcome}` },
            value: migration.switchValue,
          },
        ],
      },
    ],
  };
}

export function assessResultMessage({ result, userId, at, note, migration = null }: AssessResultInput): Message {
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
      text: { type: 'mrkdwn', text: truncate(`*Context*\n${escapeText(note)}`, 3000) },
    });
  }
  const next = nextStep(outcome, migration);
  blocks.push(...next.blocks, {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Assessed by ${mentionUser(userId)} on ${slackDate(at)} · ${next.text}` }],
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
    text: `The last ${plural(rows.length, 'assessment')} in this channel`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Assessment history (last ${rows.length})` } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
    ],
  };
}
