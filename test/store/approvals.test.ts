// Approval requests and approvals: an approval is counted once per approver, a request is decided
// by exactly one compare-and-set, and its one reminder is claimed once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addApproval,
  approversOf,
  claimReminder,
  latestRequests,
  requestById,
  requestsFor,
  setRequestMessage,
  setRequestServices,
  settleRequest,
  unremindedRequests,
} from '../../src/store/approvals.ts';
import type { Db, Store } from '../../src/store/db.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';
import { archiveMigration } from '../../src/store/migrations.ts';
import { freshStore, minutesAfter, must, seedMigration, seedRequest, seedServices, T0 } from '../support/store.ts';

let store: Store;
let db: Db;
let a: MigrationRow;
let b: MigrationRow;
let ids: { api: number; web: number; db: number };

beforeEach(() => {
  store = freshStore();
  db = store.db;
  a = seedMigration(db, { workspaceId: 'T0A' });
  b = seedMigration(db, { workspaceId: 'T0B' });
  const s = seedServices(db, a, [{ name: 'api' }, { name: 'web' }, { name: 'db' }]);
  ids = { api: must(s.get('api'), 'api').id, web: must(s.get('web'), 'web').id, db: must(s.get('db'), 'db').id };
});
afterEach(() => store.close());

describe('createRequest and requestById', () => {
  it('stores a pending request, found only in its own workspace', () => {
    const r = seedRequest(db, a, { serviceIds: [ids.api, ids.web], batch: 1, required: 2 });
    expect(r).toMatchObject({
      workspaceId: 'T0A',
      migrationId: a.id,
      status: 'pending',
      batch: 1,
      required: 2,
      serviceIds: [ids.api, ids.web],
      messageTs: null,
      decidedBy: null,
      remindedAt: null,
    });
    expect(r.createdAt).toEqual(T0);
    expect(requestById(db, 'T0A', r.id)?.id).toBe(r.id);
    expect(requestById(db, 'T0B', r.id)).toBeNull();
  });
});

describe('setRequestMessage', () => {
  it('remembers the first message only', () => {
    const r = seedRequest(db, a, { serviceIds: [ids.api] });
    setRequestMessage(db, r.id, 'C0MOVE', '1700000000.000100');
    setRequestMessage(db, r.id, 'C0OTHER', '1700000000.000200');
    expect(requestById(db, 'T0A', r.id)).toMatchObject({ channelId: 'C0MOVE', messageTs: '1700000000.000100' });
  });
});

describe('addApproval', () => {
  it('counts an approver once: a repeat conflicts and returns false', () => {
    const r = seedRequest(db, a, { serviceIds: [ids.api], required: 2 });
    expect(addApproval(db, r.id, 'U0BOB', T0)).toBe(true);
    expect(addApproval(db, r.id, 'U0BOB', minutesAfter(T0, 1))).toBe(false);
    expect(addApproval(db, r.id, 'U0CAROL', minutesAfter(T0, 2))).toBe(true);
    expect(approversOf(db, r.id)).toEqual(['U0BOB', 'U0CAROL']);
  });

  it('lists approvers in the order they approved, not by name', () => {
    const r = seedRequest(db, a, { serviceIds: [ids.api], required: 2 });
    addApproval(db, r.id, 'U0ZED', T0);
    addApproval(db, r.id, 'U0AMY', minutesAfter(T0, 5));
    expect(approversOf(db, r.id)).toEqual(['U0ZED', 'U0AMY']);
  });

  it('keeps approvals of different requests apart', () => {
    const r1 = seedRequest(db, a, { serviceIds: [ids.api] });
    const r2 = seedRequest(db, a, { serviceIds: [ids.web] });
    expect(addApproval(db, r1.id, 'U0BOB', T0)).toBe(true);
    expect(addApproval(db, r2.id, 'U0BOB', T0)).toBe(true);
    expect(approversOf(db, r1.id)).toEqual(['U0BOB']);
    expect(approversOf(db, r2.id)).toEqual(['U0BOB']);
  });
});

describe('settleRequest', () => {
  it('moves pending to approved once; a second settle loses and changes nothing', () => {
    const r = seedRequest(db, a, { serviceIds: [ids.api] });
    const at = minutesAfter(T0, 3);
    expect(settleRequest(db, r.id, 'approved', 'U0BOB', at)).toBe(true);
    expect(settleRequest(db, r.id, 'rejected', 'U0CAROL', minutesAfter(T0, 4), 'too late')).toBe(false);
    expect(settleRequest(db, r.id, 'approved', 'U0CAROL', minutesAfter(T0, 4))).toBe(false);
    expect(requestById(db, 'T0A', r.id)).toMatchObject({
      status: 'approved',
      decidedBy: 'U0BOB',
      decidedAt: at,
      reason: null,
    });
  });

  it('stores the reason of a rejection', () => {
    const r = seedRequest(db, a, { serviceIds: [ids.api] });
    expect(settleRequest(db, r.id, 'rejected', 'U0BOB', T0, 'no rollback plan')).toBe(true);
    expect(requestById(db, 'T0A', r.id)).toMatchObject({ status: 'rejected', reason: 'no rollback plan' });
  });

  it('settles only the request named', () => {
    const r1 = seedRequest(db, a, { serviceIds: [ids.api] });
    const r2 = seedRequest(db, a, { serviceIds: [ids.web] });
    settleRequest(db, r1.id, 'withdrawn', 'U0LEAD', T0);
    expect(requestById(db, 'T0A', r2.id)?.status).toBe('pending');
  });
});

describe('setRequestServices', () => {
  it('narrows a pending request, and never a decided one', () => {
    const r = seedRequest(db, a, { serviceIds: [ids.api, ids.web, ids.db] });
    setRequestServices(db, r.id, [ids.web]);
    expect(requestById(db, 'T0A', r.id)?.serviceIds).toEqual([ids.web]);
    settleRequest(db, r.id, 'approved', 'U0BOB', T0);
    setRequestServices(db, r.id, []);
    expect(requestById(db, 'T0A', r.id)?.serviceIds).toEqual([ids.web]);
  });
});

describe('requestsFor and latestRequests', () => {
  it('finds requests naming any of the services, newest first, in this workspace and migration only', () => {
    const r1 = seedRequest(db, a, { serviceIds: [ids.api, ids.web] });
    const r2 = seedRequest(db, a, { serviceIds: [ids.db] });
    const r3 = seedRequest(db, a, { serviceIds: [ids.web] });
    // Workspace B's request names the same numbers: it must never show up for A.
    seedRequest(db, b, { serviceIds: [ids.api, ids.web, ids.db] });
    expect(requestsFor(db, a, [ids.web]).map((r) => r.id)).toEqual([r3.id, r1.id]);
    expect(requestsFor(db, a, [ids.api, ids.db]).map((r) => r.id)).toEqual([r2.id, r1.id]);
    expect(requestsFor(db, a, [ids.web, ids.web]).map((r) => r.id)).toEqual([r3.id, r1.id]);
    expect(requestsFor(db, a, [])).toEqual([]);
    expect(requestsFor(db, { workspaceId: 'T0B', id: a.id }, [ids.api])).toEqual([]);
  });

  it("gives each service's most recent request, once per request", () => {
    const old = seedRequest(db, a, { serviceIds: [ids.api, ids.web] });
    settleRequest(db, old.id, 'rejected', 'U0BOB', T0, 'not yet');
    const newer = seedRequest(db, a, { serviceIds: [ids.web] });
    seedRequest(db, b, { serviceIds: [ids.api] });
    const latest = latestRequests(db, a, [ids.api, ids.web, ids.db]);
    expect(latest.map((r) => r.id).sort((x, y) => x - y)).toEqual([old.id, newer.id]);
    expect(latestRequests(db, a, [ids.web]).map((r) => r.id)).toEqual([newer.id]);
    expect(latestRequests(db, a, [ids.db])).toEqual([]);
  });
});

describe('reminders', () => {
  it('offers pending, posted, never-reminded requests of active migrations, oldest first', () => {
    const posted = seedRequest(db, a, { serviceIds: [ids.api], now: minutesAfter(T0, 10) });
    setRequestMessage(db, posted.id, 'C0MOVE', '1.1');
    const older = seedRequest(db, a, { serviceIds: [ids.web], now: T0 });
    setRequestMessage(db, older.id, 'C0MOVE', '1.2');
    seedRequest(db, a, { serviceIds: [ids.db] }); // never posted
    const decided = seedRequest(db, a, { serviceIds: [ids.db] });
    setRequestMessage(db, decided.id, 'C0MOVE', '1.3');
    settleRequest(db, decided.id, 'approved', 'U0BOB', T0);
    const inB = seedRequest(db, b, { serviceIds: [1], now: minutesAfter(T0, 20) });
    setRequestMessage(db, inB.id, 'C0MOVE', '2.1');

    const due = unremindedRequests(db);
    expect(due.map((c) => c.request.id)).toEqual([older.id, posted.id, inB.id]);
    expect(due[0]).toMatchObject({ migrationName: 'Queues to Kafka', settings: {} });

    expect(claimReminder(db, older.id, T0)).toBe(true);
    expect(unremindedRequests(db).map((c) => c.request.id)).toEqual([posted.id, inB.id]);
    archiveMigration(db, b, T0);
    expect(unremindedRequests(db).map((c) => c.request.id)).toEqual([posted.id]);
  });

  it('claims a reminder once, and never for a decided request', () => {
    const r = seedRequest(db, a, { serviceIds: [ids.api] });
    const at = minutesAfter(T0, 60);
    expect(claimReminder(db, r.id, at)).toBe(true);
    expect(claimReminder(db, r.id, minutesAfter(T0, 61))).toBe(false);
    expect(requestById(db, 'T0A', r.id)?.remindedAt).toEqual(at);

    const settled = seedRequest(db, a, { serviceIds: [ids.web] });
    settleRequest(db, settled.id, 'withdrawn', 'U0LEAD', T0);
    expect(claimReminder(db, settled.id, at)).toBe(false);
    expect(requestById(db, 'T0A', settled.id)?.remindedAt).toBeNull();
  });
});
