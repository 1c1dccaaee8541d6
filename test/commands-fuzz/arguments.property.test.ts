// Random and hostile arguments for every registered subcommand, through the real dispatcher: never a
// crash or an "unexpected error", a refusal leaves the store exactly as it was, and every command
// answers. FUZZ_RUNS raises the number of cases (default 2,000); FUZZ_SEED tries other ones.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, dispatch } from '../../commands/index.ts';
import type { Actor, Deps } from '../../src/deps.ts';
import { asCodedError, UnexpectedError } from '../../src/errors.ts';
import type { Effect } from '../../src/slack/effect.ts';
import { toUserMessage } from '../../src/slack/user-message.ts';
import type { Store } from '../../src/store/db.ts';
import { depsFor } from '../support/deps.ts';
import { HOSTILE } from '../support/markup-scan.ts';
import { freshStore, seedApprover, seedMigration, seedPlan, seedServices } from '../support/store.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 1205);
const LEAD = 'U0LEAD';
const actor: Actor = { workspaceId: 'T0A', userId: LEAD, channelId: 'C0MOVE' };
const SERVICES = ['api', 'billing', 'web_front', 'db'];

/** Words the commands know, so the fuzz reaches past the first refusal. */
const known = fc.constantFrom(
  ...SERVICES,
  ...COMMANDS.map((c) => c.name),
  'batch',
  'on',
  'at',
  'add',
  'remove',
  'list',
  'skip',
  'history',
  'page',
  'off',
  'daily',
  'weekdays',
  'chart',
  '--migration',
  '--phase',
  'sync',
  'shared-db',
  'sequential',
  'leaf-first',
  '09:30',
  'Europe/Paris',
  `<@U0BOB>`,
  '<!subteam^S1|@sre>',
  'engineers',
);
const hostile = fc.constantFrom(
  ...Object.values(HOSTILE),
  '"',
  "'",
  '“quoted”',
  '""',
  '"unterminated',
  '\u200B',
  '\u202Eevil',
  '💥',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '3.5',
  '25:61',
  '__proto__',
  'constructor',
);
const number = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.bigInt().map(String));
const token = fc.oneof(known, hostile, number, fc.string({ unit: 'grapheme', maxLength: 30 }));
const argumentsText = fc.oneof(
  { weight: 6, arbitrary: fc.array(token, { maxLength: 8 }).map((t) => t.join(' ')) },
  { weight: 1, arbitrary: fc.array(token, { minLength: 100, maxLength: 400 }).map((t) => t.join(' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)) },
);
const subcommand = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...COMMANDS.map((c) => c.name)) },
  { weight: 1, arbitrary: token },
);

/** Every row of every table, as text: what "no partial write" compares. */
function snapshot(store: Store): string {
  const tables = store.sqlite
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
    .all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, store.sqlite.prepare(`select * from "${name}"`).all()]));
}

const textOf = (effects: readonly Effect[]): string =>
  effects.map((e) => ('message' in e ? `${e.message.text}\n${JSON.stringify(e.message.blocks ?? [])}` : '')).join('\n');

describe('every subcommand, random and hostile arguments', () => {
  let store: Store;
  let deps: Deps;
  beforeAll(() => {
    store = freshStore();
    const m = seedMigration(store.db, { name: 'Move', createdBy: LEAD });
    seedServices(store.db, m, [
      { name: 'api', owner: LEAD, dependsOn: ['billing'] },
      { name: 'billing', owner: 'U0BOB' },
      { name: 'web_front', owner: LEAD, dependsOn: ['api'] },
      { name: 'db', owner: LEAD, stateful: true },
    ]);
    seedPlan(store.db, m);
    seedApprover(store.db, m, 'U0DAVE');
    deps = depsFor(store);
  });
  afterAll(() => store.close());

  it('answers every one, never with an unexpected error, and a refusal writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(subcommand, argumentsText, async (name, args) => {
        const text = `${name} ${args}`;
        const before = snapshot(store);
        let answer: string;
        try {
          const effects = await dispatch(deps, actor, text);
          expect(effects.length, text).toBeGreaterThan(0);
          answer = textOf(effects);
        } catch (err) {
          expect(asCodedError(err), `${text}: ${String(err)}`).not.toBeInstanceOf(UnexpectedError);
          expect(snapshot(store), text).toBe(before);
          answer = toUserMessage(err, deps.logger, '[fuzz]').text;
          expect(answer.length, text).toBeGreaterThan(0);
        }
        expect(answer, text).not.toMatch(/unexpected error|went wrong|\n\s+at .+:\d+:\d+/i);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 120_000);
});
