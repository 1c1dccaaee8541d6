// Pending confirmations: settled exactly once, never after they expire, only in their workspace.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, Store } from '../../src/store/db.ts';
import { CONFIRMATION_TTL_MS, createPending, pendingById, settlePending } from '../../src/store/pending.ts';
import { freshStore, T0 } from '../support/store.ts';

let store: Store;
let db: Db;

beforeEach(() => {
  store = freshStore();
  db = store.db;
});
afterEach(() => store.close());

const newPending = (workspaceId = 'T0A', now = T0) =>
  createPending(
    db,
    {
      workspaceId,
      userId: 'U0LEAD',
      channelId: 'C0MOVE',
      kind: 'remove',
      payload: { serviceId: 7, names: ['api'] },
      summary: 'Remove api',
    },
    now,
  );

const justBefore = (row: { expiresAt: Date }) => new Date(row.expiresAt.getTime() - 1);

describe('createPending', () => {
  it('stores the action with a random id, expiring after the confirmation window', () => {
    const p = newPending();
    expect(p.id).toMatch(/^[0-9a-f]{24}$/);
    expect(newPending().id).not.toBe(p.id);
    expect(p).toMatchObject({ status: 'pending', kind: 'remove', payload: { serviceId: 7, names: ['api'] } });
    expect(p.expiresAt.getTime() - T0.getTime()).toBe(CONFIRMATION_TTL_MS);
    expect(CONFIRMATION_TTL_MS).toBe(600_000);
    expect(pendingById(db, 'T0A', p.id)).toEqual(p);
    expect(pendingById(db, 'T0B', p.id)).toBeNull();
  });
});

describe('settlePending', () => {
  it('settles exactly once', () => {
    const p = newPending();
    expect(settlePending(db, 'T0A', p.id, 'done', T0)).toBe(true);
    expect(settlePending(db, 'T0A', p.id, 'done', T0)).toBe(false);
    expect(settlePending(db, 'T0A', p.id, 'cancelled', T0)).toBe(false);
    expect(pendingById(db, 'T0A', p.id)?.status).toBe('done');
  });

  it('lets a cancel win over a later confirm', () => {
    const p = newPending();
    expect(settlePending(db, 'T0A', p.id, 'cancelled', T0)).toBe(true);
    expect(settlePending(db, 'T0A', p.id, 'done', T0)).toBe(false);
    expect(pendingById(db, 'T0A', p.id)?.status).toBe('cancelled');
  });

  it('is refused at and after expiry, and accepted just before it', () => {
    const late = newPending();
    expect(settlePending(db, 'T0A', late.id, 'done', late.expiresAt)).toBe(false);
    expect(settlePending(db, 'T0A', late.id, 'done', new Date(late.expiresAt.getTime() + 60_000))).toBe(false);
    expect(pendingById(db, 'T0A', late.id)?.status).toBe('pending');
    const inTime = newPending();
    expect(settlePending(db, 'T0A', inTime.id, 'done', justBefore(inTime))).toBe(true);
  });

  it('is refused from another workspace, which leaves the row as it was', () => {
    const p = newPending('T0A');
    expect(settlePending(db, 'T0B', p.id, 'done', T0)).toBe(false);
    expect(pendingById(db, 'T0A', p.id)?.status).toBe('pending');
    expect(settlePending(db, 'T0A', p.id, 'done', T0)).toBe(true);
  });

  it('is refused for an id that does not exist', () => {
    expect(settlePending(db, 'T0A', '0'.repeat(24), 'done', T0)).toBe(false);
  });
});
