import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatImportError, parseGraphFile } from '../../src/domain/import/index.ts';
import type { ImportFormat } from '../../src/domain/model.ts';
import { replan } from '../../src/domain/plan-changes.ts';
import { appendAudit } from '../../src/store/audit.ts';
import { applySchema, type Db, openStore, type Store } from '../../src/store/db.ts';
import { edgesOf, loadGraph, type ResolvedOwner, serviceByName, servicesOf } from '../../src/store/graph.ts';
import {
  addManualDependency,
  cutoverTimes,
  dependencyCount,
  lastPlannedSlots,
  removeDependencies,
  removeService,
} from '../../src/store/graph-edits.ts';
import { type MergeReport, mergeImport } from '../../src/store/graph-import.ts';
import { insertMigration, type MigrationRow } from '../../src/store/migrations.ts';
import { savePlan } from '../../src/store/plans.ts';
import { servicesTable } from '../../src/store/schema.ts';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');

const NOW = new Date('2026-11-25T10:00:00Z');
const LATER = new Date('2026-11-26T10:00:00Z');

let store: Store;
let db: Db;
let migration: MigrationRow;

beforeEach(() => {
  store = openStore(':memory:');
  applySchema(store);
  db = store.db;
  migration = insertMigration(db, {
    workspaceId: 'T1',
    channelId: 'C1',
    channelPrivate: false,
    name: 'Move',
    fromPlatform: null,
    toPlatform: null,
    strategy: 'parallel',
    createdBy: 'U1',
    digestTz: 'UTC',
    createdAt: NOW,
  });
});

afterEach(() => store.close());

function importText(
  text: string,
  format: ImportFormat | 'auto' = 'auto',
  owners: ReadonlyMap<string, ResolvedOwner> = new Map(),
  now = NOW,
): MergeReport {
  const parsed = parseGraphFile(text, format);
  if (!parsed.ok) throw new Error(parsed.errors.map(formatImportError).join('\n'));
  return db.transaction((tx) =>
    mergeImport(tx, {
      migration,
      userId: 'U1',
      format: parsed.format,
      fileName: null,
      graph: parsed.graph,
      owners,
      now,
    }),
  );
}

const service = (name: string) => serviceByName(db, migration, name);
const edgeKeys = () => edgesOf(db, migration).map((e) => `${e.from}>${e.to}:${e.kind}:${e.origin}`);
const setState = (name: string, state: 'done' | 'shadow' | 'cutover') =>
  db.update(servicesTable).set({ state }).where(eq(servicesTable.name, name)).run();

describe('mergeImport', () => {
  it('stores facts, owners, sources, runbook steps and declared edges of a native file', () => {
    const owners = new Map<string, ResolvedOwner>([
      ['team-orders', { owner: 'team-orders', ownerKind: 'team' }],
      ['partnerships@example.com', { owner: 'U0PARTNER', ownerKind: 'user' }],
    ]);
    const report = importText(fixture('native-graph.yaml'), 'native', owners);
    expect(report.added).toContain('orders');
    expect(report.changed).toEqual([]);
    expect(report.removed).toEqual([]);
    expect(report.dependenciesAdded).toBe(edgesOf(db, migration).length);
    expect(service('orders')).toMatchObject({
      owner: 'team-orders',
      ownerKind: 'team',
      tier: 1,
      effortDays: 7,
      state: 'planned',
      sources: { owner: 'native', tier: 'native', effortDays: 'native', _created: 'native' },
    });
    expect(service('orders')?.importedSteps.length).toBeGreaterThan(0);
    expect(service('carrier-api')).toMatchObject({ owner: 'U0PARTNER', ownerKind: 'user', external: true });
    // An owner the caller did not resolve is left unset rather than guessed.
    expect(service('auth')?.owner).toBeNull();
    const inventoryDb = edgesOf(db, migration).find((e) => e.from === 'inventory' && e.to === 'orders-db');
    expect(inventoryDb).toMatchObject({ kind: 'shared-db', hidden: true, origin: 'declared', format: 'native' });
  });

  it('adds traced edges beside declared ones and keeps facts the traces do not give', () => {
    importText('services:\n  - name: frontend\n    tier: 2\n    depends_on: [customer]\n  - name: customer\n');
    const report = importText(
      JSON.stringify([
        { parent: 'frontend', child: 'customer', callCount: 52 },
        { parent: 'customer', child: 'mysql', callCount: 7 },
      ]),
    );
    expect(report.added).toEqual(['mysql']);
    expect(report.dependenciesAdded).toBe(2);
    expect(service('frontend')?.tier).toBe(2);
    expect(service('mysql')?.sources).toEqual({ _created: 'traces' });
    expect(edgeKeys().sort()).toEqual([
      'customer>mysql:sync:traced',
      'frontend>customer:sync:declared',
      'frontend>customer:sync:traced',
    ]);
    expect(edgesOf(db, migration).find((e) => e.origin === 'traced' && e.from === 'frontend')?.callCount).toBe(52);
    // The planner sees one edge per (from, to, kind), whatever its origins.
    expect(loadGraph(db, migration).graph.edges).toHaveLength(2);
    // Newer traces replace the counts and drop links they no longer show.
    const again = importText(JSON.stringify([{ parent: 'frontend', child: 'customer', callCount: 60 }]));
    expect(again).toMatchObject({ added: [], dependenciesAdded: 0, dependenciesRemoved: 1 });
    expect(edgesOf(db, migration).find((e) => e.origin === 'traced')?.callCount).toBe(60);
  });

  it('on re-import: reports changes, drops planned services the file no longer lists, keeps started ones', () => {
    importText(
      [
        'services:',
        '  - name: api',
        '    tier: 2',
        '    owner: team-a',
        '    depends_on: [orders, legacy]',
        '  - name: orders',
        '    depends_on: [{service: orders-db, kind: shared-db}]',
        '  - name: orders-db',
        '    stateful: true',
        '  - name: legacy',
        '  - name: old-worker',
      ].join('\n'),
      'native',
      new Map([['team-a', { owner: 'team-a', ownerKind: 'team' }]]),
    );
    importText('from,to\nreports,orders\n');
    db.transaction((tx) => {
      const ids = new Map(servicesOf(tx, migration).map((s) => [s.name, s.id]));
      addManualDependency(tx, migration, {
        fromId: ids.get('api') as number,
        toId: ids.get('orders-db') as number,
        kind: 'sync',
        hidden: true,
        userId: 'U1',
        now: NOW,
      });
    });
    setState('legacy', 'done');

    const report = importText(
      [
        'services:',
        '  - name: api',
        '    tier: 1',
        '    owner: team-b',
        '    depends_on: [orders]',
        '  - name: orders',
        '    depends_on: [{service: orders-db, kind: shared-db}]',
        '  - name: orders-db',
        '  - name: search',
      ].join('\n'),
      'native',
      new Map([['team-b', { owner: 'team-b', ownerKind: 'team' }]]),
      LATER,
    );
    expect(report.added).toEqual(['search']);
    expect(report.changed).toEqual([{ name: 'api', fields: ['owner', 'tier'] }]);
    // old-worker was planned and came from a native file: gone. reports came from the CSV: stays.
    expect(report.removed).toEqual(['old-worker']);
    expect(report.keptStarted).toEqual(['legacy']);
    expect(report.dependenciesAdded).toBe(0);
    expect(report.dependenciesRemoved).toBe(1);
    expect(servicesOf(db, migration).map((s) => s.name)).toEqual([
      'api',
      'legacy',
      'orders',
      'orders-db',
      'reports',
      'search',
    ]);
    // A fact the file no longer gives stays as it was.
    expect(service('orders-db')?.stateful).toBe(true);
    expect(edgeKeys().sort()).toEqual([
      'api>orders-db:sync:manual',
      'api>orders:sync:declared',
      'orders>orders-db:shared-db:declared',
      'reports>orders:sync:declared',
    ]);
  });

  it('drops more stale edges than SQLite binds in one statement', () => {
    const rows = ['from,to'];
    for (let c = 0; c < 200; c++) rows.push(`c${c},p0`);
    for (let p = 1; p < 170; p++) rows.push(`c0,p${p}`);
    importText(rows.join('\n'), 'csv');
    // Every consumer on every provider, as that CSV import's edges: 34,000, written in one statement for speed.
    store.sqlite
      .prepare(
        `insert into dependencies (workspace_id, migration_id, from_id, to_id, kind, origin, import_id, created_at)
         select c.workspace_id, c.migration_id, c.id, p.id, 'sync', 'declared', (select max(id) from imports), 0
         from services c cross join services p where c.name like 'c%' and p.name like 'p%'
         on conflict do nothing`,
      )
      .run();
    expect(edgesOf(db, migration)).toHaveLength(34_000);
    const report = importText('from,to\nc0,p0\n', 'csv');
    expect(report.dependenciesRemoved).toBe(33_999);
    expect(edgeKeys()).toEqual(['c0>p0:sync:declared']);
  });
});

describe('graph edits', () => {
  beforeEach(() => {
    importText('services:\n  - name: a\n    depends_on: [b, {service: b, kind: async}]\n  - name: b\n  - name: c\n');
    importText(JSON.stringify([{ parent: 'a', child: 'b', callCount: 4 }]));
  });
  const id = (name: string) => service(name)?.id as number;

  it('adds a manual edge once', () => {
    const dep = { fromId: id('c'), toId: id('a'), kind: 'sync' as const, hidden: false, userId: 'U1', now: NOW };
    expect(db.transaction((tx) => addManualDependency(tx, migration, dep))).toBe(true);
    expect(db.transaction((tx) => addManualDependency(tx, migration, dep))).toBe(false);
    expect(edgeKeys()).toContain('c>a:sync:manual');
  });

  it('removes every edge of a pair, whatever its kind or origin', () => {
    const removed = db.transaction((tx) => removeDependencies(tx, migration, id('a'), id('b')));
    expect(removed.map((r) => `${r.kind}:${r.origin}`).sort()).toEqual([
      'async:declared',
      'sync:declared',
      'sync:traced',
    ]);
    expect(edgeKeys()).toEqual([]);
  });

  it('removes a service with its edges, refusing a started one unless told otherwise', () => {
    expect(dependencyCount(db, migration, id('b'))).toBe(3);
    setState('b', 'shadow');
    expect(db.transaction((tx) => removeService(tx, migration, id('b'), true))).toBe(false);
    expect(db.transaction((tx) => removeService(tx, migration, id('b'), false))).toBe(true);
    expect(service('b')).toBeNull();
    expect(edgeKeys()).toEqual([]);
  });

  it('finds when services entered cutover, and the last plan version that listed them', () => {
    const { graph, services } = loadGraph(db, migration);
    const ids = new Map(services.map((s) => [s.name, s.id]));
    db.transaction((tx) => {
      savePlan(tx, migration, replan(graph, { strategy: 'parallel' }, new Set()), ids, 'U1', NOW);
      savePlan(tx, migration, replan(graph, { strategy: 'parallel' }, new Set(['a'])), ids, 'U1', LATER);
      appendAudit(tx, {
        workspaceId: 'T1',
        migrationId: migration.id,
        serviceId: id('a'),
        serviceName: 'a',
        actor: 'U1',
        action: 'service.transition',
        fromValue: 'awaiting_approval',
        toValue: 'cutover',
        createdAt: LATER,
      });
    });
    expect(cutoverTimes(db, migration)).toEqual(new Map([[id('a'), LATER]]));
    const slots = lastPlannedSlots(db, migration, [id('a'), id('b')]);
    expect(slots.get(id('a'))).toMatchObject({ version: 1, step: null });
    expect(slots.get(id('a'))?.batch).toBeTypeOf('number');
    expect(slots.get(id('b'))?.version).toBe(2);
  });
});
