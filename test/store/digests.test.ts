// The once-per-local-day digest claim and the once-per-failure notice.
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, Store } from '../../src/store/db.ts';
import {
  claimDigest,
  claimFailureNotice,
  clearFailureNotice,
  migrationsWithDigests,
  recordDigestRun,
} from '../../src/store/digests.ts';
import { archiveMigration, type MigrationRow, migrationById, updateMigration } from '../../src/store/migrations.ts';
import { digestRunsTable } from '../../src/store/schema.ts';
import { freshStore, minutesAfter, seedMigration, T0 } from '../support/store.ts';

let store: Store;
let db: Db;
let a: MigrationRow;
let b: MigrationRow;

beforeEach(() => {
  store = freshStore();
  db = store.db;
  a = seedMigration(db, { workspaceId: 'T0A', name: 'Shop to Kafka' });
  b = seedMigration(db, { workspaceId: 'T0B', name: 'Shop to Kafka' });
});
afterEach(() => store.close());

const runOf = (m: MigrationRow, localDate: string) =>
  db
    .select()
    .from(digestRunsTable)
    .where(
      and(
        eq(digestRunsTable.workspaceId, m.workspaceId),
        eq(digestRunsTable.migrationId, m.id),
        eq(digestRunsTable.localDate, localDate),
      ),
    )
    .get();

describe('migrationsWithDigests', () => {
  it('lists active migrations with the digest on, across workspaces', () => {
    const off = seedMigration(db, { workspaceId: 'T0A', channelId: 'C0OFF', name: 'Quiet one' });
    updateMigration(db, off, { digestEnabled: false });
    const gone = seedMigration(db, { workspaceId: 'T0B', channelId: 'C0OLD', name: 'Old one' });
    archiveMigration(db, gone, T0);
    expect(
      migrationsWithDigests(db)
        .map((m) => m.id)
        .sort((x, y) => x - y),
    ).toEqual([a.id, b.id]);
  });
});

describe('claimDigest', () => {
  it('is won by the first claim of (workspace, migration, local date); a second claim loses', () => {
    expect(claimDigest(db, a, '2026-11-25', T0)).toBe(true);
    expect(claimDigest(db, a, '2026-11-25', minutesAfter(T0, 1))).toBe(false);
    expect(runOf(a, '2026-11-25')).toMatchObject({ status: 'claimed', createdAt: T0, messageTs: null, error: null });
    expect(db.select().from(digestRunsTable).all()).toHaveLength(1);
  });

  it('keys by local date, migration and workspace', () => {
    expect(claimDigest(db, a, '2026-11-25', T0)).toBe(true);
    expect(claimDigest(db, a, '2026-11-26', T0)).toBe(true);
    expect(claimDigest(db, b, '2026-11-25', T0)).toBe(true);
    const other = seedMigration(db, { workspaceId: 'T0A', channelId: 'C0TWO', name: 'Second' });
    expect(claimDigest(db, other, '2026-11-25', T0)).toBe(true);
    expect(claimDigest(db, b, '2026-11-25', T0)).toBe(false);
    expect(db.select().from(digestRunsTable).all()).toHaveLength(4);
  });
});

describe('recordDigestRun', () => {
  it('records the outcome of that one run only', () => {
    claimDigest(db, a, '2026-11-25', T0);
    claimDigest(db, a, '2026-11-26', T0);
    claimDigest(db, b, '2026-11-25', T0);
    recordDigestRun(db, a, '2026-11-25', { status: 'posted', messageTs: '1764064800.000100' });
    recordDigestRun(db, a, '2026-11-26', { status: 'failed', error: 'channel_not_found' });
    expect(runOf(a, '2026-11-25')).toMatchObject({ status: 'posted', messageTs: '1764064800.000100', error: null });
    expect(runOf(a, '2026-11-26')).toMatchObject({ status: 'failed', error: 'channel_not_found', messageTs: null });
    expect(runOf(b, '2026-11-25')).toMatchObject({ status: 'claimed', messageTs: null, error: null });
  });
});

describe('claimFailureNotice', () => {
  it('is true once per migration until cleared', () => {
    expect(claimFailureNotice(db, a, T0)).toBe(true);
    expect(claimFailureNotice(db, a, minutesAfter(T0, 1))).toBe(false);
    expect(migrationById(db, 'T0A', a.id)?.digestFailureNotifiedAt).toEqual(T0);
    // B's notice is its own.
    expect(claimFailureNotice(db, b, T0)).toBe(true);
    clearFailureNotice(db, a);
    expect(migrationById(db, 'T0A', a.id)?.digestFailureNotifiedAt).toBeNull();
    expect(migrationById(db, 'T0B', b.id)?.digestFailureNotifiedAt).toEqual(T0);
    expect(claimFailureNotice(db, a, minutesAfter(T0, 2))).toBe(true);
  });

  it('does nothing when the workspace does not match', () => {
    expect(claimFailureNotice(db, { workspaceId: 'T0B', id: a.id }, T0)).toBe(false);
    expect(migrationById(db, 'T0A', a.id)?.digestFailureNotifiedAt).toBeNull();
    claimFailureNotice(db, a, T0);
    clearFailureNotice(db, { workspaceId: 'T0B', id: a.id });
    expect(migrationById(db, 'T0A', a.id)?.digestFailureNotifiedAt).toEqual(T0);
  });
});
