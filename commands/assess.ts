// `/migrate assess`: the decision checklist as a modal; `/migrate assess history`: the channel's last 10.
// In a channel whose migration already runs, a result that suggests another strategy comes with a
// button for its leads to switch to it (asked first, audited, then re-planned).
import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import { assess, CRITERIA, type Scores, zScore } from '../src/domain/checklist.ts';
import { STRATEGIES } from '../src/domain/model.ts';
import type { PlanOutcome } from '../src/domain/plan-changes.ts';
import { askToConfirm, defineConfirmation } from '../src/services/confirmations.ts';
import { auditPlan, replanInTx } from '../src/services/planning.ts';
import { activeMigrationById, isLead, leadIds, requireLead } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { assessModal, NOTE_MAX } from '../src/slack/views/assess-modal.ts';
import { assessHistoryMessage, assessResultMessage } from '../src/slack/views/assess-result.ts';
import { planSummary } from '../src/slack/views/import-report.ts';
import { insertAssessment, latestAssessment, linkAssessment, recentAssessments } from '../src/store/assessments.ts';
import { appendAudit } from '../src/store/audit.ts';
import { activeMigration, type MigrationRow, updateMigration } from '../src/store/migrations.ts';
import { currentPlan } from '../src/store/plans.ts';

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
  const { db } = deps.store;
  const stored = db.transaction((tx) => insertAssessment(tx, { ...actor, note, createdAt: at }, result));
  deps.logger.info(
    `[cmd:assess][${actor.workspaceId}] stored ${result.outcome} (${result.total}) for ${actor.channelId}`,
  );
  const active = activeMigration(db, actor.workspaceId, actor.channelId);
  const migration = active && {
    id: active.id,
    name: active.name,
    strategy: active.strategy,
    leads: [...new Set(leadIds(deps, active))],
    actorLeads: isLead(deps, active, actor.userId),
    switchValue: JSON.stringify({
      migrationId: active.id,
      assessmentId: stored.id,
      strategy: result.outcome,
      total: result.total,
    }),
  };
  const message = assessResultMessage({ result, userId: actor.userId, at, note, migration });
  return { effects: [{ type: 'post', channel: actor.channelId, message, fallbackDmTo: actor.userId }] };
}

export const zSwitchValue = z.object({
  migrationId: z.number().int().positive(),
  assessmentId: z.number().int().positive(),
  strategy: z.enum(STRATEGIES),
  total: z.number().int().min(6).max(30),
});
type SwitchValue = z.infer<typeof zSwitchValue>;

const RIGHT = 'switch its strategy';
const alreadyUses = (migration: MigrationRow): Effect =>
  reply({
    text: `*${escapeInline(migration.name)}* already uses the *${migration.strategy}* strategy; nothing to switch.`,
  });

export const switchStrategyConfirmation = defineConfirmation({
  kind: 'switch-strategy',
  payload: zSwitchValue,
  run(deps, actor, value: SwitchValue): Effect[] {
    const migration = activeMigrationById(deps, actor, value.migrationId);
    requireLead(deps, migration, actor, RIGHT);
    if (migration.strategy === value.strategy) return [alreadyUses(migration)];
    const { db } = deps.store;
    const now = deps.now();
    const total = ` of ${value.total}/30`;
    const next = { ...migration, strategy: value.strategy };
    updateMigration(db, migration, { strategy: value.strategy });
    linkAssessment(db, actor.workspaceId, value.assessmentId, migration.id);
    appendAudit(db, {
      workspaceId: actor.workspaceId,
      migrationId: migration.id,
      actor: actor.userId,
      action: 'strategy.change',
      fromValue: migration.strategy,
      toValue: value.strategy,
      reason: `following the checklist result${total}`,
      detail: { via: 'assess', assessmentId: value.assessmentId },
      createdAt: now,
    });
    let plan: PlanOutcome = { kind: 'none' };
    const replanned = currentPlan(db, migration) ? replanInTx(db, next, actor.userId, now) : null;
    if (replanned) {
      plan = { kind: 'replanned', version: replanned.row.version, changes: replanned.changes };
      auditPlan(db, next, actor.userId, replanned, now);
    }
    const head = `<@${actor.userId}> switched *${escapeInline(migration.name)}* from *${migration.strategy}* to *${value.strategy}*, following the checklist result${total}.`;
    const text = `${head}\n${planSummary(plan, '(`/migrate plan` shows the whole plan)')}`;
    return [{ type: 'post', channel: migration.channelId, message: { text }, fallbackDmTo: actor.userId }];
  },
});

/** The result's "Switch" button: leads are asked to confirm; anyone else is told who can. */
export function offerStrategySwitch(deps: Deps, actor: Actor, value: SwitchValue): Effect[] {
  const migration = activeMigrationById(deps, actor, value.migrationId);
  requireLead(deps, migration, actor, RIGHT);
  if (migration.strategy === value.strategy) return [alreadyUses(migration)];
  return [
    askToConfirm(
      deps,
      actor,
      switchStrategyConfirmation,
      value,
      `Switch *${escapeInline(migration.name)}* from *${migration.strategy}* to *${value.strategy}* and re-plan?`,
      'Services already under way keep their place; the rest are planned again with the new strategy. The switch is recorded in `/migrate log`.',
    ),
  ];
}
