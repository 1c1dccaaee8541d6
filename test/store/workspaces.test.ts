// Workspaces kept apart: two workspaces hold the same migration, services, plan and requests, and
// every read scoped to A returns A's rows only, even given B's ids.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestById, requestsFor } from '../../src/store/approvals.ts';
import type { Db, Store } from '../../src/store/db.ts';
import { edgesOf, serviceByName, servicesOf } from '../../src/store/graph.ts';
import { dependencyCount, lastPlannedSlots, removeDependencies, removeService } from '../../src/store/graph-edits.ts';
import { effectivePlan, serviceById, servicesByIds } from '../../src/store/lifecycle.ts';
import { activeMigration, listMigrations, type MigrationRow, people } from '../../src/store/migrations.ts';
import { currentPlan } from '../../src/store/plans.ts';
import {
  freshStore,
  must,
  seedApprover,
  seedMigration,
  seedPlan,
  seedRequest,
  seedServices,
} from '../support/store.ts';

let store: Store;
let db: Db;
let a: MigrationRow;
let b: MigrationRow;

const seedWorkspace = (workspaceId: string): MigrationRow => {
  const m = seedMigration(db, { workspaceId });
  seedServices(db, m, [{ name: 'web', dependsOn: ['api'] }, { name: 'api', dependsOn: ['db'] }, { name: 'db' }]);
  seedPlan(db, m);
  seedApprover(db, m, `U0APPROVER${workspaceId}`);
  seedRequest(db, m, { serviceIds: servicesOf(db, m).map((s) => s.id) });
  return m;
};

beforeEach(() => {
  store = freshStore();
  db = store.db;
  a = seedWorkspace('T0A');
  b = seedWorkspace('T0B');
});
afterEach(() => store.close());

/** B's migration id read as if it were A's: what a forged or stale id from another workspace looks like. */
const bAsA = () => ({ workspaceId: 'T0A', id: b.id });
const ids = (m: MigrationRow) => servicesOf(db, m).map((s) => s.id);

describe('workspace scoping', () => {
  it('keeps migrations, services and edges apart', () => {
    expect(activeMigration(db, 'T0A', 'C0MOVE')?.id).toBe(a.id);
    expect(listMigrations(db, 'T0A').map((m) => m.id)).toEqual([a.id]);
    expect(servicesOf(db, a).every((s) => s.workspaceId === 'T0A')).toBe(true);
    expect(servicesOf(db, bAsA())).toEqual([]);
    expect(edgesOf(db, bAsA())).toEqual([]);
    expect(edgesOf(db, a)).toHaveLength(2);
    expect(serviceByName(db, bAsA(), 'api')).toBeNull();
    const bApi = must(serviceByName(db, b, 'api'), 'B api');
    expect(serviceById(db, 'T0A', bApi.id)).toBeNull();
    expect(servicesByIds(db, a, ids(b))).toEqual([]);
    expect(dependencyCount(db, a, bApi.id)).toBe(0);
    expect(people(db, bAsA(), 'approver')).toEqual([]);
  });

  it('keeps plans and requests apart', () => {
    expect(currentPlan(db, bAsA())).toBeNull();
    expect(effectivePlan(db, bAsA())).toEqual({ version: null, entries: [] });
    expect(lastPlannedSlots(db, a, ids(b)).size).toBe(0);
    const bRequest = must(requestsFor(db, b, ids(b))[0], 'B request');
    expect(requestById(db, 'T0A', bRequest.id)).toBeNull();
    expect(requestsFor(db, a, ids(b))).toEqual([]);
    expect(requestsFor(db, a, ids(a))).toHaveLength(1);
  });

  it("never edits another workspace's graph", () => {
    const bWeb = must(serviceByName(db, b, 'web'), 'B web');
    const bApi = must(serviceByName(db, b, 'api'), 'B api');
    expect(removeDependencies(db, a, bWeb.id, bApi.id)).toEqual([]);
    expect(removeService(db, a, bApi.id, false)).toBe(false);
    expect(edgesOf(db, b)).toHaveLength(2);
    expect(servicesOf(db, b)).toHaveLength(3);
  });
});
