// Reads a migration's state from the store into the digest's pure input.

import type { Deps } from '../deps.ts';
import type { DigestEventInput, DigestInput } from '../domain/digest.ts';
import { estimatePlan } from '../domain/estimates.ts';
import { IN_FLIGHT_STATES } from '../domain/lifecycle.ts';
import { SERVICE_STATES } from '../domain/model.ts';
import { type MigrationSettings, withDefaults } from '../domain/settings.ts';
import { dueStepsByOwner } from '../domain/waiting.ts';
import { pendingRequests, requestById } from '../store/approvals.ts';
import { type AuditRow, auditFor } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { loadGraph, type ServiceRow } from '../store/graph.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { currentPlan, type StoredPlan } from '../store/plans.ts';
import { openStepsOf } from '../store/runbooks.ts';
import { HEALTH_CHANGE_ACTION, redServices } from './health-gate.ts';
import { storedToPlan } from './planning.ts';

const SERVICE_STATE_VALUES = new Set<string>(SERVICE_STATES);

/**
 * The digest mentions owners that look like Slack user ids. A team whose name happens to look like
 * one (`W0PAYMENTS`) must stay text: a zero-width space keeps it from pinging anybody.
 */
function ownerForDigest(owner: string | null, kind: 'user' | 'team' | null): string | null {
  if (owner === null || kind === 'user') return owner;
  return /^[UW][A-Z0-9]{2,}$/.test(owner) ? `${owner}\u200B` : owner;
}

const APPROVAL_ACTIONS: Readonly<Record<string, DigestEventInput['action']>> = {
  'approval.request': 'approval_requested',
  'approval.approve': 'approved',
  'approval.reject': 'rejected',
  'approval.withdraw': 'withdrawn',
};

/** A request's services and batch, for the approval rows that name only the request. */
export type RequestLookup = (requestId: number) => { services: readonly string[]; batch: number | null } | null;

/** Audit rows as digest events; bookkeeping rows (settings, leads) are left out. */
export function digestEvent(row: AuditRow, requestOf: RequestLookup = () => null): DigestEventInput | null {
  const base = { at: row.createdAt, actor: row.actor, service: row.serviceName, reason: row.reason };
  if (row.action === 'service.transition') {
    const to = row.toValue;
    if (!to || !SERVICE_STATE_VALUES.has(to)) return null;
    return { ...base, action: to === 'rolled_back' ? 'rollback' : 'transition', from: row.fromValue, to };
  }
  const approval = APPROVAL_ACTIONS[row.action];
  if (approval !== undefined)
    return { ...base, action: approval, from: null, to: null, ...approvalTarget(row, requestOf) };
  if (row.action === HEALTH_CHANGE_ACTION) {
    return { ...base, actor: null, action: 'health_changed', from: row.fromValue, to: row.toValue };
  }
  if (row.action.startsWith('dependency.add')) {
    return { ...base, action: 'dependency_added', from: row.serviceName, to: row.toValue };
  }
  if (row.action === 'plan.create' || row.action === 'strategy.change') {
    return { ...base, action: 'replanned', from: row.fromValue, to: row.toValue };
  }
  return null;
}

/** Which services an approval row is about: named in the request row itself, or found by its id. */
function approvalTarget(
  row: AuditRow,
  requestOf: RequestLookup,
): { service: string | null; services: readonly string[]; batch: number | null } {
  const detail = row.detail ?? {};
  const batch = typeof detail.batch === 'number' ? detail.batch : null;
  const named = Array.isArray(detail.services) ? detail.services.filter((n) => typeof n === 'string') : [];
  const found = typeof detail.requestId === 'number' ? requestOf(detail.requestId) : null;
  const services = named.length > 0 ? named : (found?.services ?? (row.serviceName ? [row.serviceName] : []));
  return {
    service: services.length === 1 ? (services[0] ?? null) : null,
    services,
    batch: batch ?? found?.batch ?? null,
  };
}

export async function digestInput(deps: Deps, migration: MigrationRow, now: Date): Promise<DigestInput> {
  const { db } = deps.store;
  const { services } = loadGraph(db, migration);
  const settings = withDefaults(migration.settings);
  const stored = currentPlan(db, migration);
  const history = auditFor(db, migration.workspaceId, migration.id);
  const byId = new Map(services.map((s) => [s.id, s]));
  const byName = new Map(services.map((s) => [s.name, s]));
  return {
    migration: migrationFacts(migration, stored, settings),
    services: serviceFacts(services, stored, history),
    events: eventsSince(history, migration.lastDigestAt, requestLookup(db, migration, byId)),
    runbookSteps: stepsDueNow(db, migration, byId),
    approvals: await pendingApprovals(deps, migration, byId),
    redChecks: redServices(db, migration, services, now).map((r) => ({
      ...r,
      owner: ownerForDigest(r.owner, byName.get(r.service)?.ownerKind ?? null),
    })),
    settings,
    timeZone: migration.digestTz,
    lastDigestAt: migration.lastDigestAt,
    // The seed follows the day, so one day's digests agree and tests are repeatable.
    forecastSeed: Math.floor(now.getTime() / 86_400_000),
  };
}

function migrationFacts(
  migration: MigrationRow,
  stored: StoredPlan | null,
  settings: MigrationSettings,
): DigestInput['migration'] {
  return {
    name: migration.name,
    strategy: migration.strategy,
    from: migration.fromPlatform,
    to: migration.toPlatform,
    createdAt: migration.createdAt,
    planCreatedAt: stored?.plan.createdAt ?? null,
    graphChangedAt: migration.graphChangedAt,
    planEstimateWorkingDays: stored ? estimatePlan(storedToPlan(stored), settings).calendarDays : null,
  };
}

/** Each service with its place in the current plan and when it first left `planned`. */
function serviceFacts(
  services: readonly ServiceRow[],
  stored: StoredPlan | null,
  history: readonly AuditRow[],
): DigestInput['services'] {
  const entryOf = new Map((stored?.entries ?? []).map((e) => [e.serviceId, e]));
  const startedAt = new Map<number, Date>();
  for (const row of history) {
    if (row.action === 'service.transition' && row.fromValue === 'planned' && row.serviceId !== null) {
      if (!startedAt.has(row.serviceId)) startedAt.set(row.serviceId, row.createdAt);
    }
  }
  return services.map((s) => {
    const entry = entryOf.get(s.id);
    return {
      name: s.name,
      owner: ownerForDigest(s.owner, s.ownerKind),
      state: s.state,
      stateChangedAt: s.stateChangedAt,
      startedAt: startedAt.get(s.id) ?? null,
      batch: entry?.batch ?? null,
      track: entry?.track ?? null,
      position: entry?.position ?? null,
      monitoringEndsAt: s.monitoringEndsAt,
    };
  });
}

/** What happened since the last digest (all of it before the first one). */
function eventsSince(history: readonly AuditRow[], since: Date | null, requestOf: RequestLookup): DigestEventInput[] {
  const recent = history.filter((row) => !since || row.createdAt > since);
  // A strategy change stores a plan at the same moment: one "re-planned" line, not two.
  const strategyChanges = new Set(
    recent.filter((r) => r.action === 'strategy.change').map((r) => `${r.actor}@${r.createdAt.getTime()}`),
  );
  return recent
    .filter((r) => !(r.action === 'plan.create' && strategyChanges.has(`${r.actor}@${r.createdAt.getTime()}`)))
    .map((row) => digestEvent(row, requestOf))
    .filter((e): e is DigestEventInput => e !== null);
}

/** Looks approval requests up by id (once each), naming their services. */
function requestLookup(db: Db, migration: MigrationRow, byId: ReadonlyMap<number, ServiceRow>): RequestLookup {
  const cache = new Map<number, ReturnType<RequestLookup>>();
  return (id) => {
    if (!cache.has(id)) {
      const r = requestById(db, migration.workspaceId, id);
      cache.set(
        id,
        r === null ? null : { services: r.serviceIds.map((s) => byId.get(s)?.name ?? `#${s}`), batch: r.batch },
      );
    }
    return cache.get(id) ?? null;
  };
}

/** The runbook steps due now, as waiting.ts defines them (the App Home uses the same). */
function stepsDueNow(
  db: Db,
  migration: MigrationRow,
  byId: ReadonlyMap<number, ServiceRow>,
): DigestInput['runbookSteps'] {
  const inFlight = [...byId.values()].filter((s) => IN_FLIGHT_STATES.includes(s.state));
  const open = openStepsOf(
    db,
    migration.workspaceId,
    inFlight.map((s) => s.id),
  ).map((step) => ({
    service: byId.get(step.serviceId)?.name ?? '',
    phase: step.phase,
    position: step.position,
    text: step.text,
  }));
  return dueStepsByOwner(inFlight, open).flatMap((group) =>
    group.steps.map((step) => ({ service: step.service, owner: null, text: step.text, phase: step.phase })),
  );
}

/** Requests still waiting, each with a link to its message when it was posted. */
function pendingApprovals(
  deps: Deps,
  migration: MigrationRow,
  byId: ReadonlyMap<number, ServiceRow>,
): Promise<DigestInput['approvals']> {
  return Promise.all(
    pendingRequests(deps.store.db, migration).map(async (r) => ({
      services: r.serviceIds.map((id) => byId.get(id)?.name ?? `#${id}`),
      requestedAt: r.createdAt,
      permalink: r.messageTs ? await deps.slack.permalink(r.channelId, r.messageTs) : null,
    })),
  );
}
