// Runbook steps: written once per (service, key), read in phase order, status changed by
// compare-and-set on the status it was read in.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRunbook, RUNBOOK_PHASES, type RunbookPhase, type RunbookStep } from '../../src/domain/runbook.ts';
import type { Db, Store } from '../../src/store/db.ts';
import type { ServiceRow } from '../../src/store/graph.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';
import {
  runbookSteps,
  runbookStepsOf,
  type StepToStore,
  setStepStatus,
  storeSteps,
  storeStepsOfMany,
} from '../../src/store/runbooks.ts';
import { runbookStepsTable } from '../../src/store/schema.ts';
import { freshStore, minutesAfter, must, seedMigration, seedServices, T0 } from '../support/store.ts';

let store: Store;
let db: Db;
let m: MigrationRow;
let api: ServiceRow;
let web: ServiceRow;

beforeEach(() => {
  store = freshStore();
  db = store.db;
  m = seedMigration(db);
  const s = seedServices(db, m, [{ name: 'api' }, { name: 'web' }]);
  api = must(s.get('api'), 'api');
  web = must(s.get('web'), 'web');
});
afterEach(() => store.close());

const step = (key: string, phase: RunbookPhase, validation = false): StepToStore => ({
  step: { key, phase, text: `do ${key}`, validation, appliesTo: () => true },
  origin: 'custom',
});
const defaults = (): StepToStore[] =>
  defaultRunbook({ stateful: false, external: false, inParallelBatch: false }, 24).map((s: RunbookStep) => ({
    step: s,
    origin: 'default',
  }));

describe('storeSteps', () => {
  it('writes the steps once, in phase order, and a repeat adds nothing', () => {
    const first = storeSteps(db, api, defaults(), T0);
    expect(first.length).toBe(defaults().length);
    expect(first.length).toBeGreaterThan(3);
    const ranks = first.map((s) => RUNBOOK_PHASES.indexOf(s.phase as RunbookPhase));
    expect([...ranks].sort((x, y) => x - y)).toEqual(ranks);
    expect(first.every((s) => s.status === 'open' && s.origin === 'default' && s.workspaceId === 'T0A')).toBe(true);

    const again = storeSteps(db, api, defaults(), minutesAfter(T0, 1));
    expect(again.map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(db.select().from(runbookStepsTable).all()).toHaveLength(first.length);
  });

  it('adds only new keys, after the steps already there, and sorts them into their phase', () => {
    storeSteps(db, api, [step('a', 'cutover'), step('b', 'prepare')], T0);
    const got = storeSteps(db, api, [step('a', 'cutover'), step('c', 'cutover'), step('d', 'prepare')], T0);
    expect(got.map((s) => [s.key, s.phase, s.position])).toEqual([
      ['b', 'prepare', 20],
      ['d', 'prepare', 40],
      ['a', 'cutover', 10],
      ['c', 'cutover', 30],
    ]);
    expect(runbookSteps(db, web.id)).toEqual([]);
  });

  it('puts a phase it does not know after the known ones', () => {
    storeSteps(db, api, [step('x', 'prepare')], T0);
    db.insert(runbookStepsTable)
      .values({
        workspaceId: 'T0A',
        serviceId: api.id,
        key: 'odd',
        phase: 'afterwards',
        position: 1,
        text: 'odd',
        origin: 'import',
      })
      .run();
    expect(runbookSteps(db, api.id).map((s) => s.key)).toEqual(['x', 'odd']);
  });
});

describe('storeStepsOfMany and runbookStepsOf', () => {
  it('writes many runbooks at once and reads them back by service', () => {
    const many = storeStepsOfMany(
      db,
      [
        { service: api, steps: [step('a1', 'validate', true), step('a0', 'prepare')] },
        { service: web, steps: [step('w1', 'monitor')] },
      ],
      T0,
    );
    expect(many.get(api.id)?.map((s) => s.key)).toEqual(['a0', 'a1']);
    expect(many.get(web.id)?.map((s) => s.key)).toEqual(['w1']);
    const again = storeStepsOfMany(db, [{ service: api, steps: [step('a1', 'validate')] }], T0);
    expect(again.get(api.id)).toHaveLength(2);
    expect(runbookStepsOf(db, [api.id, web.id]).get(web.id)?.[0]?.text).toBe('do w1');
    expect(runbookStepsOf(db, [web.id]).has(api.id)).toBe(false);
    expect(runbookStepsOf(db, [])).toEqual(new Map());
  });
  it('lets the unique (service, key) index drop a step written twice in one call', () => {
    // Both items read the same (empty) runbook, as two racing writers would: the second insert conflicts.
    const got = storeStepsOfMany(
      db,
      [
        { service: api, steps: [step('a1', 'prepare')] },
        { service: api, steps: [step('a1', 'prepare'), step('a2', 'prepare')] },
      ],
      T0,
    );
    expect(got.get(api.id)?.map((s) => s.key)).toEqual(['a1', 'a2']);
    expect(db.select().from(runbookStepsTable).all()).toHaveLength(2);
  });
});

describe('setStepStatus', () => {
  it('changes a step from the status it was read in, once', () => {
    const [s] = storeSteps(db, api, [step('check', 'validate', true)], T0);
    const read = must(s, 'step');
    const at = minutesAfter(T0, 2);
    expect(setStepStatus(db, read, 'done', 'U0BOB', at)).toBe(true);
    // A second click carries the status it saw, which is stale now.
    expect(setStepStatus(db, read, 'skipped', 'U0CAROL', at, 'not needed')).toBe(false);
    expect(runbookSteps(db, api.id)[0]).toMatchObject({
      status: 'done',
      statusBy: 'U0BOB',
      statusAt: at,
      skipReason: null,
    });
  });

  it('keeps a skip reason only for a skip', () => {
    const [s] = storeSteps(db, api, [step('check', 'validate', true)], T0);
    const read = must(s, 'step');
    expect(setStepStatus(db, read, 'skipped', 'U0BOB', T0, 'covered by staging')).toBe(true);
    expect(runbookSteps(db, api.id)[0]?.skipReason).toBe('covered by staging');
    expect(setStepStatus(db, { id: read.id, status: 'skipped' }, 'open', 'U0BOB', T0, 'ignored')).toBe(true);
    expect(runbookSteps(db, api.id)[0]).toMatchObject({ status: 'open', skipReason: null });
  });
});
