// The audit log at the store: rows are appended, never merged or replaced, and read back in the
// order things happened, scoped by workspace and migration.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as audit from '../../src/store/audit.ts';
import { appendAudit, auditFor, type NewAudit } from '../../src/store/audit.ts';
import type { Db, Store } from '../../src/store/db.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';
import { auditLogTable } from '../../src/store/schema.ts';
import { freshStore, minutesAfter, seedMigration, T0 } from '../support/store.ts';

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

const row = (m: MigrationRow, action: string, createdAt: Date, extra: Partial<NewAudit> = {}): NewAudit => ({
  workspaceId: m.workspaceId,
  migrationId: m.id,
  actor: 'U0LEAD',
  action,
  createdAt,
  ...extra,
});

describe('appendAudit and auditFor', () => {
  it('reads rows back with every field as written', () => {
    appendAudit(
      db,
      row(a, 'service.transition', T0, {
        serviceId: 7,
        serviceName: 'api',
        fromValue: 'monitoring',
        toValue: 'rolled_back',
        reason: 'latency over budget',
        detail: { batch: 2, members: ['api', 'web'] },
      }),
    );
    expect(auditFor(db, 'T0A', a.id)).toEqual([
      {
        id: 1,
        workspaceId: 'T0A',
        migrationId: a.id,
        serviceId: 7,
        serviceName: 'api',
        actor: 'U0LEAD',
        action: 'service.transition',
        fromValue: 'monitoring',
        toValue: 'rolled_back',
        reason: 'latency over budget',
        detail: { batch: 2, members: ['api', 'web'] },
        createdAt: T0,
      },
    ]);
  });

  it('appends the same event twice as two rows', () => {
    const same = row(a, 'setting.change', T0, { fromValue: '5', toValue: '6' });
    appendAudit(db, same);
    appendAudit(db, same);
    expect(auditFor(db, 'T0A', a.id).map((r) => [r.id, r.toValue])).toEqual([
      [1, '6'],
      [2, '6'],
    ]);
  });

  it('orders by time, then by insertion for rows of the same moment', () => {
    appendAudit(db, row(a, 'third', minutesAfter(T0, 2)));
    appendAudit(db, row(a, 'first', T0));
    appendAudit(db, row(a, 'second-a', minutesAfter(T0, 1)));
    appendAudit(db, row(a, 'second-b', minutesAfter(T0, 1)));
    expect(auditFor(db, 'T0A', a.id).map((r) => r.action)).toEqual(['first', 'second-a', 'second-b', 'third']);
  });

  it('filters by service and by a strict lower bound on time', () => {
    appendAudit(db, row(a, 'migration.create', T0));
    appendAudit(db, row(a, 'service.transition', minutesAfter(T0, 1), { serviceId: 7 }));
    appendAudit(db, row(a, 'service.transition', minutesAfter(T0, 2), { serviceId: 8 }));
    appendAudit(db, row(a, 'rehearsal.record', minutesAfter(T0, 3), { serviceId: 7 }));
    expect(auditFor(db, 'T0A', a.id, { serviceId: 7 }).map((r) => r.action)).toEqual([
      'service.transition',
      'rehearsal.record',
    ]);
    expect(auditFor(db, 'T0A', a.id, { since: minutesAfter(T0, 1) }).map((r) => r.serviceId)).toEqual([8, 7]);
    expect(auditFor(db, 'T0A', a.id, { serviceId: 7, since: minutesAfter(T0, 1) }).map((r) => r.action)).toEqual([
      'rehearsal.record',
    ]);
  });

  it('never returns rows of another migration or workspace', () => {
    appendAudit(db, row(a, 'in-a', T0));
    appendAudit(db, row(b, 'in-b', T0));
    appendAudit(db, { ...row(a, 'forged', T0), workspaceId: 'T0B' });
    expect(auditFor(db, 'T0A', a.id).map((r) => r.action)).toEqual(['in-a']);
    expect(auditFor(db, 'T0B', b.id).map((r) => r.action)).toEqual(['in-b']);
    expect(auditFor(db, 'T0B', a.id).map((r) => r.action)).toEqual(['forged']);
    expect(auditFor(db, 'T0A', b.id)).toEqual([]);
  });

  it('keeps rows, without their migration, when the migration row is deleted', () => {
    appendAudit(db, row(a, 'migration.create', T0));
    store.sqlite.prepare('delete from migrations where id = ?').run(a.id);
    const rows = db.select().from(auditLogTable).all();
    expect(rows.map((r) => [r.action, r.migrationId])).toEqual([['migration.create', null]]);
  });
});

describe('the audit module', () => {
  it('offers only appending and reading', () => {
    expect(Object.keys(audit).sort()).toEqual(['appendAudit', 'auditFor']);
  });
});
