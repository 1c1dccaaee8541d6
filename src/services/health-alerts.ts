// The monitoring-window alert: built when a check turns red (by the tick) and again when someone
// acknowledges it (the alert then says by whom). Acknowledgements are audit rows.
import type { Actor, Deps } from '../deps.ts';
import type { CheckStatus } from '../domain/health-gate.ts';
import type { Effect } from '../slack/effect.ts';
import { reply } from '../slack/effect.ts';
import { escapeInline } from '../slack/escape.ts';
import { type HealthAlertView, healthAlert } from '../slack/views/health-alert.ts';
import type { CheckLineView } from '../slack/views/health-lines.ts';
import { latestRequests } from '../store/approvals.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import type { ServiceRow } from '../store/graph.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { commit, outboxContext } from './commit.ts';
import { serviceHealth } from './health-gate.ts';
import { clickedService, ownerText, serviceGone } from './targets.ts';

export const ACKNOWLEDGE_ACTION = 'health.acknowledge';

/** The checks people need to look at: every one that is not green. */
export function failingLines(statuses: readonly CheckStatus[]): CheckLineView[] {
  return statuses
    .filter((s) => s.verdict.state !== 'green')
    .map((s) => ({ name: s.name, state: s.verdict.state, reason: s.verdict.reason, dashboardUrl: s.dashboardUrl }))
    .sort((a, b) => (a.state === b.state ? 0 : a.state === 'red' ? -1 : 1));
}

export function alertView(
  db: Db,
  migration: MigrationRow,
  service: ServiceRow,
  statuses: readonly CheckStatus[],
  acknowledged: HealthAlertView['acknowledged'],
): HealthAlertView {
  // Roll back goes through the request the service switched under, as on its approval message.
  const request = latestRequests(db, migration, [service.id]).find((r) => r.status === 'approved') ?? null;
  return {
    serviceId: service.id,
    serviceName: service.name,
    migrationName: migration.name,
    owner: ownerText(service),
    checks: failingLines(statuses),
    requestId: request?.id ?? null,
    acknowledged,
  };
}

/** The alert's post in the migration's channel. */
export function alertPost(
  db: Db,
  migration: MigrationRow,
  service: ServiceRow,
  statuses: readonly CheckStatus[],
): Effect {
  return {
    type: 'post',
    channel: migration.channelId,
    message: healthAlert(alertView(db, migration, service, statuses, null)),
  };
}

/**
 * Acknowledge on an alert: records who, and updates that alert in place (its channel and ts come
 * with the click) to say so, with the checks as they are now.
 */
export function acknowledgeAlert(
  deps: Deps,
  actor: Pick<Actor, 'workspaceId' | 'userId'>,
  serviceId: number,
  message: { readonly channel: string; readonly ts: string } | null,
): Effect[] {
  const { db } = deps.store;
  const clicked = clickedService(db, actor.workspaceId, serviceId);
  if (!clicked) return serviceGone();
  const { service, migration } = clicked;
  const now = deps.now();
  const statuses = serviceHealth(db, migration, service, now) ?? [];
  return commit(deps, outboxContext(migration), (tx) => {
    appendAudit(tx, {
      workspaceId: migration.workspaceId,
      migrationId: migration.id,
      serviceId: service.id,
      serviceName: service.name,
      actor: actor.userId,
      action: ACKNOWLEDGE_ACTION,
      detail: { failing: failingLines(statuses).map((c) => c.name) },
      createdAt: now,
    });
    const text = `Acknowledged: the channel sees that you are looking at *${escapeInline(service.name)}*.`;
    if (message === null) return [reply({ text })];
    const view = alertView(tx, migration, service, statuses, { by: actor.userId, at: now });
    return [{ type: 'update', channel: message.channel, ts: message.ts, message: healthAlert(view) }, reply({ text })];
  });
}
