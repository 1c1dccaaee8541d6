// `/migrate switched <service>|batch N`, or the "Traffic switched" button on an approved request:
// cutover -> monitoring. The monitoring window starts now and lasts `monitoring-hours`.
import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import { monitoringEndsAt } from '../src/domain/lifecycle.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { announce, applyTransitions, refreshApprovalMessages } from '../src/services/lifecycle.ts';
import { defineLifecycleCommand, type LifecycleContext } from '../src/services/lifecycle-command.ts';
import { approvedRequest } from '../src/services/requests.ts';
import { requireServiceRights, serviceLabel, zTargetsPayload } from '../src/services/targets.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { slackDate } from '../src/slack/format.ts';
import { skippedNote, transitionSentence } from '../src/slack/views/lifecycle-text.ts';
import { servicesByIds } from '../src/store/lifecycle.ts';

const zPayload = zTargetsPayload.extend({ label: z.string() });
type SwitchedPayload = z.infer<typeof zPayload>;

function executeSwitched({ deps, actor, migration, payload, plan, now }: LifecycleContext<SwitchedPayload>): Effect[] {
  const hours = withDefaults(migration.settings)['monitoring-hours'];
  const endsAt = monitoringEndsAt(now, hours);
  const changes = applyTransitions(deps.store.db, {
    migration,
    actorId: actor.userId,
    action: 'switched',
    items: plan.eligible,
    batch: payload.batch,
    now,
    extras: () => ({ monitoringEndsAt: endsAt, monitoringPromptedAt: null }),
    detail: { monitoringEndsAt: endsAt.toISOString() },
  });
  return [
    announce(migration, actor, [
      transitionSentence(actor.userId, 'switched', payload.label, changes),
      `All traffic now goes to the new platform. Monitoring runs ${hours} h, until ${slackDate(endsAt)}; the owner is prompted when it ends.`,
      skippedNote(plan.refused),
    ]),
    ...refreshApprovalMessages(
      deps,
      migration,
      changes.map((c) => c.service.id),
    ),
  ];
}

const switched = defineLifecycleCommand({
  name: 'switched',
  usage: 'switched <service>|batch N',
  summary: 'confirm all traffic is on the new platform; the monitoring window starts',
  action: 'switched',
  may: 'confirm its switch',
  payload: zPayload,
  fromArgs: (targets, _args, migration) => ({
    migrationId: migration.id,
    serviceIds: targets.services.map((s) => s.id),
    batch: targets.batch,
    label: targets.label,
  }),
  execute: executeSwitched,
});

export const switchedCommand = switched.command;

/** The "Traffic switched" button: the request's services still in cutover. */
export function switchedFromRequest(
  deps: Deps,
  clicker: Pick<Actor, 'workspaceId' | 'userId'>,
  requestId: number,
): Effect[] {
  const found = approvedRequest(deps, clicker, requestId);
  if (found.error !== undefined) return [reply({ text: found.error })];
  const { request, migration } = found;
  const services = servicesByIds(deps.store.db, migration, request.serviceIds).filter((s) => s.state === 'cutover');
  if (services.length === 0) {
    return [reply({ text: 'Nothing here is waiting for its switch any more: `/migrate status` shows where it is.' })];
  }
  requireServiceRights(deps, migration, clicker.userId, services, 'confirm the switch');
  const first = services[0];
  const label =
    request.batch !== null
      ? `batch ${request.batch}`
      : services.length === 1 && first
        ? serviceLabel(first.name)
        : 'the request';
  const actor: Actor = { ...clicker, channelId: migration.channelId };
  const payload = { migrationId: migration.id, serviceIds: services.map((s) => s.id), batch: request.batch, label };
  return switched.act(deps, actor, migration, payload);
}
