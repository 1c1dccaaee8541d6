// Plans as numbered versions: the current plan is the highest version of this migration.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plan } from '../../src/domain/planner.ts';
import type { Db, Store } from '../../src/store/db.ts';
import { loadGraph } from '../../src/store/graph.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';
import { currentPlan, savePlan } from '../../src/store/plans.ts';
import { planEntriesTable } from '../../src/store/schema.ts';
import { freshStore, minutesAfter, must, seedMigration, seedPlan, seedServices, T0 } from '../support/store.ts';

let store: Store;
let db: Db;
let a: MigrationRow;
let b: MigrationRow;

beforeEach(() => {
  store = freshStore();
  db = store.db;
  a = seedMigration(db, { workspaceId: 'T0A' });
  b = seedMigration(db, { workspaceId: 'T0B' });
});
afterEach(() => store.close());

describe('savePlan and currentPlan', () => {
  it('has no plan before the first one', () => {
    expect(currentPlan(db, a)).toBeNull();
  });

  it('stores entries in position order with their service names and effort', () => {
    seedServices(db, a, [{ name: 'web', dependsOn: ['api'] }, { name: 'api', dependsOn: ['db'] }, { name: 'db' }]);
    const row = seedPlan(db, a, { at: T0 });
    expect(row).toMatchObject({ version: 1, strategy: 'parallel', direction: 'leaf-first', createdBy: 'U0LEAD' });
    expect(row.notes).toMatchObject({ groups: [], warnings: [], blastRadiusExact: true });
    const stored = must(currentPlan(db, a), 'plan');
    expect(stored.plan.id).toBe(row.id);
    expect(stored.entries.map((e) => [e.position, e.service, e.batch, e.track, e.blastRadius])).toEqual([
      [1, 'web', 1, 'parallel', 0],
      [2, 'api', 2, 'parallel', 1],
      [3, 'db', 3, 'parallel', 2],
    ]);
    expect(stored.entries.every((e) => e.effortDays === null)).toBe(true);
  });

  it('numbers versions per migration, and the highest is current', () => {
    seedServices(db, a, [{ name: 'api' }, { name: 'web' }]);
    seedServices(db, b, [{ name: 'api' }]);
    expect(seedPlan(db, a).version).toBe(1);
    expect(seedPlan(db, b).version).toBe(1);
    const second = seedPlan(db, a, { strategy: 'sequential', at: minutesAfter(T0, 1) });
    expect(second.version).toBe(2);
    const current = must(currentPlan(db, a), 'plan');
    expect(current.plan).toMatchObject({ id: second.id, version: 2, strategy: 'sequential' });
    expect(current.entries.map((e) => [e.service, e.track, e.batch, e.step])).toEqual([
      ['api', 'sequential', null, 1],
      ['web', 'sequential', null, 2],
    ]);
    expect(must(currentPlan(db, b), 'plan B').plan.version).toBe(1);
  });

  it('skips entries whose service it is not given', () => {
    seedServices(db, a, [{ name: 'api' }, { name: 'web' }]);
    const { services, graph } = loadGraph(db, a);
    const onlyWeb = new Map(services.filter((s) => s.name === 'web').map((s) => [s.name, s.id]));
    db.transaction((tx) => savePlan(tx, a, plan(graph, { strategy: 'parallel' }), onlyWeb, 'U0LEAD', T0));
    expect(must(currentPlan(db, a), 'plan').entries.map((e) => e.service)).toEqual(['web']);
  });

  it("never reads another workspace's plan, even for the same migration id", () => {
    seedServices(db, a, [{ name: 'api' }]);
    seedPlan(db, a);
    expect(currentPlan(db, { workspaceId: 'T0B', id: a.id })).toBeNull();
  });

  it('stores more entries than one statement binds', () => {
    seedServices(
      db,
      a,
      Array.from({ length: 530 }, (_, i) => ({ name: `svc-${i}` })),
    );
    seedPlan(db, a);
    expect(must(currentPlan(db, a), 'plan').entries).toHaveLength(530);
    expect(db.select().from(planEntriesTable).all()).toHaveLength(530);
  });
});
