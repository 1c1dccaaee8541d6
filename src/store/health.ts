// Health-check setup: a migration's metrics source, its templates, and each service's own checks.
// Every query is scoped by workspace. Results and the evaluation claims are in health-results.ts.
import { and, asc, eq } from 'drizzle-orm';
import {
  type CheckOverride,
  type CheckTemplate,
  DEFAULT_TEMPLATE_SETS,
  effectiveChecks,
  type TemplateSet,
} from '../domain/health-templates.ts';
import type { Db } from './db.ts';
import type { MigrationRow } from './migrations.ts';
import { type HEALTH_CHECK_ORIGINS, healthChecksTable, healthSourcesTable, healthTemplatesTable } from './schema.ts';

export type HealthSourceRow = typeof healthSourcesTable.$inferSelect;
type MigrationRef = Pick<MigrationRow, 'workspaceId' | 'id'>;
type ServiceRef = { readonly workspaceId: string; readonly id: number };

export interface NewHealthSource {
  readonly url: string;
  /** Already encrypted by the caller (see the column's comment); stored as given. */
  readonly credentials: string | null;
  readonly createdBy: string;
}

/** Saves the migration's source, replacing the URL and credentials of an earlier one (settings stay). */
export function saveHealthSource(db: Db, m: MigrationRef, source: NewHealthSource, now: Date): HealthSourceRow {
  return db
    .insert(healthSourcesTable)
    .values({ workspaceId: m.workspaceId, migrationId: m.id, kind: 'prometheus', ...source, createdAt: now })
    .onConflictDoUpdate({
      target: healthSourcesTable.migrationId,
      set: { url: source.url, credentials: source.credentials, createdBy: source.createdBy, createdAt: now },
    })
    .returning()
    .get();
}

export function healthSource(db: Db, m: MigrationRef): HealthSourceRow | null {
  return (
    db
      .select()
      .from(healthSourcesTable)
      .where(and(eq(healthSourcesTable.workspaceId, m.workspaceId), eq(healthSourcesTable.migrationId, m.id)))
      .get() ?? null
  );
}

/** Removing the source stops evaluations; checks and history stay for when one is saved again. */
export function removeHealthSource(db: Db, m: MigrationRef): boolean {
  const res = db
    .delete(healthSourcesTable)
    .where(and(eq(healthSourcesTable.workspaceId, m.workspaceId), eq(healthSourcesTable.migrationId, m.id)))
    .run();
  return res.changes === 1;
}

export type HealthSourceSettings = Partial<
  Pick<HealthSourceRow, 'templateSet' | 'window' | 'intervalSeconds' | 'oldPlatformLabel' | 'newPlatformLabel'>
>;

/** False when the migration has no source to set them on. */
export function updateHealthSettings(db: Db, m: MigrationRef, settings: HealthSourceSettings): boolean {
  const res = db
    .update(healthSourcesTable)
    .set(settings)
    .where(and(eq(healthSourcesTable.workspaceId, m.workspaceId), eq(healthSourcesTable.migrationId, m.id)))
    .run();
  return res.changes === 1;
}

/**
 * Replaces the migration's own templates and switches it to them, in the caller's transaction
 * (the commands copy a default set first, then edit it). False when there is no source.
 */
export function replaceTemplates(db: Db, m: MigrationRef, templates: readonly CheckTemplate[], by: string): boolean {
  if (!updateHealthSettings(db, m, { templateSet: 'custom' })) return false;
  db.delete(healthTemplatesTable)
    .where(and(eq(healthTemplatesTable.workspaceId, m.workspaceId), eq(healthTemplatesTable.migrationId, m.id)))
    .run();
  if (templates.length > 0) {
    db.insert(healthTemplatesTable)
      .values(
        templates.map((t, position) => ({
          workspaceId: m.workspaceId,
          migrationId: m.id,
          ...t,
          position,
          createdBy: by,
        })),
      )
      .run();
  }
  return true;
}

/** The templates the migration's checks come from: its own when 'custom', else a default set. */
export function migrationTemplates(db: Db, m: MigrationRef, set: TemplateSet): CheckTemplate[] {
  if (set !== 'custom') return [...DEFAULT_TEMPLATE_SETS[set]];
  return db
    .select()
    .from(healthTemplatesTable)
    .where(and(eq(healthTemplatesTable.workspaceId, m.workspaceId), eq(healthTemplatesTable.migrationId, m.id)))
    .orderBy(asc(healthTemplatesTable.position))
    .all()
    .map((r) => ({
      key: r.key,
      name: r.name,
      query: r.query,
      referenceQuery: r.referenceQuery,
      threshold: r.threshold,
      unit: r.unit,
      dashboardUrl: r.dashboardUrl,
    }));
}

export type HealthCheckOrigin = (typeof HEALTH_CHECK_ORIGINS)[number];

/** Adds or replaces the service's own row for `override.key` (an import re-run replaces its rows). */
export function setServiceCheck(
  db: Db,
  service: ServiceRef,
  override: CheckOverride,
  origin: HealthCheckOrigin,
  by: string,
): void {
  const { key, ...fields } = override;
  db.insert(healthChecksTable)
    .values({ workspaceId: service.workspaceId, serviceId: service.id, key, ...fields, origin, createdBy: by })
    .onConflictDoUpdate({
      target: [healthChecksTable.serviceId, healthChecksTable.key],
      set: { ...fields, origin, createdBy: by },
    })
    .run();
}

/** Drops the service's own row: an added check disappears, an overridden template comes back. */
export function deleteServiceCheck(db: Db, service: ServiceRef, key: string): boolean {
  const res = db
    .delete(healthChecksTable)
    .where(
      and(
        eq(healthChecksTable.workspaceId, service.workspaceId),
        eq(healthChecksTable.serviceId, service.id),
        eq(healthChecksTable.key, key),
      ),
    )
    .run();
  return res.changes === 1;
}

/** Drops the service's rows of one origin (an import re-run clears its own first); the keys dropped. */
export function deleteServiceChecksByOrigin(db: Db, service: ServiceRef, origin: HealthCheckOrigin): string[] {
  return db
    .delete(healthChecksTable)
    .where(
      and(
        eq(healthChecksTable.workspaceId, service.workspaceId),
        eq(healthChecksTable.serviceId, service.id),
        eq(healthChecksTable.origin, origin),
      ),
    )
    .returning({ key: healthChecksTable.key })
    .all()
    .map((r) => r.key);
}

export function serviceOverrides(db: Db, service: ServiceRef): CheckOverride[] {
  return db
    .select()
    .from(healthChecksTable)
    .where(and(eq(healthChecksTable.workspaceId, service.workspaceId), eq(healthChecksTable.serviceId, service.id)))
    .orderBy(asc(healthChecksTable.id))
    .all()
    .map((r) => ({
      key: r.key,
      removed: r.removed,
      name: r.name,
      query: r.query,
      referenceQuery: r.referenceQuery,
      threshold: r.threshold,
      unit: r.unit,
      dashboardUrl: r.dashboardUrl,
    }));
}

/** The checks that run for a service: the migration's templates with the service's rows applied. */
export function serviceChecks(
  db: Db,
  m: MigrationRef,
  source: Pick<HealthSourceRow, 'templateSet'>,
  service: ServiceRef,
): CheckTemplate[] {
  return effectiveChecks(migrationTemplates(db, m, source.templateSet), serviceOverrides(db, service));
}
