// The App Home: the migrations a person takes part in, what waits on them, and buttons to open
// status and plan. Private-channel migrations are shown only to the channel's members.
import { and, eq, inArray } from 'drizzle-orm';
import { IN_FLIGHT_STATES } from '../domain/lifecycle.ts';
import type { HomeMigration } from '../slack/views/home-view.ts';
import { pendingRequests } from '../store/approvals.ts';
import { listMigrations, type MigrationSummary, people } from '../store/migrations.ts';
import { approvalsTable, runbookStepsTable, servicesTable } from '../store/schema.ts';
import type { Deps } from './deps.ts';
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
  const { db } = deps.store;
  const out: HomeMigration[] = [];
  for (const m of listMigrations(db, workspaceId)) {
    if (m.status !== 'active') continue;
    const owned = db
      .select()
      .from(servicesTable)
      .where(
        and(
          eq(servicesTable.workspaceId, workspaceId),
          eq(servicesTable.migrationId, m.id),
          eq(servicesTable.ownerKind, 'user'),
          eq(servicesTable.owner, userId),
        ),
      )
      .all();
    const approvers = await approverSet(deps, m);
    const lead = isLead(deps, m, userId);
    if (!lead && !approvers.has(userId) && owned.length === 0) continue;
    if (m.channelPrivate && !(await deps.slack.isChannelMember(m.channelId, userId))) continue;
    const role = lead ? (m.createdBy === userId ? 'creator' : 'lead') : approvers.has(userId) ? 'approver' : 'owner';

    const pending = approvers.has(userId) ? pendingRequests(db, m) : [];
    const mine = new Set(
      pending.length
        ? db
            .select()
            .from(approvalsTable)
            .where(
              and(
                inArray(
                  approvalsTable.requestId,
                  pending.map((r) => r.id),
                ),
                eq(approvalsTable.approverId, userId),
              ),
            )
            .all()
            .map((a) => a.requestId)
        : [],
    );
    const names = new Map<number, string>();
    if (pending.length) {
      const ids = [...new Set(pending.flatMap((r) => r.serviceIds))];
      for (const s of db.select().from(servicesTable).where(inArray(servicesTable.id, ids)).all())
        names.set(s.id, s.name);
    }
    const approvals = pending
      .filter((r) => r.requestedBy !== userId && !mine.has(r.id))
      .map((r) => ({
        services: r.serviceIds.map((id) => names.get(id) ?? `#${id}`),
        channelId: r.channelId,
        messageTs: r.messageTs,
      }));

    const inFlight = owned.filter((s) => (IN_FLIGHT_STATES as readonly string[]).includes(s.state));
    const steps = inFlight.length
      ? db
          .select({ serviceId: runbookStepsTable.serviceId, text: runbookStepsTable.text })
          .from(runbookStepsTable)
          .where(
            and(
              inArray(
                runbookStepsTable.serviceId,
                inFlight.map((s) => s.id),
              ),
              eq(runbookStepsTable.status, 'open'),
            ),
          )
          .all()
          .map((st) => ({ service: inFlight.find((s) => s.id === st.serviceId)?.name ?? '', text: st.text }))
      : [];
    out.push({ migration: m, role, approvals, steps });
  }
  return out;
}
