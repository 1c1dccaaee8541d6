// `/migrate assess`: the decision checklist as a modal; `/migrate assess history`: the channel's last 10.
import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import { assess, CRITERIA, type Scores, zScore } from '../src/domain/checklist.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { assessModal, NOTE_MAX } from '../src/slack/views/assess-modal.ts';
import { assessHistoryMessage, assessResultMessage } from '../src/slack/views/assess-result.ts';
import { insertAssessment, latestAssessment, recentAssessments } from '../src/store/assessments.ts';

const HISTORY_SIZE = 10;

export const assessCommand = defineCommand({
  name: 'assess',
  usage: 'assess [history]',
  summary: 'score the six-question checklist and get a strategy; `history` shows the last 10 results',
  args: z
    .array(z.string())
    .max(1, { error: 'takes at most one word: `history`' })
    .refine((words) => words.length === 0 || words[0]?.toLowerCase() === 'history', {
      error: 'takes nothing, or `history`',
    })
    .transform((words) => ({ history: words.length === 1 })),
  run(deps: Deps, actor: Actor, args: { history: boolean }): Effect[] {
    const { db } = deps.store;
    if (args.history) {
      const rows = recentAssessments(db, actor.workspaceId, actor.channelId, HISTORY_SIZE + 1);
      const shown = rows.slice(0, HISTORY_SIZE).map((r) => ({ ...r, scores: scoresOf(r) }));
      return [reply(assessHistoryMessage(shown, rows.length > HISTORY_SIZE))];
    }
    const previous = latestAssessment(db, actor.workspaceId, actor.channelId);
    return [{ type: 'openModal', view: assessModal({ channelId: actor.channelId }, previous && scoresOf(previous)) }];
  },
});

function scoresOf(row: Scores): Scores {
  return {
    coupling: row.coupling,
    teamSize: row.teamSize,
    automation: row.automation,
    riskTolerance: row.riskTolerance,
    timeline: row.timeline,
    dualRunningCost: row.dualRunningCost,
  };
}

/** What a submitted assess modal holds, as Slack sends `view.state.values`. */
export type ViewValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

export type AssessSubmission = { errors: Record<string, string> } | { effects: Effect[] };

/** Validates every input; on any error nothing is stored and each bad block gets its message. */
export function submitAssessment(deps: Deps, actor: Actor, values: ViewValues): AssessSubmission {
  const errors: Record<string, string> = {};
  const scores: Partial<Scores> = {};
  for (const criterion of CRITERIA) {
    const raw = values[criterion]?.score?.selected_option?.value;
    const parsed = zScore.safeParse(raw ?? undefined);
    if (raw === undefined || raw === null || !parsed.success) {
      errors[criterion] = raw == null ? 'Pick a score from 1 to 5.' : 'Scores run from 1 to 5.';
    } else {
      scores[criterion] = parsed.data;
    }
  }
  const noteRaw = values.note?.note_input?.value ?? null;
  const note = noteRaw?.trim() ? noteRaw.trim() : null;
  if (note && note.length > NOTE_MAX) errors.note = `Keep the context under ${NOTE_MAX} characters.`;
  if (Object.keys(errors).length > 0) return { errors };

  const result = assess(scores as Scores);
  const at = deps.now();
  deps.store.db.transaction((tx) => {
    insertAssessment(tx, { ...actor, note, createdAt: at }, result);
  });
  deps.logger.info(
    `[cmd:assess][${actor.workspaceId}] stored ${result.outcome} (${result.total}) for ${actor.channelId}`,
  );
  const message = assessResultMessage({ result, userId: actor.userId, at, note });
  return { effects: [{ type: 'post', channel: actor.channelId, message, fallbackDmTo: actor.userId }] };
}
