// Health evaluations: which services are due, the claim that makes one process evaluate a service
// once per interval, and the results with their time (the latest per check is its state).
import { and, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { HEALTH_WATCHED_STATES } from '../domain/health.ts';
import type { CheckResult, EvaluatedCheck } from '../domain/health-gate.ts';
import type { Db } from './db.ts';
import type { HealthSourceRow } from './health.ts';
import type { MigrationRow } from './migrations.ts';
import { healthResultsTable, healthRunsTable, healthSourcesTable, migrationsTable, servicesTable } from './schema.ts';

type ServiceRow = typeof servicesTable.$inferSelect;
type ServiceRef = { readonly workspaceId: string; readonly id: number };
export type HealthResultRow = typeof healthResultsTable.$inferSelect;

export interface DueEvaluation {
  readonly migration: MigrationRow;
  readonly service: ServiceRow;
  readonly source: HealthSourceRow;
}

/**
 * Services of active migrations with a source, in a watched state (shadow to monitoring, cutover
 * included), not claimed within their migration's interval: across workspaces, for the tick to claim.
 */
export function dueEvaluations(db: Db, now: Date): DueEvaluation[] {
  return db
    .select({ migration: migrationsTable, service: servicesTable, source: healthSourcesTable })
    .from(servicesTable)
    .innerJoin(migrationsTable, eq(migrationsTable.id, servicesTable.migrationId))
    .innerJoin(healthSourcesTable, eq(healthSourcesTable.migrationId, migrationsTable.id))
    .leftJoin(healthRunsTable, eq(healthRunsTable.serviceId, servicesTable.id))
    .where(
      and(
        eq(migrationsTable.status, 'active'),
        inArray(servicesTable.state, [...HEALTH_WATCHED_STATES]),
        or(
          isNull(healthRunsTable.claimedAt),
          sql`${healthRunsTable.claimedAt} <= ${now.getTime()} - ${healthSourcesTable.intervalSeconds} * 1000`,
        ),
      ),
    )
    .all();
}

/**
 * Claims the service's evaluation at `now`. One INSERT … ON CONFLICT DO UPDATE … WHERE: true for
 * exactly one caller per interval, across restarts and processes sharing the database file.
 */
export function claimEvaluation(db: Db, service: ServiceRef, now: Date, intervalMs: number): boolean {
  const res = db
    .insert(healthRunsTable)
    .values({ serviceId: service.id, workspaceId: service.workspaceId, claimedAt: now })
    .onConflictDoUpdate({
      target: healthRunsTable.serviceId,
      set: { claimedAt: now },
      setWhere: and(
        eq(healthRunsTable.workspaceId, service.workspaceId),
        lte(healthRunsTable.claimedAt, new Date(now.getTime() - intervalMs)),
      ),
    })
    .run();
  return res.changes === 1;
}

/** Stores one evaluation of a service's checks, all with the same time. */
export function recordResults(db: Db, service: ServiceRef, results: readonly EvaluatedCheck[], at: Date): void {
  if (results.length === 0) return;
  db.insert(healthResultsTable)
    .values(
      results.map((r) => ({
        workspaceId: service.workspaceId,
        serviceId: service.id,
        checkKey: r.key,
        checkName: r.name,
        dashboardUrl: r.dashboardUrl,
        state: r.verdict.state,
        value: r.verdict.value,
        reference: r.verdict.reference,
        unknown: r.verdict.unknown,
        reason: r.verdict.reason,
        evaluatedAt: at,
      })),
    )
    .run();
}

/** The latest result of each check of the service (what the gate and the messages show). */
export function latestResults(db: Db, service: ServiceRef): CheckResult[] {
  const newest = db
    .select({ key: healthResultsTable.checkKey, at: sql<number>`max(${healthResultsTable.evaluatedAt})`.as('at') })
    .from(healthResultsTable)
    .where(and(eq(healthResultsTable.workspaceId, service.workspaceId), eq(healthResultsTable.serviceId, service.id)))
    .groupBy(healthResultsTable.checkKey)
    .as('newest');
  return db
    .select()
    .from(healthResultsTable)
    .innerJoin(newest, and(eq(newest.key, healthResultsTable.checkKey), eq(newest.at, healthResultsTable.evaluatedAt)))
    .where(and(eq(healthResultsTable.workspaceId, service.workspaceId), eq(healthResultsTable.serviceId, service.id)))
    .orderBy(healthResultsTable.id)
    .all()
    .map(({ health_results: r }) => toCheckResult(r));
}

/** A check's history, newest first. */
export function resultHistory(db: Db, service: ServiceRef, checkKey: string, limit = 50): HealthResultRow[] {
  return db
    .select()
    .from(healthResultsTable)
    .where(
      and(
        eq(healthResultsTable.workspaceId, service.workspaceId),
        eq(healthResultsTable.serviceId, service.id),
        eq(healthResultsTable.checkKey, checkKey),
      ),
    )
    .orderBy(desc(healthResultsTable.evaluatedAt), desc(healthResultsTable.id))
    .limit(limit)
    .all();
}

/**
 * Drops results older than `before` (a minute's evaluation of every check adds up), except each
 * check's newest: `/migrate health <service>` keeps showing how a service that is no longer
 * evaluated (done, rolled back) last stood.
 */
export function pruneResults(db: Db, before: Date): number {
  const t = healthResultsTable;
  const newest = sql`(select max(n.evaluated_at) from health_results n where n.service_id = ${t.serviceId} and n.check_key = ${t.checkKey})`;
  return db
    .delete(t)
    .where(and(lt(t.evaluatedAt, before), lt(t.evaluatedAt, newest)))
    .run().changes;
}

export function toCheckResult(r: HealthResultRow): CheckResult {
  return {
    key: r.checkKey,
    name: r.checkName,
    dashboardUrl: r.dashboardUrl,
    evaluatedAt: r.evaluatedAt,
    verdict: { state: r.state, value: r.value, reference: r.reference, unknown: r.unknown, reason: r.reason },
  };
}
