// Changing the graph by hand mid-migration: `depend <a> on <b> [kind]` (a dependency found late),
// `undepend <a> on <b>`, `remove <service>` (asks first when the service is under way). Each change is
// one transaction with its audit row and the re-plan, so the plan never lags the graph.
import { z } from 'zod';
import { hasPath, indexGraph } from '../src/domain/graph.ts';
import { isStarted, STATE_LABELS } from '../src/domain/lifecycle.ts';
import { DEPENDENCY_KINDS, type DependencyKind, type ServiceState } from '../src/domain/model.ts';
import { contradictions, type MovedService } from '../src/domain/plan-changes.ts';
import { badArguments, conflict, notFound } from '../src/errors.ts';
import { escapeCode, escapeInline, truncate } from '../src/slack/escape.ts';
import { planSummary } from '../src/slack/views/import-report.ts';
import { appendAudit } from '../src/store/audit.ts';
import type { Db } from '../src/store/db.ts';
import { edgesOf, loadGraph, type ServiceRow, serviceByName, servicesOf } from '../src/store/graph.ts';
import {
  addManualDependency,
  cutoverTimes,
  dependencyCount,
  lastPlannedSlots,
  removeDependencies,
  removeService,
} from '../src/store/graph-edits.ts';
import { type MigrationRow, migrationById, updateMigration } from '../src/store/migrations.ts';
import { currentPlan } from '../src/store/plans.ts';
import { askToConfirm, defineConfirmation } from './confirm.ts';
import type { PlanOutcome } from './import-apply.ts';
import { replanInTx } from './planning.ts';
import { requireChangeable, resolveMigration, scoped } from './scope.ts';
import { type Actor, defineCommand, type Effect, reply } from './types.ts';

const RIGHT = 'change its dependency graph';
/** States in which a service has cut over: what a new dependency is checked against. */
const MOVED_STATES: readonly ServiceState[] = ['cutover', 'monitoring', 'done'];

const svc = (name: string) => `*${escapeInline(name)}*`;

/** Edits between two names, to keep suggestions to near misses. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Up to three known names close to `raw`: containing it, or a few typos away; nearest first. */
export function similarNames(raw: string, names: readonly string[]): string[] {
  const want = raw.toLowerCase();
  const limit = Math.max(2, Math.floor(want.length / 3));
  return names
    .map((name) => {
      const n = name.toLowerCase();
      const d = n.includes(want) || want.includes(n) ? 0.5 : distance(want, n);
      return { name, d };
    })
    .filter((c) => c.d <= limit)
    .sort((x, y) => x.d - y.d || (x.name < y.name ? -1 : 1))
    .slice(0, 3)
    .map((c) => c.name);
}

/** The service called `raw` (exactly, else ignoring case), or a refusal that offers the closest names. */
export function findService(db: Db, migration: MigrationRow, raw: string): ServiceRow {
  const exact = serviceByName(db, migration, raw);
  if (exact) return exact;
  const names = servicesOf(db, migration).map((s) => s.name);
  const folded = names.find((n) => n.toLowerCase() === raw.toLowerCase());
  if (folded) return serviceByName(db, migration, folded) as ServiceRow;
  if (names.length === 0) {
    throw notFound(
      `*${escapeInline(migration.name)}* has no services yet: a lead loads them with \`/migrate import\`.`,
    );
  }
  const near = similarNames(raw, names).map((n) => `\`${escapeCode(n)}\``);
  const hint = near.length ? ` Did you mean ${near.join(' or ')}?` : '';
  throw notFound(`There is no service \`${escapeCode(raw)}\` in *${escapeInline(migration.name)}*.${hint}`);
}

const edgeArgs = (command: string, withKind: boolean) =>
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

type EdgeArgs = { from: string; to: string; kind: DependencyKind };

function plannedOutcome(tx: Db, migration: MigrationRow, actorId: string, now: Date): PlanOutcome {
  if (!currentPlan(tx, migration)) return { kind: 'none' };
  const result = replanInTx(tx, migration, actorId, now);
  return result ? { kind: 'replanned', version: result.row.version, changes: result.changes } : { kind: 'none' };
}

/** One section per paragraph, so ten warnings and a plan summary never crowd one 3,000-character section. */
function post(migration: MigrationRow, actor: Actor, lines: readonly string[]): Effect {
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
function movedHistory(tx: Db, migration: MigrationRow, services: readonly ServiceRow[]) {
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

export const dependCommand = defineCommand({
  name: 'depend',
  usage: 'depend <a> on <b> [sync|async|shared-db|shared-cache|endpoint]',
  summary: 'record that a depends on b (found mid-migration); re-plans and warns if it contradicts what moved',
  args: scoped(edgeArgs('depend', true)),
  run(deps, actor, input: { migration: string | null; args: EdgeArgs }): Effect[] {
    const migration = resolveMigration(deps, actor, input.migration);
    requireChangeable(deps, migration, actor, RIGHT);
    const { db } = deps.store;
    const from = findService(db, migration, input.args.from);
    const to = findService(db, migration, input.args.to);
    const { kind } = input.args;
    if (from.id === to.id) {
      throw badArguments(`A service cannot depend on itself: ${svc(from.name)} needs another service after \`on\`.`);
    }
    const now = deps.now();
    const outcome = db.transaction((tx) => {
      const same = edgesOf(tx, migration).find((e) => e.fromId === from.id && e.toId === to.id && e.kind === kind);
      if (same) return { added: false as const, origin: same.format ?? same.origin };
      const before = loadGraph(tx, migration);
      const closesCycle = hasPath(indexGraph(before.graph), to.name, from.name);
      addManualDependency(tx, migration, {
        fromId: from.id,
        toId: to.id,
        kind,
        hidden: false,
        userId: actor.userId,
        now,
      });
      updateMigration(tx, migration, { graphChangedAt: now });
      appendAudit(tx, {
        workspaceId: migration.workspaceId,
        migrationId: migration.id,
        serviceId: from.id,
        serviceName: from.name,
        actor: actor.userId,
        action: 'dependency.add',
        toValue: to.name,
        detail: { kind, provider: to.name },
        createdAt: now,
      });
      const after = loadGraph(tx, migration);
      const { history, batchOf } = movedHistory(tx, migration, after.services);
      const found = contradictions(after.graph, history, {
        direction: migration.direction,
        added: { from: from.name, to: to.name, kind },
      });
      const warnings = found.map((c) => {
        if (c.kind !== 'moved-together') return `:warning: Warning: ${escapeInline(c.message)}`;
        const batch = batchOf.get(c.consumer);
        const where = batch !== undefined && batchOf.get(c.provider) === batch ? ` in batch ${batch}` : '';
        const through = c.consumer === from.name && c.provider === to.name ? '' : ' (through the new dependency)';
        return `:warning: Warning: ${svc(c.consumer)} and ${svc(c.provider)} were cut over together${where}, but ${svc(c.consumer)} depends on ${svc(c.provider)}${through}.`;
      });
      return { added: true as const, closesCycle, warnings, plan: plannedOutcome(tx, migration, actor.userId, now) };
    });
    if (!outcome.added) {
      return [
        reply({
          text: `${svc(from.name)} already depends on ${svc(to.name)} (${kind}, known from ${escapeInline(outcome.origin)}); nothing changed.`,
        }),
      ];
    }
    const lines = [
      `<@${actor.userId}> recorded that ${svc(from.name)} depends on ${svc(to.name)} (${kind}) in *${escapeInline(migration.name)}*.`,
    ];
    if (outcome.closesCycle) {
      lines.push(
        `${svc(to.name)} already depended on ${svc(from.name)}, so this closes a cycle: they now move together as one group.`,
      );
    }
    lines.push(...outcome.warnings.slice(0, 10));
    if (outcome.warnings.length > 10) lines.push(`…and ${outcome.warnings.length - 10} more contradictions.`);
    lines.push(planSummary(outcome.plan, '(`/migrate plan` shows the whole plan)'));
    return [post(migration, actor, lines)];
  },
});

export const undependCommand = defineCommand({
  name: 'undepend',
  usage: 'undepend <a> on <b>',
  summary: 'remove every dependency of a on b (any kind or origin); re-plans',
  args: scoped(edgeArgs('undepend', false)),
  run(deps, actor, input: { migration: string | null; args: EdgeArgs }): Effect[] {
    const migration = resolveMigration(deps, actor, input.migration);
    requireChangeable(deps, migration, actor, RIGHT);
    const { db } = deps.store;
    const from = findService(db, migration, input.args.from);
    const to = findService(db, migration, input.args.to);
    const now = deps.now();
    const outcome = db.transaction((tx) => {
      const removed = removeDependencies(tx, migration, from.id, to.id);
      if (removed.length === 0) {
        const reverse = edgesOf(tx, migration).some((e) => e.fromId === to.id && e.toId === from.id);
        return { removed, reverse, plan: null };
      }
      updateMigration(tx, migration, { graphChangedAt: now });
      appendAudit(tx, {
        workspaceId: migration.workspaceId,
        migrationId: migration.id,
        serviceId: from.id,
        serviceName: from.name,
        actor: actor.userId,
        action: 'dependency.remove',
        fromValue: to.name,
        detail: { provider: to.name, removed },
        createdAt: now,
      });
      return { removed, reverse: false, plan: plannedOutcome(tx, migration, actor.userId, now) };
    });
    if (outcome.plan === null) {
      const reverse = outcome.reverse
        ? ` (${svc(to.name)} depends on ${svc(from.name)}, though: \`/migrate undepend ${escapeInline(to.name)} on ${escapeInline(from.name)}\`)`
        : '';
      return [
        reply({ text: `${svc(from.name)} does not depend on ${svc(to.name)} directly${reverse}; nothing changed.` }),
      ];
    }
    const what = outcome.removed.map((r) => `${r.kind}, ${r.origin}`).join('; ');
    const lines = [
      `<@${actor.userId}> removed the dependency of ${svc(from.name)} on ${svc(to.name)} (${what}) in *${escapeInline(migration.name)}*.`,
    ];
    if (outcome.removed.some((r) => r.origin !== 'manual')) {
      lines.push('It came from an import: importing a file or traces that list it again brings it back.');
    }
    lines.push(planSummary(outcome.plan, '(`/migrate plan` shows the whole plan)'));
    return [post(migration, actor, lines)];
  },
});

/** Removes a service inside the caller's transaction: audit, graph mark and re-plan included. */
function removeInTx(
  tx: Db,
  actor: Actor,
  migration: MigrationRow,
  service: ServiceRow,
  now: Date,
  onlyIfNotStarted: boolean,
): Effect[] | null {
  const dependencies = dependencyCount(tx, migration, service.id);
  if (!removeService(tx, migration, service.id, onlyIfNotStarted)) return null;
  updateMigration(tx, migration, { graphChangedAt: now });
  appendAudit(tx, {
    workspaceId: migration.workspaceId,
    migrationId: migration.id,
    serviceId: service.id,
    serviceName: service.name,
    actor: actor.userId,
    action: 'service.remove',
    fromValue: service.state,
    detail: { dependencies },
    createdAt: now,
  });
  const plan = plannedOutcome(tx, migration, actor.userId, now);
  const state = isStarted(service.state) ? ` while it was *${STATE_LABELS[service.state]}*` : '';
  const lines = [
    `<@${actor.userId}> removed ${svc(service.name)} from *${escapeInline(migration.name)}*${state}, with its ${dependencies} dependenc${dependencies === 1 ? 'y' : 'ies'}. Importing a file that lists it brings it back.`,
    planSummary(plan, '(`/migrate plan` shows the whole plan)'),
  ];
  return [post(migration, actor, lines)];
}

export const removeServiceConfirmation = defineConfirmation({
  kind: 'remove-service',
  payload: z.object({ migrationId: z.number().int(), serviceId: z.number().int(), name: z.string() }),
  run(deps, actor, { migrationId, serviceId, name }): Effect[] {
    const { db } = deps.store;
    const migration = migrationById(db, actor.workspaceId, migrationId);
    if (migration?.status !== 'active') throw conflict('That migration is archived now; nothing changed.');
    const service = serviceByName(db, migration, name);
    if (!service || service.id !== serviceId) throw conflict(`${svc(name)} was already removed; nothing changed.`);
    const effects = removeInTx(db, actor, migration, service, deps.now(), false);
    if (!effects) throw conflict(`${svc(name)} was already removed; nothing changed.`);
    return effects;
  },
});

export const removeCommand = defineCommand({
  name: 'remove',
  usage: 'remove <service>',
  summary: 'drop a service and its dependencies from the graph (asks first if it has started); re-plans',
  args: scoped(
    z
      .array(z.string())
      .length(1, { error: 'takes one service name, e.g. `remove legacy-reports`' })
      .transform(([name]) => ({ name: name as string })),
  ),
  run(deps, actor, input: { migration: string | null; args: { name: string } }): Effect[] {
    const migration = resolveMigration(deps, actor, input.migration);
    requireChangeable(deps, migration, actor, RIGHT);
    const { db } = deps.store;
    const service = findService(db, migration, input.args.name);
    if (isStarted(service.state)) {
      const dependencies = dependencyCount(db, migration, service.id);
      return [
        askToConfirm(
          deps,
          actor,
          removeServiceConfirmation,
          { migrationId: migration.id, serviceId: service.id, name: service.name },
          `Remove ${svc(service.name)} from *${escapeInline(migration.name)}*? It is already under way (*${STATE_LABELS[service.state]}*).`,
          `Its ${dependencies} dependenc${dependencies === 1 ? 'y goes' : 'ies go'} with it and the rest is re-planned without it; its history stays in the audit log. Whatever runs on either platform is for the team to wind down.`,
        ),
      ];
    }
    const now = deps.now();
    const effects = db.transaction((tx) => removeInTx(tx, actor, migration, service, now, true));
    if (!effects) throw conflict(`${svc(service.name)} started or went meanwhile; run the command again.`);
    return effects;
  },
});
