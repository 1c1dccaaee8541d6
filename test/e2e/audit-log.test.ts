// The audit log is append-only: the whole history of a service reads back in order, and no code
// path in the source tree updates or deletes its rows.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/index.ts';
import type { Actor, Deps } from '../../src/deps.ts';
import { approveCutover } from '../../src/services/approvals.ts';
import { replanInTx } from '../../src/services/planning.ts';
import type { Effect } from '../../src/slack/effect.ts';
import { createOutbox } from '../../src/slack/outbox.ts';
import { auditFor } from '../../src/store/audit.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { serviceByName } from '../../src/store/graph.ts';
import { activeMigration, addPerson } from '../../src/store/migrations.ts';
import { runbookSteps, setStepStatus } from '../../src/store/runbooks.ts';
import { approvalRequestsTable, servicesTable } from '../../src/store/schema.ts';
import { depsFor } from '../support/deps.ts';
import { quietSlack } from '../support/slack-port.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WS = 'T0001';
const LEAD = 'U0LEAD';
const APPROVER = 'U0APPROVER';

const slack = quietSlack;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the audit log', () => {
  let store: Store;
  let clock: Date;
  let deps: Deps;
  const actor: Actor = { workspaceId: WS, userId: LEAD, channelId: 'C0MOVE' };
  const run = async (text: string, who: Actor = actor): Promise<Effect[]> => dispatch(deps, who, text);

  beforeEach(() => {
    store = openStore(':memory:');
    applySchema(store);
    clock = new Date('2026-11-25T10:00:00Z');
    deps = depsFor(store, { slack, now: () => clock, outbox: createOutbox(store.db, () => {}) });
  });
  afterEach(() => store.close());

  const later = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };

  it('reads back the full history of a service, in order', async () => {
    await run('new Move');
    const migration = activeMigration(store.db, WS, 'C0MOVE');
    if (!migration) throw new Error('no migration');
    store.db.transaction((tx) => {
      tx.insert(servicesTable)
        .values({ workspaceId: WS, migrationId: migration.id, name: 'api', owner: LEAD, ownerKind: 'user' })
        .run();
      addPerson(tx, migration, { role: 'approver', kind: 'user', slackId: APPROVER, addedBy: LEAD });
      replanInTx(tx, migration, LEAD, clock);
    });
    const api = () => {
      const s = serviceByName(store.db, migration, 'api');
      if (!s) throw new Error('no api');
      return s;
    };
    later(1);
    await run('start api');
    later(1);
    await run('rehearsal api 15');
    later(1);
    for (const step of runbookSteps(store.db, api().id).filter((s) => s.validation)) {
      store.db.transaction((tx) => setStepStatus(tx, step, 'done', LEAD, clock));
    }
    await run('runbook api skip decommission kept for the grace period');
    later(1);
    await run('cutover api');
    const request = store.db.select().from(approvalRequestsTable).get();
    later(1);
    await approveCutover(deps, { workspaceId: WS, userId: APPROVER }, request?.id ?? 0);
    later(1);
    await run('switched api');
    later(60);
    await run('rollback api latency over budget');
    later(1);
    await run('start api');

    const history = auditFor(store.db, WS, migration.id, { serviceId: api().id }).map((a) => [
      a.actor,
      a.action,
      a.fromValue,
      a.toValue,
      a.reason,
    ]);
    expect(history).toEqual([
      [LEAD, 'service.transition', 'planned', 'shadow', null],
      [LEAD, 'rehearsal.record', null, '15', null],
      [LEAD, 'runbook.skip', 'open', 'skipped', 'kept for the grace period'],
      [LEAD, 'service.transition', 'shadow', 'awaiting_approval', null],
      [APPROVER, 'service.transition', 'awaiting_approval', 'cutover', null],
      [LEAD, 'service.transition', 'cutover', 'monitoring', null],
      [LEAD, 'service.transition', 'monitoring', 'rolled_back', 'latency over budget'],
      [LEAD, 'service.transition', 'rolled_back', 'shadow', null],
    ]);
    const all = auditFor(store.db, WS, migration.id).map((a) => a.action);
    expect(all).toEqual(expect.arrayContaining(['migration.create', 'approval.request', 'approval.approve']));
    const times = auditFor(store.db, WS, migration.id).map((a) => a.createdAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('is never updated or deleted by any code path', () => {
    const files = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'commands'))];
    expect(files.length).toBeGreaterThan(20);
    const forbidden = [
      /\.update\(\s*(?:schema\.)?auditLogTable\b/,
      /\.delete\(\s*(?:schema\.)?auditLogTable\b/,
      /\bUPDATE\s+["'`]?audit_log\b/i,
      /\bDELETE\s+FROM\s+["'`]?audit_log\b/i,
      /\bINSERT\s+OR\s+REPLACE\s+INTO\s+["'`]?audit_log\b/i,
      /\bREPLACE\s+INTO\s+["'`]?audit_log\b/i,
      /\bDROP\s+TABLE\s+["'`]?audit_log\b/i,
    ];
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return forbidden.filter((re) => re.test(text)).map((re) => `${relative(ROOT, file)}: ${re}`);
    });
    expect(offenders).toEqual([]);
    // The scan itself finds what it looks for.
    expect(forbidden.some((re) => re.test('db.update(auditLogTable).set({})'))).toBe(true);
    expect(forbidden.some((re) => re.test('DELETE FROM audit_log WHERE id = 1'))).toBe(true);
  });

  it('keeps appending when the same thing happens twice', async () => {
    await run('new Move');
    await run('set engineers 6');
    await run('set engineers 7');
    const migration = activeMigration(store.db, WS, 'C0MOVE');
    const changes = auditFor(store.db, WS, migration?.id ?? 0).filter((a) => a.action === 'setting.change');
    expect(changes.map((c) => [c.fromValue, c.toValue])).toEqual([
      ['5', '6'],
      ['6', '7'],
    ]);
  });
});
