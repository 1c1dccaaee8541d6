// `/migrate status [<service>|batch N]`: where things stand, for anyone in the channel.

import { z } from 'zod';
import type { Deps } from '../src/deps.ts';
import { isCritical } from '../src/domain/approval.ts';
import { ACTION_COMMANDS, allowedActions, isInFlight } from '../src/domain/lifecycle.ts';
import { SERVICE_STATES, type ServiceState } from '../src/domain/model.ts';
import { runbookProgress } from '../src/domain/runbook.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { nextInPlan } from '../src/domain/wip.ts';
import { NotFoundError } from '../src/errors.ts';
import { requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { entryOf, findService, ownerText, type Target, wipEntries } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import {
  batchStatusMessage,
  type StatusLine,
  serviceStatusMessage,
  statusOverviewMessage,
} from '../src/slack/views/status-message.ts';
import { approversOf, latestRequests } from '../src/store/approvals.ts';
import { edgesOf, type ServiceLine, serviceLinesOf } from '../src/store/graph.ts';
import { type EffectivePlan, effectivePlan } from '../src/store/lifecycle.ts';
import type { MigrationRow } from '../src/store/migrations.ts';
import { failedDeliveries } from '../src/store/outbox.ts';
import { cachedRead } from '../src/store/read-cache.ts';
import { runbookSteps } from '../src/store/runbooks.ts';

const zArgs = z.array(z.string()).transform((words, ctx): Target | null => {
  if (words.length === 0) return null;
  const [first, second] = words;
  if (first?.toLowerCase() === 'batch') {
    const batch = Number(second);
    if (!Number.isInteger(batch) || batch < 1 || words.length > 2) {
      ctx.addIssue({ code: 'custom', message: '`batch` needs the batch number, e.g. `status batch 2`' });
      return z.NEVER;
    }
    return { kind: 'batch', batch };
  }
  if (words.length > 1 || !first) {
    ctx.addIssue({ code: 'custom', message: 'takes one service or `batch N`' });
    return z.NEVER;
  }
  return { kind: 'service', name: first };
});

function slotOf(plan: EffectivePlan, id: number): string | null {
  const e = entryOf(plan, id);
  if (!e) return null;
  const slot = e.batch !== null ? `batch ${e.batch}` : e.step !== null ? `step ${e.step}` : `position ${e.position}`;
  return e.carried ? `${slot} of plan v${e.planVersion}` : slot;
}

function lineOf(plan: EffectivePlan, s: ServiceLine): StatusLine {
  return {
    name: s.name,
    state: s.state,
    since: s.stateChangedAt,
    owner: ownerText(s),
    slot: slotOf(plan, s.id),
    flagEnabled: s.flagEnabled,
  };
}

const ORDER = (a: ServiceLine, b: ServiceLine) =>
  SERVICE_STATES.indexOf(b.state) - SERVICE_STATES.indexOf(a.state) || (a.name < b.name ? -1 : 1);

function overview(deps: Deps, migration: MigrationRow): Effect {
  const { db } = deps.store;
  const services = serviceLinesOf(db, migration);
  const plan = effectivePlan(db, migration);
  const counts = Object.fromEntries(SERVICE_STATES.map((s) => [s, 0])) as Record<ServiceState, number>;
  for (const s of services) counts[s.state] += 1;
  const states = Object.fromEntries(services.map((s) => [s.name, s.state]));
  const next = nextInPlan(migration.strategy, wipEntries(plan), states).flatMap((n) => n.services);
  const inFlight = services.filter((s) => isInFlight(s.state)).sort(ORDER);
  const pending = latestRequests(
    db,
    migration,
    inFlight.map((s) => s.id),
  ).filter((r) => r.status === 'pending').length;
  return reply(
    statusOverviewMessage({
      migrationName: migration.name,
      strategy: migration.strategy,
      planVersion: plan.version,
      counts,
      inFlight: inFlight.map((s) => lineOf(plan, s)),
      rolledBack: services.filter((s) => s.state === 'rolled_back').map((s) => lineOf(plan, s)),
      pendingRequests: pending,
      next,
      // Channel messages only: a DM that did not go out concerns one person, not the readers of status.
      undelivered: failedDeliveries(db, migration.workspaceId, migration.id)
        .filter((r) => !/^[UW]/.test(r.lane))
        .map((r) => ({ channel: r.lane, error: r.error ?? 'unknown_error' })),
    }),
  );
}

function batchStatus(deps: Deps, migration: MigrationRow, batch: number): Effect {
  const plan = effectivePlan(deps.store.db, migration);
  const ids = new Set(plan.entries.filter((e) => !e.carried && e.batch === batch).map((e) => e.serviceId));
  if (ids.size === 0) throw new NotFoundError({ kind: 'plan-batch', batch });
  const members = serviceLinesOf(deps.store.db, migration)
    .filter((s) => ids.has(s.id))
    .sort(ORDER);
  return reply(
    batchStatusMessage({ migrationName: migration.name, batch, members: members.map((s) => lineOf(plan, s)) }),
  );
}

function serviceStatus(deps: Deps, migration: MigrationRow, name: string): Effect {
  const { db } = deps.store;
  const service = findService(deps.store.db, migration, name);
  const plan = effectivePlan(db, migration);
  const byId = new Map(serviceLinesOf(db, migration).map((s) => [s.id, s]));
  const edges = edgesOf(db, migration);
  const related = (ids: number[]) =>
    [...new Set(ids)]
      .map((id) => byId.get(id))
      .filter((s) => s !== undefined)
      .map((s) => ({ name: s.name, state: s.state }));
  const steps = runbookSteps(db, service.id);
  const progress = runbookProgress(steps);
  const request = latestRequests(db, migration, [service.id])[0];
  return reply(
    serviceStatusMessage({
      migrationName: migration.name,
      line: lineOf(plan, service),
      tier: service.tier,
      critical: isCritical(service, withDefaults(migration.settings)),
      blastRadius: entryOf(plan, service.id)?.blastRadius ?? null,
      monitoringEndsAt: service.state === 'monitoring' ? service.monitoringEndsAt : null,
      rehearsalMinutes: service.rehearsalMinutes,
      runbook: steps.length ? { ...progress, openValidation: progress.openValidation.map((s) => s.key) } : null,
      dependsOn: related(edges.filter((e) => e.fromId === service.id).map((e) => e.toId)),
      usedBy: related(edges.filter((e) => e.toId === service.id).map((e) => e.fromId)),
      request: request
        ? { status: request.status, approvals: new Set(approversOf(db, request.id)).size, required: request.required }
        : null,
      actions: allowedActions(service.state)
        .filter((a) => a !== 'approve-complete' && a !== 'reject')
        .map((a) => ACTION_COMMANDS[a]),
    }),
  );
}

export const statusCommand = defineCommand({
  name: 'status',
  usage: 'status [<service>|batch N]',
  summary: 'where the migration, a batch or a service stands',
  args: scoped(zArgs),
  async run(deps, actor, { migration: name, args }: { migration: string | null; args: Target | null }) {
    // What status shows depends on the stored state alone: the same answer serves every reader
    // until something is written (a busy channel asks often, and at 1,000 services it is the
    // dearest answer the bot gives). The migration is read with the answer, and the right to read
    // it is checked on that very migration, every time.
    const target = args === null ? '' : args.kind === 'batch' ? `batch ${args.batch}` : `service ${args.name}`;
    const key = JSON.stringify([actor.workspaceId, actor.channelId, name, target]);
    const { migration, effects } = cachedRead(deps.store.db, 'status', key, () => {
      const migration = resolveMigration(deps, actor, name);
      if (args === null) return { migration, effects: [overview(deps, migration)] };
      if (args.kind === 'batch') return { migration, effects: [batchStatus(deps, migration, args.batch)] };
      return { migration, effects: [serviceStatus(deps, migration, args.name)] };
    });
    await requireReader(deps, migration, actor);
    return effects;
  },
});
