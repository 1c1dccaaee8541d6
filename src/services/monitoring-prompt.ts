// The end-of-monitoring prompt as a message that shows state: posted once by the monitoring job
// under its own name, then refreshed through the outbox whenever the service leaves monitoring, so
// the channel never keeps a "Mark done" button for a service that is already done.
import type { Deps } from '../deps.ts';
import type { Effect } from '../slack/effect.ts';
import { monitoringPostRef, monitoringRef } from '../slack/outbox.ts';
import { type MonitoringPromptView, monitoringPromptMessage } from '../slack/views/monitoring-prompt.ts';
import { auditFor } from '../store/audit.ts';
import type { ServiceRow } from '../store/graph.ts';
import { serviceById } from '../store/lifecycle.ts';
import { migrationById } from '../store/migrations.ts';
import { postedWithRef } from '../store/outbox.ts';
import { ownerText } from './targets.ts';

type PromptService = Pick<
  ServiceRow,
  'id' | 'name' | 'state' | 'owner' | 'ownerKind' | 'monitoringEndsAt' | 'workspaceId' | 'migrationId'
>;

/** Everything the prompt shows, read from the store now. */
export function loadMonitoringPromptView(
  deps: Deps,
  service: PromptService,
  migrationName: string,
): MonitoringPromptView {
  // The newest step out of monitoring says who ended the window and how.
  const left =
    service.state === 'monitoring'
      ? undefined
      : auditFor(deps.store.db, service.workspaceId, service.migrationId, { serviceId: service.id })
          .filter((a) => a.action === 'service.transition' && a.fromValue === 'monitoring')
          .at(-1);
  return {
    serviceId: service.id,
    service: service.name,
    migrationName,
    owner: service.owner ? ownerText(service) : null,
    state: service.state,
    endedAt: service.monitoringEndsAt,
    outcome: left ? { by: left.actor, at: left.createdAt, reason: left.reason } : null,
  };
}

/** The prompt's first post, named so its refreshes find it. */
export function monitoringPromptPost(
  deps: Deps,
  service: PromptService,
  channel: string,
  migrationName: string,
): Effect {
  return {
    type: 'post',
    channel,
    message: monitoringPromptMessage(loadMonitoringPromptView(deps, service, migrationName)),
    ref: monitoringPostRef(service.id),
  };
}

/** The prompt as it is now; null while it has not been posted. */
export function renderMonitoringPrompt(deps: Deps, workspaceId: string, serviceId: number) {
  const service = serviceById(deps.store.db, workspaceId, serviceId);
  const migration = service ? migrationById(deps.store.db, workspaceId, service.migrationId) : null;
  const posted = postedWithRef(deps.store.db, workspaceId, monitoringPostRef(serviceId));
  if (!service || !migration || !posted) return null;
  const message = monitoringPromptMessage(loadMonitoringPromptView(deps, service, migration.name));
  return { channel: posted.channel, ts: posted.ts, message };
}

/**
 * Refreshes the prompts of services that just left monitoring. Queued behind the prompt's post in
 * the channel's lane, so it renders once the post has gone out; with no prompt it does nothing.
 */
export function refreshMonitoringPrompts(
  channel: string,
  changes: readonly { readonly service: Pick<ServiceRow, 'id'>; readonly from: string }[],
): Effect[] {
  return changes
    .filter((c) => c.from === 'monitoring')
    .map((c): Effect => ({ type: 'refresh', channel, ref: monitoringRef(c.service.id) }));
}
