// Service state compare-and-set, the effective plan (each service's latest entry) and the
// monitoring-window prompt claim.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plan } from '../../src/domain/planner.ts';
import type { Db, Store } from '../../src/store/db.ts';
import { loadGraph, servicesOf } from '../../src/store/graph.ts';
import {
  casServiceState,
  claimMonitoringPrompt,
  dueMonitoringWindows,
  effectivePlan,
  recordRehearsal,
  serviceById,
  servicesByIds,
} from '../../src/store/lifecycle.ts';
import { archiveMigration, type MigrationRow } from '../../src/store/migrations.ts';
import { savePlan } from '../../src/store/plans.ts';
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

const idOf = (m: MigrationRow, name: string) =>
  must(
    servicesOf(db, m).find((s) => s.name === name),
    name,
  ).id;

describe('serviceById and servicesByIds', () => {
  it('finds services of this workspace and migration only, in name order, leaving unknown ids out', () => {
    seedServices(db, a, [{ name: 'web' }, { name: 'api' }, { name: 'db' }]);
    seedServices(db, b, [{ name: 'alpha' }]);
    const apiId = idOf(a, 'api');
    const alphaId = idOf(b, 'alpha');
    expect(serviceById(db, 'T0A', apiId)?.name).toBe('api');
    expect(serviceById(db, 'T0B', apiId)).toBeNull();
    const picked = servicesByIds(db, a, [idOf(a, 'web'), alphaId, apiId, 99_999]);
    expect(picked.map((s) => s.name)).toEqual(['api', 'web']);
    expect(servicesByIds(db, a, [])).toEqual([]);
  });

  it('reads more ids than one statement binds', () => {
    const names = Array.from({ length: 620 }, (_, i) => ({ name: `svc-${String(i).padStart(3, '0')}` }));
    seedServices(db, a, names);
    const all = servicesOf(db, a).map((s) => s.id);
    const got = servicesByIds(db, a, all);
    expect(got).toHaveLength(620);
    expect(got[0]?.name).toBe('svc-000');
    expect(got[619]?.name).toBe('svc-619');
  });
});

describe('casServiceState', () => {
  it('moves a service only from the expected state, once', () => {
    seedServices(db, a, [{ name: 'api' }]);
    const id = idOf(a, 'api');
    const at = minutesAfter(T0, 5);
    expect(casServiceState(db, id, 'shadow', 'cutover', at)).toBe(false);
    expect(serviceById(db, 'T0A', id)?.state).toBe('planned');
    expect(casServiceState(db, id, 'planned', 'shadow', at)).toBe(true);
    expect(casServiceState(db, id, 'planned', 'shadow', minutesAfter(T0, 6))).toBe(false);
    expect(serviceById(db, 'T0A', id)).toMatchObject({ state: 'shadow', stateChangedAt: at });
  });

  it('writes the extras with the move, and nothing when the move loses', () => {
    seedServices(db, a, [{ name: 'api', state: 'cutover' }]);
    const id = idOf(a, 'api');
    const ends = minutesAfter(T0, 24 * 60);
    expect(casServiceState(db, id, 'awaiting_approval', 'cutover', T0, { flagEnabled: false })).toBe(false);
    expect(serviceById(db, 'T0A', id)?.flagEnabled).toBe(true);
    expect(casServiceState(db, id, 'cutover', 'monitoring', T0, { monitoringEndsAt: ends, flagEnabled: false })).toBe(
      true,
    );
    expect(serviceById(db, 'T0A', id)).toMatchObject({
      state: 'monitoring',
      monitoringEndsAt: ends,
      flagEnabled: false,
    });
  });

  it('leaves other services alone', () => {
    seedServices(db, a, [{ name: 'api' }, { name: 'web' }]);
    casServiceState(db, idOf(a, 'api'), 'planned', 'shadow', T0);
    expect(serviceById(db, 'T0A', idOf(a, 'web'))?.state).toBe('planned');
  });
});

describe('recordRehearsal', () => {
  it('stores the minutes on the service', () => {
    seedServices(db, a, [{ name: 'api' }]);
    recordRehearsal(db, idOf(a, 'api'), 42);
    expect(serviceById(db, 'T0A', idOf(a, 'api'))?.rehearsalMinutes).toBe(42);
  });
});

describe('effectivePlan', () => {
  it('is empty before any plan', () => {
    seedServices(db, a, [{ name: 'api' }]);
    expect(effectivePlan(db, a)).toEqual({ version: null, entries: [] });
  });

  it('carries a service a re-plan left out with its entry from the latest plan that had it', () => {
    seedServices(db, a, [{ name: 'web', dependsOn: ['api'] }, { name: 'api', dependsOn: ['db'] }, { name: 'db' }]);
    seedPlan(db, a, { at: T0 });
    const v1 = effectivePlan(db, a);
    expect(v1.version).toBe(1);
    expect(v1.entries.map((e) => [e.service, e.planVersion, e.carried])).toEqual([
      ['web', 1, false],
      ['api', 1, false],
      ['db', 1, false],
    ]);

    // Version 2 plans only what remains after web started; version 3 after api started too.
    const { services, graph } = loadGraph(db, a);
    const ids = new Map(services.map((s) => [s.name, s.id]));
    const without = (...names: string[]) => new Map([...ids].filter(([n]) => !names.includes(n)));
    const p = plan(graph, { strategy: 'parallel' });
    db.transaction((tx) => savePlan(tx, a, p, without('web'), 'U0LEAD', minutesAfter(T0, 1)));
    db.transaction((tx) => savePlan(tx, a, p, without('web', 'api'), 'U0LEAD', minutesAfter(T0, 2)));

    const v3 = effectivePlan(db, a);
    expect(v3.version).toBe(3);
    expect(v3.entries.map((e) => [e.service, e.planVersion, e.carried])).toEqual([
      ['db', 3, false],
      ['api', 2, true],
      ['web', 1, true],
    ]);
    expect(v3.entries.find((e) => e.service === 'web')?.serviceId).toBe(ids.get('web'));
  });

  it("never mixes in another workspace's plans", () => {
    seedServices(db, a, [{ name: 'api' }]);
    seedServices(db, b, [{ name: 'api' }, { name: 'web' }]);
    seedPlan(db, b);
    seedPlan(db, b);
    expect(effectivePlan(db, a)).toEqual({ version: null, entries: [] });
    seedPlan(db, a);
    const got = effectivePlan(db, a);
    expect(got.version).toBe(1);
    expect(got.entries.map((e) => e.serviceId)).toEqual([idOf(a, 'api')]);
  });
});

describe('monitoring windows', () => {
  const NOW = minutesAfter(T0, 24 * 60);

  it('finds ended, unprompted windows of active migrations in every workspace, earliest first', () => {
    seedServices(db, a, [
      { name: 'ended-late', state: 'monitoring', monitoringEndsAt: minutesAfter(NOW, -5) },
      { name: 'ended-now', state: 'monitoring', monitoringEndsAt: NOW },
      { name: 'running', state: 'monitoring', monitoringEndsAt: minutesAfter(NOW, 1) },
      { name: 'finished', state: 'done', monitoringEndsAt: minutesAfter(NOW, -60) },
    ]);
    seedServices(db, b, [{ name: 'b-ended', state: 'monitoring', monitoringEndsAt: minutesAfter(NOW, -30) }]);
    const archived = seedMigration(db, { workspaceId: 'T0A', channelId: 'C0OLD', name: 'Old' });
    seedServices(db, archived, [{ name: 'old', state: 'monitoring', monitoringEndsAt: minutesAfter(NOW, -90) }]);
    archiveMigration(db, archived, T0);

    const due = dueMonitoringWindows(db, NOW);
    expect(due.map((d) => d.service.name)).toEqual(['b-ended', 'ended-late', 'ended-now']);
    expect(due[1]).toMatchObject({ channelId: 'C0MOVE', migrationName: 'Queues to Kafka' });
  });

  it('claims the prompt once, and only while the service is monitoring', () => {
    seedServices(db, a, [
      { name: 'api', state: 'monitoring', monitoringEndsAt: minutesAfter(NOW, -1) },
      { name: 'web', state: 'done', monitoringEndsAt: minutesAfter(NOW, -1) },
    ]);
    const api = idOf(a, 'api');
    expect(claimMonitoringPrompt(db, api, NOW)).toBe(true);
    expect(claimMonitoringPrompt(db, api, minutesAfter(NOW, 1))).toBe(false);
    expect(serviceById(db, 'T0A', api)?.monitoringPromptedAt).toEqual(NOW);
    expect(dueMonitoringWindows(db, NOW)).toEqual([]);
    expect(claimMonitoringPrompt(db, idOf(a, 'web'), NOW)).toBe(false);
  });
});
