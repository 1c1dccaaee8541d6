// Reads a migration's state from the store into the digest's pure input.
import type { DigestEventInput, DigestInput } from '../domain/digest.ts';
import { estimatePlan } from '../domain/estimates.ts';
import { IN_FLIGHT_STATES } from '../domain/lifecycle.ts';
import { SERVICE_STATES, type ServiceState } from '../domain/model.ts';
import { RUNBOOK_PHASES, type RunbookPhase } from '../domain/runbook.ts';
import { type MigrationSettings, withDefaults } from '../domain/settings.ts';
import { pendingRequestsOf } from '../store/approvals.ts';
import { type AuditRow, auditFor } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { loadGraph, type ServiceRow } from '../store/graph.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { currentPlan, type StoredPlan } from '../store/plans.ts';
import { openStepsOf } from '../store/runbooks.ts';
import type { Deps } from './deps.ts';
import { storedToPlan } from './planning.ts';

const SERVICE_STATE_VALUES = new Set<string>(SERVICE_STATES);

/** The last runbook phase that matters in each in-flight state: later phases' steps are not today's. */
const LAST_PHASE_NOW: Partial<Record<ServiceState, RunbookPhase>> = {
  shadow: 'validate',
  awaiting_approval: 'cutover',
  cutover: 'cutover',
  monitoring: 'monitor',
};

/** Open steps of the phases up to the service's current one (earlier ones still open are overdue). */
function isDueNow(phase: string, state: ServiceState | undefined): boolean {
  const last = state ? LAST_PHASE_NOW[state] : undefined;
  if (!last) return false;
  const at = RUNBOOK_PHASES.indexOf(phase as RunbookPhase);
  return at >= 0 && at <= RUNBOOK_PHASES.indexOf(last);
}

/**
 * The digest mentions owners that look like Slack user ids. A team whose name happens to look like
 * one (`W0PAYMENTS`) must stay text: a zero-width space keeps it from pinging anybody.
 */
function ownerForDigest(owner: string | null, kind: 'user' | 'team' | null): string | null {
  if (owner === null || kind === 'user') return owner;
  return /^[UW][A-Z0-9]{2,}$/.test(owner) ? `${owner}\u200B` : owner;
}

/** Audit rows as digest events; bookkeeping rows (settings, leads) are left out. */
export function digestEvent(row: AuditRow): DigestEventInput | null {
  const base = { at: row.createdAt, actor: row.actor, service: row.serviceName, reason: row.reason };
  if (row.action === 'service.transition') {
    const to = row.toValue;
    if (!to || !SERVICE_STATE_VALUES.has(to)) return null;
    return { ...base, action: to === 'rolled_back' ? 'rollback' : 'transition', from: row.fromValue, to };
  }
  if (row.action.startsWith('approval.')) return { ...base, action: 'approval', from: null, to: null };
  if (row.action.startsWith('dependency.add')) {
    return { ...base, action: 'dependency_added', from: row.serviceName, to: row.toValue };
  }
  if (row.action === 'plan.create' || row.action === 'strategy.change') {
    return { ...base, action: 'replanned', from: row.fromValue, to: row.toValue };
  }
  return null;
}

export async function digestInput(deps: Deps, migration: MigrationRow, now: Date): Promise<DigestInput> {
  const { db } = deps.store;
  const { services } = loadGraph(db, migration);
  const settings = withDefaults(migration.settings);
  const stored = currentPlan(db, migration);
  const history = auditFor(db, migration.workspaceId, migration.id);
  const byId = new Map(services.map((s) => [s.id, s]));
  return {
    migration: migrationFacts(migration, stored, settings),
    services: serviceFacts(services, stored, history),
    events: eventsSince(history, migration.lastDigestAt),
    runbookSteps: stepsDueNow(db, migration, byId),
    approvals: await pendingApprovals(deps, migration, byId),
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
function eventsSince(history: readonly AuditRow[], since: Date | null): DigestEventInput[] {
  const recent = history.filter((row) => !since || row.createdAt > since);
  // A strategy change stores a plan at the same moment: one "re-planned" line, not two.
  const strategyChanges = new Set(
    recent.filter((r) => r.action === 'strategy.change').map((r) => `${r.actor}@${r.createdAt.getTime()}`),
  );
  return recent
    .filter((r) => !(r.action === 'plan.create' && strategyChanges.has(`${r.actor}@${r.createdAt.getTime()}`)))
    .map(digestEvent)
    .filter((e): e is DigestEventInput => e !== null);
}

/** Open steps of in-flight services whose phase has come. */
function stepsDueNow(
  db: Db,
  migration: MigrationRow,
  byId: ReadonlyMap<number, ServiceRow>,
): DigestInput['runbookSteps'] {
  const inFlightIds = [...byId.values()]
    .filter((s) => (IN_FLIGHT_STATES as readonly string[]).includes(s.state))
    .map((s) => s.id);
  return openStepsOf(db, migration.workspaceId, inFlightIds)
    .filter((step) => isDueNow(step.phase, byId.get(step.serviceId)?.state))
    .map((step) => ({
      service: byId.get(step.serviceId)?.name ?? '',
      owner: null,
      text: step.text,
      phase: step.phase,
    }));
}

/** Requests still waiting, each with a link to its message when it was posted. */
function pendingApprovals(
  deps: Deps,
  migration: MigrationRow,
  byId: ReadonlyMap<number, ServiceRow>,
): Promise<DigestInput['approvals']> {
  return Promise.all(
    pendingRequestsOf(deps.store.db, migration).map(async (r) => ({
      services: r.serviceIds.map((id) => byId.get(id)?.name ?? `#${id}`),
      requestedAt: r.createdAt,
      permalink: r.messageTs ? await deps.slack.permalink(r.channelId, r.messageTs) : null,
    })),
  );
}
