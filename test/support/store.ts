// Store-ring set-up: a fresh in-memory database built from the real migrations/ folder, and small
// typed factories that write rows through the store's own functions (plain inserts only where the
// store has no function for it, as the import merge writes services in bulk).
import type { ServiceState, Strategy } from '../../src/domain/model.ts';
import { plan } from '../../src/domain/planner.ts';
import { type ApprovalRequestRow, createRequest } from '../../src/store/approvals.ts';
import { applySchema, type Db, openStore, type Store } from '../../src/store/db.ts';
import { loadGraph, type ServiceRow } from '../../src/store/graph.ts';
import { addPerson, insertMigration, type MigrationRow } from '../../src/store/migrations.ts';
import { type PlanRow, savePlan } from '../../src/store/plans.ts';
import { dependenciesTable, servicesTable } from '../../src/store/schema.ts';

export const T0 = new Date('2026-11-25T10:00:00Z');
export const minutesAfter = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);

/** A store as start-up makes it (openStore + applySchema), on `:memory:`. */
export function freshStore(): Store {
  const store = openStore(':memory:');
  applySchema(store);
  return store;
}

export interface MigrationSeed {
  readonly workspaceId?: string;
  readonly channelId?: string;
  readonly name?: string;
  readonly strategy?: Strategy;
  readonly createdBy?: string;
  readonly digestTz?: string;
  readonly createdAt?: Date;
}

export function seedMigration(db: Db, seed: MigrationSeed = {}): MigrationRow {
  return insertMigration(db, {
    workspaceId: seed.workspaceId ?? 'T0A',
    channelId: seed.channelId ?? 'C0MOVE',
    channelPrivate: false,
    name: seed.name ?? 'Queues to Kafka',
    fromPlatform: 'RabbitMQ',
    toPlatform: 'Kafka',
    strategy: seed.strategy ?? 'parallel',
    createdBy: seed.createdBy ?? 'U0LEAD',
    digestTz: seed.digestTz ?? 'UTC',
    createdAt: seed.createdAt ?? T0,
  });
}

export interface ServiceSeed {
  readonly name: string;
  readonly state?: ServiceState;
  readonly tier?: number;
  readonly stateful?: boolean;
  readonly owner?: string;
  readonly monitoringEndsAt?: Date | null;
  /** Names of services this one depends on; they must be seeded in the same call, earlier or later. */
  readonly dependsOn?: readonly string[];
}

/** Inserts services (and their dependencies, as `declared` edges) in one transaction; returns them by name. */
export function seedServices(db: Db, m: MigrationRow, services: readonly ServiceSeed[]): Map<string, ServiceRow> {
  return db.transaction((tx) => {
    const rows = new Map<string, ServiceRow>();
    for (const s of services) {
      const row = tx
        .insert(servicesTable)
        .values({
          workspaceId: m.workspaceId,
          migrationId: m.id,
          name: s.name,
          state: s.state ?? 'planned',
          tier: s.tier ?? null,
          stateful: s.stateful ?? false,
          owner: s.owner ?? null,
          ownerKind: s.owner ? 'user' : null,
          monitoringEndsAt: s.monitoringEndsAt ?? null,
          stateChangedAt: T0,
          createdAt: T0,
        })
        .returning()
        .get();
      rows.set(s.name, row);
    }
    for (const s of services) {
      for (const provider of s.dependsOn ?? []) {
        const from = rows.get(s.name);
        const to = rows.get(provider);
        if (!from || !to) throw new Error(`seedServices: unknown dependency ${s.name} -> ${provider}`);
        tx.insert(dependenciesTable)
          .values({
            workspaceId: m.workspaceId,
            migrationId: m.id,
            fromId: from.id,
            toId: to.id,
            origin: 'declared',
            createdAt: T0,
          })
          .run();
      }
    }
    return rows;
  });
}

/** Plans the migration's stored graph with the real planner and saves it as the next version. */
export function seedPlan(db: Db, m: MigrationRow, options: { strategy?: Strategy; at?: Date } = {}): PlanRow {
  const { services, graph } = loadGraph(db, m);
  const p = plan(graph, { strategy: options.strategy ?? m.strategy });
  const ids = new Map(services.map((s) => [s.name, s.id]));
  return db.transaction((tx) => savePlan(tx, m, p, ids, 'U0LEAD', options.at ?? T0));
}

export function seedApprover(db: Db, m: MigrationRow, slackId: string): boolean {
  return addPerson(db, m, { role: 'approver', kind: 'user', slackId, addedBy: m.createdBy });
}

export interface RequestSeed {
  readonly serviceIds: readonly number[];
  readonly batch?: number | null;
  readonly required?: number;
  readonly requestedBy?: string;
  readonly now?: Date;
}

export function seedRequest(db: Db, m: MigrationRow, seed: RequestSeed): ApprovalRequestRow {
  return createRequest(db, {
    migration: m,
    channelId: m.channelId,
    batch: seed.batch ?? null,
    serviceIds: seed.serviceIds,
    requestedBy: seed.requestedBy ?? 'U0LEAD',
    required: seed.required ?? 1,
    now: seed.now ?? T0,
  });
}

/** A row that must exist: the test fails with a message naming it rather than on a later null. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
}
