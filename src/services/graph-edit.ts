// What the hand edits of the graph (depend, undepend, remove) share: their arguments, the re-plan in
// the same transaction, and the channel post that says what changed.

import { z } from 'zod';
import type { Actor, Deps } from '../deps.ts';
import type { MovedService } from '../domain/contradictions.ts';
import { DEPENDENCY_KINDS, type DependencyKind, type ServiceState } from '../domain/model.ts';
import type { PlanOutcome } from '../domain/plan-changes.ts';
import type { Effect } from '../slack/effect.ts';
import { escapeCode, escapeInline, truncate } from '../slack/escape.ts';
import type { Db } from '../store/db.ts';
import type { ServiceRow } from '../store/graph.ts';
import { cutoverTimes, lastPlannedSlots } from '../store/graph-edits.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { currentPlan } from '../store/plans.ts';
import { replanInTx } from './planning.ts';
import { requireChangeable, resolveMigration } from './scope.ts';
import { findService } from './targets.ts';

export const RIGHT = 'change its dependency graph';

/** States in which a service has cut over: what a new dependency is checked against. */
export const MOVED_STATES: readonly ServiceState[] = ['cutover', 'monitoring', 'done'];

export const svc = (name: string) => `*${escapeInline(name)}*`;

export const edgeArgs = (command: string, withKind: boolean) =>
  z.array(z.string()).transform((words, ctx) => {
    const [from, on, to, kindWord, ...extra] = words;
    const shape = withKind ? '`<a> on <b> [kind]`' : '`<a> on <b>`';
    if (!from || !to || on?.toLowerCase() !== 'on' || extra.length > 0 || (!withKind && kindWord !== undefined)) {
      ctx.addIssue({ code: 'custom', message: `takes ${shape}, e.g. \`${command} orders on billing\`` });
      return z.NEVER;
    }
    const kind = (kindWord ?? 'sync').toLowerCase();
    if (!(DEPENDENCY_KINDS as readonly string[]).includes(kind)) {
      ctx.addIssue({
        code: 'custom',
        message: `does not know the kind \`${escapeCode(kindWord ?? '')}\`: it is one of ${DEPENDENCY_KINDS.join(', ')}`,
      });
      return z.NEVER;
    }
    return { from, to, kind: kind as DependencyKind };
  });

export type EdgeArgs = { from: string; to: string; kind: DependencyKind };

/** The migration a hand edit acts on, checked for the actor's rights, and the edge's two services. */
export function edgeEnds(deps: Deps, actor: Actor, input: { migration: string | null; args: EdgeArgs }) {
  const migration = resolveMigration(deps, actor, input.migration);
  requireChangeable(deps, migration, actor, RIGHT);
  const { db } = deps.store;
  return {
    migration,
    from: findService(db, migration, input.args.from),
    to: findService(db, migration, input.args.to),
  };
}

export function plannedOutcome(tx: Db, migration: MigrationRow, actorId: string, now: Date): PlanOutcome {
  if (!currentPlan(tx, migration)) return { kind: 'none' };
  const result = replanInTx(tx, migration, actorId, now);
  return result ? { kind: 'replanned', version: result.row.version, changes: result.changes } : { kind: 'none' };
}

/** One section per paragraph, so ten warnings and a plan summary never crowd one 3,000-character section. */
export function post(migration: MigrationRow, actor: Actor, lines: readonly string[]): Effect {
  return {
    type: 'post',
    channel: migration.channelId,
    message: {
      text: truncate(lines.join('\n'), 3000),
      blocks: lines.map((line) => ({
        type: 'section' as const,
        text: { type: 'mrkdwn' as const, text: truncate(line, 3000) },
      })),
    },
    fallbackDmTo: actor.userId,
  };
}

/**
 * What has already moved, for checking a new dependency against: services that reached cutover or
 * later, ordered by when they entered cutover (the execution slice audits it; else when their state
 * last changed), with the batch they moved in (from the newest plan version that lists them).
 */
export function movedHistory(tx: Db, migration: MigrationRow, services: readonly ServiceRow[]) {
  const moved = services.filter((s) => MOVED_STATES.includes(s.state));
  const times = cutoverTimes(tx, migration);
  const slots = lastPlannedSlots(
    tx,
    migration,
    moved.map((s) => s.id),
  );
  const batchOf = new Map<string, number>();
  const history: MovedService[] = moved.map((s) => {
    const slot = slots.get(s.id);
    if (slot?.batch != null) batchOf.set(s.name, slot.batch);
    // Batch numbers restart with each plan version: key them by version so only one batch matches.
    const batch = slot?.batch != null ? slot.version * 1_000_000 + slot.batch : null;
    return { service: s.name, movedAt: (times.get(s.id) ?? s.stateChangedAt).getTime(), batch };
  });
  return { history, batchOf };
}
