// The App Home: the migrations a person takes part in, what waits on them, and buttons to open
// status and plan. Private-channel migrations are shown only to the channel's members.

import type { Deps } from '../deps.ts';
import { IN_FLIGHT_STATES } from '../domain/lifecycle.ts';
import { awaitsApprovalFrom, dueStepsByOwner, type OwnerSteps, stepsWaitingOn } from '../domain/waiting.ts';
import type { HomeMigration } from '../slack/views/home-view.ts';
import { approvedBy, pendingRequests } from '../store/approvals.ts';
import type { Db } from '../store/db.ts';
import { serviceLinesOf, serviceNames, servicesOwnedBy } from '../store/graph.ts';
import { listMigrations, type MigrationSummary, people } from '../store/migrations.ts';
import { openStepsOf } from '../store/runbooks.ts';
import { redServices } from './health-gate.ts';
import { isLead } from './scope.ts';

async function approverSet(deps: Deps, m: MigrationSummary): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const p of people(deps.store.db, m, 'approver')) {
    if (p.kind === 'user') ids.add(p.slackId);
    else for (const id of await deps.slack.usergroupMembers(p.slackId).catch(() => [])) ids.add(id);
  }
  return ids;
}

export async function homeData(deps: Deps, workspaceId: string, userId: string): Promise<HomeMigration[]> {
  const out: HomeMigration[] = [];
  for (const m of listMigrations(deps.store.db, workspaceId)) {
    if (m.status !== 'active') continue;
    const item = await homeItem(deps, m, userId);
    if (item) out.push(item);
  }
  return out;
}

/** What one migration shows this person, or null when they take no part in it or may not see it. */
async function homeItem(deps: Deps, m: MigrationSummary, userId: string): Promise<HomeMigration | null> {
  const { db } = deps.store;
  const owned = servicesOwnedBy(db, m, userId);
  const approvers = await approverSet(deps, m);
  const lead = isLead(deps, m, userId);
  if (!lead && !approvers.has(userId) && owned.length === 0) return null;
  if (m.channelPrivate && !(await deps.slack.isChannelMember(m.channelId, userId))) return null;
  const role = lead ? (m.createdBy === userId ? 'creator' : 'lead') : approvers.has(userId) ? 'approver' : 'owner';
  const approvals = approvers.has(userId) ? approvalsAwaiting(db, m, userId) : [];
  const { own, unowned } = stepsWaitingOn(dueSteps(db, m), userId, lead);
  const red = redServices(db, m, owned, deps.now());
  return { migration: m, role, approvals, steps: own, unownedSteps: unowned, red };
}

/** Pending requests this approver has not yet approved and did not ask for themselves. */
function approvalsAwaiting(db: Db, m: MigrationSummary, userId: string): HomeMigration['approvals'] {
  const pending = pendingRequests(db, m);
  const mine = approvedBy(
    db,
    pending.map((r) => r.id),
    userId,
  );
  const names = serviceNames(
    db,
    m,
    pending.flatMap((r) => r.serviceIds),
  );
  return pending
    .filter((r) => awaitsApprovalFrom(r, userId, mine.has(r.id)))
    .map((r) => ({
      services: r.serviceIds.map((id) => names.get(id) ?? `#${id}`),
      channelId: r.channelId,
      messageTs: r.messageTs,
    }));
}

/** The migration's runbook steps due now, by owner: the digest reads the same (digest-input.ts). */
function dueSteps(db: Db, m: MigrationSummary): OwnerSteps[] {
  const inFlight = serviceLinesOf(db, m).filter((s) => IN_FLIGHT_STATES.includes(s.state));
  const nameOf = new Map(inFlight.map((s) => [s.id, s.name]));
  const open = openStepsOf(
    db,
    m.workspaceId,
    inFlight.map((s) => s.id),
  ).map((st) => ({ service: nameOf.get(st.serviceId) ?? '', phase: st.phase, position: st.position, text: st.text }));
  return dueStepsByOwner(inFlight, open);
}
