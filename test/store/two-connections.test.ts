// Claims hold across processes: two connections to one database file (as two bot processes, or a
// restart overlapping the old one) race for the same digest, approval, pending action and prompt,
// and exactly one wins each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addApproval, claimReminder, requestById, settleRequest } from '../../src/store/approvals.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { claimDigest } from '../../src/store/digests.ts';
import { casServiceState, claimMonitoringPrompt, serviceById } from '../../src/store/lifecycle.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';
import { createPending, settlePending } from '../../src/store/pending.ts';
import { minutesAfter, must, seedMigration, seedRequest, seedServices, T0 } from '../support/store.ts';

let dir: string;
let first: Store;
let second: Store;
let m: MigrationRow;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-bot-claims-'));
  const path = join(dir, 'bot.db');
  first = openStore(path);
  applySchema(first);
  second = openStore(path);
  applySchema(second);
  m = seedMigration(first.db);
});
afterEach(() => {
  first.close();
  second.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two connections to one file', () => {
  it('send one digest per local day', () => {
    const wins = [claimDigest(first.db, m, '2026-11-25', T0), claimDigest(second.db, m, '2026-11-25', T0)];
    expect(wins).toEqual([true, false]);
  });

  it('decide a request once and count an approver once', () => {
    const r = seedRequest(first.db, m, { serviceIds: [1] });
    expect(addApproval(second.db, r.id, 'U0BOB', T0)).toBe(true);
    expect(addApproval(first.db, r.id, 'U0BOB', T0)).toBe(false);
    expect(settleRequest(second.db, r.id, 'approved', 'U0BOB', T0)).toBe(true);
    expect(settleRequest(first.db, r.id, 'rejected', 'U0CAROL', T0, 'late')).toBe(false);
    expect(requestById(first.db, m.workspaceId, r.id)).toMatchObject({ status: 'approved', decidedBy: 'U0BOB' });
    expect(claimReminder(first.db, r.id, T0)).toBe(false);
  });

  it('run a confirmation once', () => {
    const p = createPending(
      first.db,
      {
        workspaceId: m.workspaceId,
        userId: 'U0LEAD',
        channelId: 'C0MOVE',
        kind: 'archive',
        payload: {},
        summary: 'Archive',
      },
      T0,
    );
    expect(settlePending(second.db, m.workspaceId, p.id, 'done', minutesAfter(T0, 1))).toBe(true);
    expect(settlePending(first.db, m.workspaceId, p.id, 'done', minutesAfter(T0, 1))).toBe(false);
  });

  it('move a service and prompt its owner once', () => {
    const api = must(seedServices(first.db, m, [{ name: 'api', state: 'cutover' }]).get('api'), 'api');
    expect(casServiceState(first.db, api.id, 'cutover', 'monitoring', T0, { monitoringEndsAt: T0 })).toBe(true);
    expect(casServiceState(second.db, api.id, 'cutover', 'monitoring', T0)).toBe(false);
    expect(claimMonitoringPrompt(second.db, api.id, T0)).toBe(true);
    expect(claimMonitoringPrompt(first.db, api.id, T0)).toBe(false);
    expect(serviceById(second.db, m.workspaceId, api.id)?.state).toBe('monitoring');
  });
});
