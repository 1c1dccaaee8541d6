// `/migrate runbook <service> [list | add "<step>" [--phase <phase>] | skip <step-key> <reason…>]`:
// the service's runbook as checkboxes to tick. The runbook is written to the store the first time
// it is needed; every tick, untick, addition and skip is audited.
import { z } from 'zod';
import {
  DEFAULT_IMPORT_PHASE,
  defaultRunbook,
  MAX_STEP_TEXT,
  mergeImportedSteps,
  parsePhase,
  RUNBOOK_PHASES,
  type RunbookPhase,
  type RunbookStep,
} from '../src/domain/runbook.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { badArguments, conflict, notFound } from '../src/errors.ts';
import { escapeCode, escapeInline } from '../src/slack/escape.ts';
import { type RunbookView, runbookList, runbookMessage } from '../src/slack/views/runbook-message.ts';
import { appendAudit } from '../src/store/audit.ts';
import type { Db } from '../src/store/db.ts';
import type { ServiceRow } from '../src/store/graph.ts';
import { type EffectiveEntry, type EffectivePlan, effectivePlan, serviceById } from '../src/store/lifecycle.ts';
import { type MigrationRow, migrationById } from '../src/store/migrations.ts';
import {
  type RunbookStepRow,
  runbookSteps,
  type StepToStore,
  setStepStatus,
  storeSteps,
  storeStepsOfMany,
} from '../src/store/runbooks.ts';
import { entryOf, findService, mayAct, requireServiceRights, serviceLabel } from './lifecycle-targets.ts';
import { requireActive, requireReader, resolveMigration, scoped } from './scope.ts';
import { refreshApprovalMessages } from './transitions.ts';
import { type Actor, type Deps, defineCommand, type Effect, reply } from './types.ts';

/** A runbook longer than this no longer fits one message; `add` stops here. */
export const MAX_STEPS = 80;

type RunbookArgs =
  | { op: 'show' | 'list'; service: string }
  | { op: 'add'; service: string; text: string; phase: RunbookPhase }
  | { op: 'skip'; service: string; key: string; reason: string };

const zArgs = z.array(z.string()).transform((words, ctx): RunbookArgs => {
  const [service, op = 'show', ...rest] = words;
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (!service) return fail('needs a service');
  if (op === 'show' || op === 'list') return { op, service };
  if (op === 'add') {
    const at = rest.indexOf('--phase');
    let phase: RunbookPhase | null = DEFAULT_IMPORT_PHASE;
    let words = rest;
    if (at >= 0) {
      phase = parsePhase(rest[at + 1] ?? '');
      if (!phase) return fail(`\`--phase\` takes one of ${RUNBOOK_PHASES.join(', ')}`);
      words = [...rest.slice(0, at), ...rest.slice(at + 2)];
    }
    const text = words.join(' ').trim().replace(/\s+/g, ' ');
    if (!text) return fail('`add` needs the step in quotes, e.g. `add "Warm the new cache"`');
    if (text.length > MAX_STEP_TEXT) return fail(`a step is at most ${MAX_STEP_TEXT} characters`);
    return { op, service, text, phase };
  }
  if (op === 'skip') {
    const [key, ...reason] = rest;
    if (!key || reason.length === 0)
      return fail('`skip` needs the step key and a reason, e.g. `skip validate-data no data`');
    return { op, service, key, reason: reason.join(' ') };
  }
  return fail('takes `list`, `add "<step>"` or `skip <step-key> <reason>` after the service');
});

function stepsFor(migration: MigrationRow, service: ServiceRow, entry: EffectiveEntry | undefined): StepToStore[] {
  const traits = {
    stateful: service.stateful,
    external: service.external,
    inParallelBatch: entry !== undefined && entry.track === 'parallel' && entry.batch !== null,
  };
  const defaults = defaultRunbook(traits, withDefaults(migration.settings)['monitoring-hours']);
  const merged = mergeImportedSteps(defaults, service.importedSteps);
  const keys = new Set(defaults.map((s) => s.key));
  // An import that no longer merges (it was checked when imported) leaves the defaults.
  const steps = merged.ok ? merged.steps : defaults;
  return steps.map((step) => ({ step, origin: keys.has(step.key) ? 'default' : 'import' }));
}

/** Writes the service's runbook on first use: the defaults for it plus its imported steps. */
export function ensureRunbook(
  tx: Db,
  migration: MigrationRow,
  service: ServiceRow,
  entry: EffectiveEntry | undefined,
  now: Date,
): RunbookStepRow[] {
  return storeSteps(tx, service, stepsFor(migration, service, entry), now);
}

/** The same for many services at once; every runbook by service id. */
export function ensureRunbooks(
  tx: Db,
  migration: MigrationRow,
  services: readonly ServiceRow[],
  plan: EffectivePlan,
  now: Date,
): Map<number, RunbookStepRow[]> {
  const byId = new Map(plan.entries.map((e) => [e.serviceId, e]));
  return storeStepsOfMany(
    tx,
    services.map((service) => ({ service, steps: stepsFor(migration, service, byId.get(service.id)) })),
    now,
  );
}

function toView(service: ServiceRow, steps: readonly RunbookStepRow[], now: Date): RunbookView {
  return {
    serviceId: service.id,
    service: service.name,
    state: service.state,
    steps,
    revision: now.getTime().toString(36),
  };
}

function materialise(deps: Deps, migration: MigrationRow, service: ServiceRow): RunbookStepRow[] {
  const now = deps.now();
  const entry = entryOf(effectivePlan(deps.store.db, migration), service.id);
  return deps.store.db.transaction((tx) => ensureRunbook(tx, migration, service, entry, now));
}

function audit(
  tx: Db,
  migration: MigrationRow,
  service: ServiceRow,
  actorId: string,
  now: Date,
  row: {
    action: string;
    fromValue?: string | null;
    toValue?: string | null;
    reason?: string | null;
    key: string;
  },
): void {
  appendAudit(tx, {
    workspaceId: migration.workspaceId,
    migrationId: migration.id,
    serviceId: service.id,
    serviceName: service.name,
    actor: actorId,
    action: row.action,
    fromValue: row.fromValue ?? null,
    toValue: row.toValue ?? null,
    reason: row.reason ?? null,
    detail: { key: row.key },
    createdAt: now,
  });
}

function addStep(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  service: ServiceRow,
  text: string,
  phase: RunbookPhase,
): Effect[] {
  const existing = materialise(deps, migration, service);
  if (existing.length >= MAX_STEPS)
    throw conflict(`${serviceLabel(service.name)} already has ${MAX_STEPS} steps, as many as one message can show.`);
  const asSteps: RunbookStep[] = existing.map((s) => ({ ...s, phase: s.phase as RunbookPhase, appliesTo: () => true }));
  const merged = mergeImportedSteps(asSteps, [{ phase, step: text }]);
  if (!merged.ok) throw badArguments(merged.errors.join('\n'));
  const added = merged.steps.find((s) => !existing.some((e) => e.key === s.key));
  if (!added) throw conflict(`The ${phase} phase of ${serviceLabel(service.name)} already has that step.`);
  const now = deps.now();
  deps.store.db.transaction((tx) => {
    storeSteps(tx, service, [{ step: added, origin: 'custom' }], now);
    audit(tx, migration, service, actor.userId, now, { action: 'runbook.add', toValue: added.text, key: added.key });
  });
  const fresh = runbookSteps(deps.store.db, service.id);
  return [
    reply(runbookMessage(toView(service, fresh, now))),
    ...refreshApprovalMessages(deps, migration, [service.id]),
  ];
}

function skipStep(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  service: ServiceRow,
  key: string,
  reason: string,
): Effect[] {
  const steps = materialise(deps, migration, service);
  const step = steps.find((s) => s.key === key.toLowerCase());
  if (!step) {
    const keys = steps.map((s) => `\`${escapeCode(s.key)}\``).join(', ');
    throw notFound(`${serviceLabel(service.name)} has no step \`${escapeCode(key)}\`. Its steps: ${keys}.`);
  }
  if (step.status === 'skipped')
    throw conflict(`\`${escapeCode(step.key)}\` is already skipped (${escapeInline(step.skipReason ?? '')}).`);
  const now = deps.now();
  deps.store.db.transaction((tx) => {
    if (!setStepStatus(tx, step, 'skipped', actor.userId, now, reason)) {
      throw conflict('That step changed at the same moment; nothing was changed. Try again.');
    }
    audit(tx, migration, service, actor.userId, now, {
      action: 'runbook.skip',
      fromValue: step.status,
      toValue: 'skipped',
      reason,
      key: step.key,
    });
  });
  return [
    reply(runbookMessage(toView(service, runbookSteps(deps.store.db, service.id), now))),
    ...refreshApprovalMessages(deps, migration, [service.id]),
  ];
}

/**
 * A checkbox click: `shown` are the steps of the element clicked, `selected` the ones ticked now.
 * Each step whose tick changed is set by compare-and-set and audited, then the runbook is redrawn.
 */
export function tickSteps(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId' | 'userId'>,
  serviceId: number,
  shown: readonly number[],
  selected: readonly number[],
): Effect[] {
  const { db } = deps.store;
  const service = serviceById(db, actor.workspaceId, serviceId);
  const migration = service ? migrationById(db, actor.workspaceId, service.migrationId) : null;
  if (!service || !migration) return [reply({ text: 'That service no longer exists.' })];
  const now = deps.now();
  const redraw = (): Effect => ({
    type: 'reply',
    message: runbookMessage(toView(service, runbookSteps(db, service.id), now)),
    replaceOriginal: true,
  });
  if (migration.status !== 'active' || !mayAct(deps, migration, actor.userId, [service])) {
    const why =
      migration.status !== 'active'
        ? `*${escapeInline(migration.name)}* is archived: its runbooks can be read but not changed.`
        : `Only the owner of ${serviceLabel(service.name)} or a lead may tick its steps; nothing changed.`;
    return [redraw(), reply({ text: why })];
  }
  const ticked = new Set(selected);
  const steps = runbookSteps(db, service.id).filter((s) => shown.includes(s.id));
  db.transaction((tx) => {
    for (const step of steps) {
      const to = ticked.has(step.id) ? 'done' : step.status === 'done' ? 'open' : null;
      if (to === null || to === step.status) continue;
      // A step someone else changed in the meantime keeps their change.
      if (!setStepStatus(tx, step, to, actor.userId, now)) continue;
      audit(tx, migration, service, actor.userId, now, {
        action: to === 'done' ? 'runbook.tick' : 'runbook.untick',
        fromValue: step.status,
        toValue: to,
        key: step.key,
      });
    }
  });
  return [redraw(), ...refreshApprovalMessages(deps, migration, [service.id])];
}

export const runbookCommand = defineCommand({
  name: 'runbook',
  usage: 'runbook <service> [list | add "<step>" [--phase <phase>] | skip <step-key> <reason>]',
  summary: "a service's runbook as checkboxes; add or skip steps (every change is audited)",
  args: scoped(zArgs),
  async run(deps, actor, { migration: name, args }: { migration: string | null; args: RunbookArgs }) {
    const migration = resolveMigration(deps, actor, name);
    await requireReader(deps, migration, actor);
    const service = findService(deps, migration, args.service);
    if (args.op === 'show' || args.op === 'list') {
      const steps =
        migration.status === 'active' ? materialise(deps, migration, service) : runbookSteps(deps.store.db, service.id);
      const view = toView(service, steps, deps.now());
      return args.op === 'show' ? [reply(runbookMessage(view))] : runbookList(view).slice(0, 4).map(reply);
    }
    requireActive(migration);
    requireServiceRights(deps, migration, actor.userId, [service], `change the runbook of ${service.name}`);
    switch (args.op) {
      case 'add':
        return addStep(deps, actor, migration, service, args.text, args.phase);
      case 'skip':
        return skipStep(deps, actor, migration, service, args.key, args.reason);
    }
  },
});
