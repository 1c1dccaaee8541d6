// Migrations and their people: every query scoped by workspace, archive and people claims once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, Store } from '../../src/store/db.ts';
import {
  activeMigration,
  addPerson,
  archiveMigration,
  listMigrations,
  migrationById,
  migrationByName,
  people,
  removePerson,
  updateMigration,
} from '../../src/store/migrations.ts';
import { freshStore, minutesAfter, seedMigration, seedServices, T0 } from '../support/store.ts';

let store: Store;
let db: Db;

beforeEach(() => {
  store = freshStore();
  db = store.db;
});
afterEach(() => store.close());

describe('insertMigration', () => {
  it('applies the schema defaults', () => {
    const m = seedMigration(db);
    expect(m).toMatchObject({
      workspaceId: 'T0A',
      status: 'active',
      direction: 'leaf-first',
      settings: {},
      rehearsalGate: true,
      digestTime: '09:30',
      digestDays: 'weekdays',
      digestEnabled: true,
      weeklyChart: true,
      archivedAt: null,
      createdAt: T0,
    });
  });

  it('refuses a second name in one workspace and a second active migration in one channel', () => {
    seedMigration(db, { workspaceId: 'T0A', channelId: 'C1', name: 'Move' });
    expect(() => seedMigration(db, { workspaceId: 'T0A', channelId: 'C2', name: 'Move' })).toThrow(/UNIQUE/);
    expect(() => seedMigration(db, { workspaceId: 'T0A', channelId: 'C1', name: 'Other' })).toThrow(/UNIQUE/);
    // Another workspace may use the same name and channel id.
    expect(seedMigration(db, { workspaceId: 'T0B', channelId: 'C1', name: 'Move' }).workspaceId).toBe('T0B');
  });

  it('allows a new active migration in a channel once the old one is archived', () => {
    const old = seedMigration(db, { channelId: 'C1', name: 'First' });
    archiveMigration(db, old, T0);
    expect(seedMigration(db, { channelId: 'C1', name: 'Second' }).status).toBe('active');
  });
});

describe('lookups', () => {
  it('find a migration only in its own workspace', () => {
    const a = seedMigration(db, { workspaceId: 'T0A', channelId: 'C1', name: 'Shop to Kafka' });
    const b = seedMigration(db, { workspaceId: 'T0B', channelId: 'C1', name: 'Billing move' });
    expect(activeMigration(db, 'T0A', 'C1')?.id).toBe(a.id);
    expect(activeMigration(db, 'T0B', 'C1')?.id).toBe(b.id);
    expect(activeMigration(db, 'T0A', 'C2')).toBeNull();
    expect(migrationByName(db, 'T0A', 'shop TO kafka')?.id).toBe(a.id);
    expect(migrationByName(db, 'T0B', 'Shop to Kafka')).toBeNull();
    expect(migrationById(db, 'T0A', a.id)?.name).toBe('Shop to Kafka');
    expect(migrationById(db, 'T0A', b.id)).toBeNull();
  });

  it('do not find an archived migration as the active one', () => {
    const m = seedMigration(db, { channelId: 'C1' });
    archiveMigration(db, m, T0);
    expect(activeMigration(db, 'T0A', 'C1')).toBeNull();
    expect(migrationById(db, 'T0A', m.id)?.status).toBe('archived');
  });
});

describe('listMigrations', () => {
  it("counts services and done ones, active first then newest, this workspace's only", () => {
    const old = seedMigration(db, { channelId: 'C1', name: 'Old', createdAt: T0 });
    const newer = seedMigration(db, { channelId: 'C2', name: 'Newer', createdAt: minutesAfter(T0, 10) });
    const archived = seedMigration(db, { channelId: 'C3', name: 'Gone', createdAt: minutesAfter(T0, 20) });
    archiveMigration(db, archived, T0);
    seedMigration(db, { workspaceId: 'T0B', channelId: 'C1', name: 'Theirs' });
    seedServices(db, old, [{ name: 'a', state: 'done' }, { name: 'b', state: 'done' }, { name: 'c' }]);
    expect(listMigrations(db, 'T0A').map((m) => [m.name, m.status, m.services, m.done])).toEqual([
      ['Newer', 'active', 0, 0],
      ['Old', 'active', 3, 2],
      ['Gone', 'archived', 0, 0],
    ]);
    expect(listMigrations(db, 'T0B').map((m) => m.name)).toEqual(['Theirs']);
    expect(newer.id).toBeGreaterThan(old.id);
  });
});

describe('updateMigration and archiveMigration', () => {
  it('update only the row in the named workspace', () => {
    const a = seedMigration(db, { workspaceId: 'T0A' });
    updateMigration(db, { workspaceId: 'T0B', id: a.id }, { digestTime: '07:00' });
    expect(migrationById(db, 'T0A', a.id)?.digestTime).toBe('09:30');
    updateMigration(db, a, { digestTime: '07:00', settings: { engineers: 6 } });
    expect(migrationById(db, 'T0A', a.id)).toMatchObject({ digestTime: '07:00', settings: { engineers: 6 } });
  });

  it('archive an active migration once', () => {
    const a = seedMigration(db);
    const at = minutesAfter(T0, 3);
    expect(archiveMigration(db, { workspaceId: 'T0B', id: a.id }, at)).toBe(false);
    expect(archiveMigration(db, a, at)).toBe(true);
    expect(archiveMigration(db, a, minutesAfter(T0, 4))).toBe(false);
    expect(migrationById(db, 'T0A', a.id)).toMatchObject({ status: 'archived', archivedAt: at });
  });
});

describe('people', () => {
  it('adds a person once per role, lists them by role, removes them once', () => {
    const m = seedMigration(db);
    const other = seedMigration(db, { workspaceId: 'T0B' });
    const approver = (slackId: string) => ({
      role: 'approver' as const,
      kind: 'user' as const,
      slackId,
      addedBy: 'U0LEAD',
    });
    expect(addPerson(db, m, approver('U0BOB'))).toBe(true);
    expect(addPerson(db, m, approver('U0BOB'))).toBe(false);
    expect(addPerson(db, m, { ...approver('S0OPS'), kind: 'usergroup' })).toBe(true);
    expect(addPerson(db, m, { ...approver('U0BOB'), role: 'lead' })).toBe(true);
    expect(addPerson(db, other, approver('U0ZED'))).toBe(true);

    // Sorted here: people() orders by created_at alone, and two adds in one millisecond tie.
    const approvers = people(db, m, 'approver').map((p) => [p.slackId, p.kind]);
    expect(approvers.sort()).toEqual([
      ['S0OPS', 'usergroup'],
      ['U0BOB', 'user'],
    ]);
    expect(people(db, m, 'lead').map((p) => p.slackId)).toEqual(['U0BOB']);
    expect(people(db, other, 'approver').map((p) => p.slackId)).toEqual(['U0ZED']);

    expect(removePerson(db, { workspaceId: 'T0B', id: m.id }, 'approver', 'U0BOB')).toBe(false);
    expect(removePerson(db, m, 'approver', 'U0BOB')).toBe(true);
    expect(removePerson(db, m, 'approver', 'U0BOB')).toBe(false);
    expect(people(db, m, 'approver').map((p) => p.slackId)).toEqual(['S0OPS']);
    expect(people(db, m, 'lead').map((p) => p.slackId)).toEqual(['U0BOB']);
  });
});
