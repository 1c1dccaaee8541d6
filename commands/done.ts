// `/migrate done <service>|batch N`, or "Mark done" on the end-of-window prompt: monitoring -> done.
// Before the window has ended it asks first. The owners of what comes next in the plan are told
// they can start.
import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import { decommissionWarning, nextInPlan } from '../src/domain/wip.ts';
import { gateBlockers } from '../src/services/health-gate.ts';
import { announce, applyTransitions, refreshApprovalMessages } from '../src/services/lifecycle.ts';
import { defineLifecycleCommand, type LifecycleContext } from '../src/services/lifecycle-command.ts';
import { refreshMonitoringPrompts } from '../src/services/monitoring-prompt.ts';
import { requireActive } from '../src/services/scope.ts';
import {
  clickedService,
  ownerText,
  requireServiceRights,
  serviceGone,
  serviceLabel,
  statesOf,
  wipEntries,
  zTargetsPayload,
} from '../src/services/targets.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeInline, escapeMrkdwn } from '../src/slack/escape.ts';
import { mentionChannel } from '../src/slack/format.ts';
import {
  confirmationText,
  decommissionText,
  skippedNote,
  transitionSentence,
} from '../src/slack/views/lifecycle-text.ts';
import { serviceByName } from '../src/store/graph.ts';
import { effectivePlan } from '../src/store/lifecycle.ts';
import type { MigrationRow } from '../src/store/migrations.ts';

const zPayload = zTargetsPayload.extend({
  label: z.string(),
});
type DonePayload = z.infer<typeof zPayload>;

/** Who is told what can start next, and the channel note about it. */
function nextUp(deps: Deps, migration: MigrationRow, finished: string): { dms: Effect[]; note: string | null } {
  const plan = effectivePlan(deps.store.db, migration);
  const entries = wipEntries(plan);
  const states = statesOf(deps, migration);
  const next = nextInPlan(migration.strategy, entries, states);
  const names = [...new Set(next.flatMap((n) => n.services))];
  if (names.length === 0) return { dms: [], note: null };
  const services = names.map((n) => serviceByName(deps.store.db, migration, n)).filter((s) => s !== null);
  const byOwner = new Map<string, string[]>();
  for (const s of services) {
    if (s.ownerKind !== 'user' || !s.owner) continue;
    byOwner.set(s.owner, [...(byOwner.get(s.owner) ?? []), s.name]);
  }
  const dms = [...byOwner].map(([user, own]): Effect => {
    const list = own.slice(0, 10).map(serviceLabel).join(', ');
    const more = own.length > 10 ? ` and ${own.length - 10} more` : '';
    return {
      type: 'dm',
      user,
      message: {
        text: `${finished} is done in *${escapeInline(migration.name)}*. Next in the plan and yours: ${list}${more}. It can start now: \`/migrate start ${escapeInline(own[0] ?? '')}\` in ${mentionChannel(migration.channelId)}.`,
      },
    };
  });
  const shown = services.slice(0, 10).map((s) => `${serviceLabel(s.name)} (${ownerText(s)})`);
  const more = services.length > 10 ? ` and ${services.length - 10} more` : '';
  return { dms, note: `Next in the plan, free to start: ${shown.join(', ')}${more}.` };
}

function executeDone({ deps, actor, migration, payload, plan, now }: LifecycleContext<DonePayload>): Effect[] {
  const early = plan.eligible.filter((p) => p.confirm);
  const changes = applyTransitions(deps.store.db, {
    migration,
    actorId: actor.userId,
    action: 'done',
    items: plan.eligible,
    batch: payload.batch,
    now,
    ...(early.length ? { detail: { beforeWindowEnded: true } } : {}),
  });
  const entries = wipEntries(effectivePlan(deps.store.db, migration));
  const states = statesOf(deps, migration);
  const warnings = changes
    .map((c) => decommissionWarning(migration.strategy, entries, states, c.service.name))
    .filter((w) => w !== null)
    .slice(0, 3)
    .map((w) => `:information_source: Before decommissioning: ${decommissionText(w)}`);
  const next = nextUp(deps, migration, payload.label);
  return [
    announce(migration, actor, [
      `:tada: ${transitionSentence(actor.userId, 'done', payload.label, changes)}`,
      ...warnings,
      next.note,
      skippedNote(plan.refused),
    ]),
    ...next.dms,
    ...refreshApprovalMessages(
      deps,
      migration,
      changes.map((c) => c.service.id),
    ),
    ...refreshMonitoringPrompts(migration.channelId, changes),
  ];
}

const done = defineLifecycleCommand({
  name: 'done',
  usage: 'done <service>|batch N',
  summary: 'mark a service done after its monitoring window (asks first if the window is still running)',
  action: 'done',
  may: 'mark it done',
  payload: zPayload,
  fromArgs: (targets, _args, migration) => ({
    migrationId: migration.id,
    serviceIds: targets.services.map((s) => s.id),
    batch: targets.batch,
    label: targets.label,
  }),
  check({ deps, migration, payload, plan, now }) {
    const early = plan.eligible.filter((p) => p.confirm);
    // Unknown is never green: done asks first while any check is red or unknown.
    const unhealthy = gateBlockers(
      deps.store.db,
      migration,
      plan.eligible.map((p) => p.service),
      now,
    );
    if (early.length === 0 && unhealthy.length === 0) return { payload, ask: null };
    const lines = early
      .slice(0, 10)
      .map((p) => `• ${serviceLabel(p.service.name)}: ${p.confirm ? confirmationText(p.confirm) : ''}`);
    const health = unhealthy
      .slice(0, 10)
      .map((b) => `• ${serviceLabel(b.name)}: ${b.lines.map(escapeMrkdwn).join('; ')}`);
    const question =
      early.length > 0
        ? `Mark ${payload.label} done before its monitoring window has ended?`
        : `Mark ${payload.label} done although its health checks do not all pass?`;
    const checks = health.length > 0 ? ['Health checks that do not pass:', ...health] : [];
    return {
      payload,
      ask: { question, detail: [...lines, ...checks, 'If you confirm, it is recorded as done now.'].join('\n') },
    };
  },
  execute: executeDone,
});

export const doneCommand = done.command;
export const doneConfirmation = done.confirmation;

/** "Mark done" on the end-of-window prompt. */
export function doneFromButton(deps: Deps, actor: Actor, serviceId: number): Effect[] {
  const { db } = deps.store;
  const clicked = clickedService(db, actor.workspaceId, serviceId);
  if (!clicked) return serviceGone();
  const { service, migration } = clicked;
  requireActive(migration);
  requireServiceRights(deps, migration, actor.userId, [service], 'mark it done');
  const payload = {
    migrationId: migration.id,
    serviceIds: [service.id],
    batch: null,
    label: serviceLabel(service.name),
  };
  return done.act(deps, actor, migration, payload);
}
