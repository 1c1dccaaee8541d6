// Stored checklist results: newest first, per workspace and channel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assess } from '../../src/domain/checklist.ts';
import { insertAssessment, latestAssessment, linkAssessment, recentAssessments } from '../../src/store/assessments.ts';
import type { Db, Store } from '../../src/store/db.ts';
import { freshStore, minutesAfter, seedMigration, T0 } from '../support/store.ts';

let store: Store;
let db: Db;

beforeEach(() => {
  store = freshStore();
  db = store.db;
});
afterEach(() => store.close());

const scores = { coupling: 2, teamSize: 3, automation: 4, riskTolerance: 2, timeline: 3, dualRunningCost: 1 };
const save = (workspaceId: string, channelId: string, createdAt: Date, note: string | null = null) =>
  insertAssessment(db, { workspaceId, channelId, userId: 'U0LEAD', note, createdAt }, assess(scores));

describe('assessments', () => {
  it('stores scores, total and outcome', () => {
    const row = save('T0A', 'C1', T0, 'first pass');
    expect(row).toMatchObject({ ...scores, total: 15, outcome: assess(scores).outcome, note: 'first pass' });
    expect(row.migrationId).toBeNull();
  });

  it('reads newest first, within one workspace and channel', () => {
    const old = save('T0A', 'C1', T0);
    const newer = save('T0A', 'C1', minutesAfter(T0, 5));
    save('T0A', 'C2', minutesAfter(T0, 9));
    save('T0B', 'C1', minutesAfter(T0, 9));
    expect(recentAssessments(db, 'T0A', 'C1', 10).map((r) => r.id)).toEqual([newer.id, old.id]);
    expect(recentAssessments(db, 'T0A', 'C1', 1).map((r) => r.id)).toEqual([newer.id]);
    expect(latestAssessment(db, 'T0A', 'C1')?.id).toBe(newer.id);
    expect(latestAssessment(db, 'T0A', 'C3')).toBeNull();
  });

  it('links to a migration only within its workspace', () => {
    const row = save('T0A', 'C1', T0);
    const m = seedMigration(db, { workspaceId: 'T0A' });
    linkAssessment(db, 'T0B', row.id, m.id);
    expect(latestAssessment(db, 'T0A', 'C1')?.migrationId).toBeNull();
    linkAssessment(db, 'T0A', row.id, m.id);
    expect(latestAssessment(db, 'T0A', 'C1')?.migrationId).toBe(m.id);
  });
});
