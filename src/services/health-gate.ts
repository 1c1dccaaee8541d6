// A service's health as the gates, the messages, the digest and Home see it: its checks now (the
// latest stored result of each, amber when missing or stale), read from the store. The tick writes
// results (src/schedule/health.ts); everything else reads them through here.
import type { RedServiceInput } from '../domain/digest-model.ts';
import { HEALTH_WATCHED_STATES } from '../domain/health.ts';
import { approvalGate, blockerLines, type CheckStatus, currentStatuses } from '../domain/health-gate.ts';
import { DEFAULT_WINDOW, type PlatformPair, renderCheck } from '../domain/health-templates.ts';
import type { ApprovalOverrideView } from '../slack/views/approval-message.ts';
import type { CheckLineView } from '../slack/views/health-lines.ts';
import { auditFor } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import type { ServiceRow } from '../store/graph.ts';
import { type HealthSourceRow, healthSource, serviceChecks } from '../store/health.ts';
import { latestResults } from '../store/health-results.ts';
import type { MigrationRow } from '../store/migrations.ts';

type ServiceRef = { readonly workspaceId: string; readonly id: number; readonly name: string };
type MigrationRef = Pick<MigrationRow, 'workspaceId' | 'id' | 'fromPlatform' | 'toPlatform'>;

/**
 * A result older than this many intervals says nothing about the present (the evaluator stopped or
 * cannot keep up): the check shows amber "stale" and closes the gate.
 */
const STALE_AFTER_INTERVALS = 3;

export function staleAfterMs(source: Pick<HealthSourceRow, 'intervalSeconds'>): number {
  return STALE_AFTER_INTERVALS * source.intervalSeconds * 1000;
}

/** The label values and rate window the service's queries are filled with. */
export function platformPair(migration: MigrationRef, source: HealthSourceRow, service: ServiceRef): PlatformPair {
  return {
    service: service.name,
    oldPlatform: source.oldPlatformLabel ?? migration.fromPlatform ?? 'old',
    newPlatform: source.newPlatformLabel ?? migration.toPlatform ?? 'new',
    window: source.window || DEFAULT_WINDOW,
  };
}

/** The status of each check of the service now; null when its migration has no metrics source. */
export function serviceHealth(db: Db, migration: MigrationRef, service: ServiceRef, now: Date): CheckStatus[] | null {
  const source = healthSource(db, migration);
  if (source === null) return null;
  return statusesWith(db, migration, source, service, now);
}

export function statusesWith(
  db: Db,
  migration: MigrationRef,
  source: HealthSourceRow,
  service: ServiceRef,
  now: Date,
): CheckStatus[] {
  const pair = platformPair(migration, source, service);
  const checks = serviceChecks(db, migration, source, service).map((t) => {
    const c = renderCheck(t, pair);
    return { key: c.key, name: c.name, dashboardUrl: c.dashboardUrl };
  });
  return currentStatuses(checks, latestResults(db, service), now, staleAfterMs(source));
}

/** Each named service's health; services of a migration without a source are left out. */
export function healthOf(
  db: Db,
  migration: MigrationRef,
  services: readonly ServiceRef[],
  now: Date,
): Map<number, CheckStatus[]> {
  const source = healthSource(db, migration);
  const out = new Map<number, CheckStatus[]>();
  if (source === null) return out;
  for (const s of services) out.set(s.id, statusesWith(db, migration, source, s, now));
  return out;
}

/** Statuses as the messages show them, one line each. */
export function checkLines(statuses: readonly CheckStatus[]): CheckLineView[] {
  return statuses.map((s) => ({
    name: s.name,
    state: s.verdict.state,
    reason: s.verdict.reason,
    dashboardUrl: s.dashboardUrl,
  }));
}

/** An approval given despite failing checks is an `approval.approve` audit row marked as such. */
export const OVERRIDE_DETAIL = 'healthOverride';

/** The overrides given on a request, oldest first, with their reasons (from the audit log). */
export function overridesOf(db: Db, migration: MigrationRef, requestId: number): ApprovalOverrideView[] {
  return auditFor(db, migration.workspaceId, migration.id)
    .filter(
      (r) =>
        r.action === 'approval.approve' && r.detail?.requestId === requestId && r.detail?.[OVERRIDE_DETAIL] === true,
    )
    .map((r) => ({ by: r.actor, reason: r.reason ?? '' }));
}

export interface ServiceBlockers {
  readonly name: string;
  readonly lines: readonly string[];
}

/** The services whose checks keep the gate closed, each with its blocker lines (red first). */
export function gateBlockers(
  db: Db,
  migration: MigrationRef,
  services: readonly ServiceRef[],
  now: Date,
): ServiceBlockers[] {
  const health = healthOf(db, migration, services, now);
  return services.flatMap((s) => {
    const statuses = health.get(s.id);
    if (statuses === undefined) return [];
    const gate = approvalGate(statuses);
    return gate.open ? [] : [{ name: s.name, lines: blockerLines(gate.blockers) }];
  });
}

/** As checkLines, null for a service without a metrics source. */
export function checkLinesOf(statuses: readonly CheckStatus[] | undefined): CheckLineView[] | null {
  return statuses === undefined ? null : checkLines(statuses);
}

/** The service's health moved (its worst check state): an audit row the digest reads back. */
export const HEALTH_CHANGE_ACTION = 'health.change';

/**
 * The one rule for "red" the digest and the App Home share: a watched service with at least one
 * red check now (amber is unknown, not red: it closes the gate but is not called red).
 */
export function redServices(
  db: Db,
  migration: MigrationRef,
  services: readonly (ServiceRef & Pick<ServiceRow, 'state' | 'owner'>)[],
  now: Date,
): RedServiceInput[] {
  const watched = services.filter((s) => (HEALTH_WATCHED_STATES as readonly string[]).includes(s.state));
  const health = healthOf(db, migration, watched, now);
  return watched.flatMap((s) => {
    const red = (health.get(s.id) ?? []).filter((c) => c.verdict.state === 'red').map((c) => c.name);
    return red.length === 0 ? [] : [{ service: s.name, owner: s.owner, checks: red }];
  });
}
