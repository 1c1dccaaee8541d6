// `/migrate plan [sequential|parallel|hybrid] [leaf-first|providers-first]`: (re)plans what remains,
// stores a new version, and posts it with the three-way comparison. Non-leads see the current plan.

import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import { compareStrategies } from '../src/domain/estimates.ts';
import {
  PLAN_DIRECTIONS,
  type PlanDirection,
  type ServiceGraph,
  STRATEGIES,
  type Strategy,
} from '../src/domain/model.ts';
import { reviewPlan } from '../src/domain/plan-review.ts';
import type { Plan } from '../src/domain/planner.ts';
import { SETTING_KEYS, type SettingKey, withDefaults } from '../src/domain/settings.ts';
import { plural, similarNames } from '../src/domain/words.ts';
import { NotFoundError } from '../src/errors.ts';
import { commit, outboxContext } from '../src/services/commit.ts';
import { auditPlan, replanInTx, storedToPlan } from '../src/services/planning.ts';
import { isLead, requireChangeable, requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeCode, escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { section } from '../src/slack/views/blocks.ts';
import { type PlanView, planMessage, planThread } from '../src/slack/views/plan-message.ts';
import { appendAudit } from '../src/store/audit.ts';
import { loadGraph, type ServiceRow } from '../src/store/graph.ts';
import { type MigrationRow, updateMigration } from '../src/store/migrations.ts';
import { currentPlan } from '../src/store/plans.ts';

const zArgs = z.array(z.string()).transform((words, ctx) => {
  let strategy: Strategy | null = null;
  let direction: PlanDirection | null = null;
  for (const word of words.map((w) => w.toLowerCase())) {
    if ((STRATEGIES as readonly string[]).includes(word)) strategy = word as Strategy;
    else if ((PLAN_DIRECTIONS as readonly string[]).includes(word)) direction = word as PlanDirection;
    else {
      const near = similarNames(word, [...STRATEGIES, ...PLAN_DIRECTIONS])[0];
      ctx.addIssue({
        code: 'custom',
        message: `does not know \`${escapeCode(word)}\`${near ? ` (did you mean \`${near}\`?)` : ''}: it takes sequential, parallel or hybrid, and leaf-first or providers-first`,
      });
      return z.NEVER;
    }
  }
  return { strategy, direction };
});

function ownerDisplay(s: ServiceRow): string | null {
  if (!s.owner) return null;
  return s.ownerKind === 'user' ? `${mentionUser(s.owner)}` : escapeInline(s.owner);
}

function view(
  migration: MigrationRow,
  services: ServiceRow[],
  fullGraph: ServiceGraph,
  plan: Plan,
  meta: Pick<PlanView, 'version' | 'changes' | 'previousVersion' | 'startedCount' | 'by'>,
): PlanView {
  // The comparison covers what remains, like the plan.
  const remaining = new Set(plan.entries.map((e) => e.service));
  const graph: ServiceGraph = {
    services: fullGraph.services.filter((s) => remaining.has(s.name)),
    edges: fullGraph.edges.filter((e) => remaining.has(e.from) && remaining.has(e.to)),
  };
  const settings = withDefaults(migration.settings);
  const teamKeys = new Set(SETTING_KEYS.filter((k) => k in migration.settings)) as Set<SettingKey>;
  const comparison = compareStrategies(graph, settings, teamKeys, migration.direction);
  return {
    migrationName: migration.name,
    plan,
    comparison,
    warnings: reviewPlan({ plan, graph, comparison }),
    owners: new Map(services.flatMap((s) => (ownerDisplay(s) ? [[s.name, ownerDisplay(s) as string] as const] : []))),
    ...meta,
  };
}

export const planCommand = defineCommand({
  name: 'plan',
  usage: 'plan [sequential|parallel|hybrid] [leaf-first|providers-first]',
  summary: 'order or batch the services and compare the three strategies; leads re-plan what remains',
  args: scoped(zArgs),
  async run(deps: Deps, actor: Actor, input: { migration: string | null; args: z.infer<typeof zArgs> }) {
    const migration = resolveMigration(deps, actor, input.migration);
    const { strategy, direction } = input.args;
    const changing = strategy !== null || direction !== null;
    if (!changing && (!isLead(deps, migration, actor.userId) || migration.status !== 'active')) {
      return showPlan(deps, actor, migration);
    }
    requireChangeable(deps, migration, actor, 're-plan it');
    return replanAndPost(deps, actor, migration, strategy, direction);
  },
});

/** The current plan, privately, for anyone who may read the migration; it never re-plans (the Home tab's Plan button). */
export async function showPlan(deps: Deps, actor: Actor, migration: MigrationRow): Promise<Effect[]> {
  await requireReader(deps, migration, actor);
  return showCurrent(deps, migration);
}

/** A private answer goes through the command's response_url, which Slack takes at most 5 times. */
const MAX_PRIVATE_REPLIES = 5;

function showCurrent(deps: Deps, migration: MigrationRow): Effect[] {
  const stored = currentPlan(deps.store.db, migration);
  if (!stored) throw new NotFoundError({ kind: 'no-plan', migration: migration.name });
  const { services, graph } = loadGraph(deps.store.db, migration);
  const plan = storedToPlan(stored);
  const v = view(migration, services, graph, plan, {
    version: stored.plan.version,
    changes: [],
    previousVersion: null,
    startedCount: 0,
    by: stored.plan.createdBy,
  });
  const all = [planMessage(v), ...planThread(v)];
  const more = all.length - (MAX_PRIVATE_REPLIES - 1);
  const note = `…and ${plural(more, 'more part')}: the whole list is in the thread of the plan posted in <#${migration.channelId}>.`;
  const messages =
    all.length <= MAX_PRIVATE_REPLIES
      ? all
      : [...all.slice(0, MAX_PRIVATE_REPLIES - 1), { text: note, blocks: [section(note)] }];
  return messages.map((message) => ({ type: 'reply' as const, message }));
}

function replanAndPost(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  strategy: Strategy | null,
  direction: PlanDirection | null,
): Effect[] {
  const now = deps.now();
  let noServices = false;
  // The plan and its announcement commit together (the transaction below nests in this one).
  const effects = commit(deps, outboxContext(migration), (): Effect[] => {
    const result = deps.store.db.transaction((tx) => {
      const next = {
        ...migration,
        strategy: strategy ?? migration.strategy,
        direction: direction ?? migration.direction,
      };
      if (next.strategy !== migration.strategy || next.direction !== migration.direction) {
        updateMigration(tx, migration, { strategy: next.strategy, direction: next.direction });
        appendAudit(tx, {
          workspaceId: actor.workspaceId,
          migrationId: migration.id,
          actor: actor.userId,
          action: 'strategy.change',
          fromValue: `${migration.strategy} ${migration.direction}`,
          toValue: `${next.strategy} ${next.direction}`,
          createdAt: now,
        });
      }
      const replanned = replanInTx(tx, next, actor.userId, now);
      if (replanned) {
        auditPlan(tx, next, actor.userId, replanned, now);
      }
      return replanned ? { replanned, next } : null;
    });
    if (!result) {
      // A strategy changed meanwhile stays changed, as before: only then is the person told.
      noServices = true;
      return [];
    }
    const { replanned, next } = result;
    const { graph } = loadGraph(deps.store.db, next);
    const v = view(next, replanned.services, graph, replanned.plan, {
      version: replanned.row.version,
      changes: replanned.changes,
      previousVersion: replanned.previousVersion,
      startedCount: replanned.started.length,
      by: actor.userId,
    });
    return [
      {
        type: 'post',
        channel: migration.channelId,
        message: planMessage(v),
        thread: planThread(v),
        fallbackDmTo: actor.userId,
      },
    ];
  });
  if (noServices) throw new NotFoundError({ kind: 'no-services', migration: migration.name });
  return effects;
}
