// Every limit of docs/limits.md at its edge: at the limit accepted, one past refused with a clear
// answer and nothing written.
import { beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/index.ts';
import type { Actor, Deps } from '../../src/deps.ts';
import { parseGraphFile } from '../../src/domain/import/index.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_SERVICES } from '../../src/domain/import/types.ts';
import { MAX_COMMAND_TEXT, MAX_PEOPLE_PER_COMMAND, MAX_PLATFORM, MAX_REASON } from '../../src/domain/limits.ts';
import { MAX_STEP_TEXT } from '../../src/domain/runbook.ts';
import { asCodedError } from '../../src/errors.ts';
import { MAX_STEPS } from '../../src/services/runbooks.ts';
import type { Effect } from '../../src/slack/effect.ts';
import { toUserMessage } from '../../src/slack/user-message.ts';
import { migrationsTable, runbookStepsTable } from '../../src/store/schema.ts';
import { depsFor } from '../support/deps.ts';
import { freshStore, seedMigration, seedPlan, seedServices } from '../support/store.ts';

const LEAD = 'U0LEAD';
const actor: Actor = { workspaceId: 'T0A', userId: LEAD, channelId: 'C0MOVE' };
const textOf = (effects: readonly Effect[]) =>
  effects.map((e) => ('message' in e ? `${e.message.text}\n${JSON.stringify(e.message.blocks ?? [])}` : '')).join('\n');

describe('limits on what people type', () => {
  let deps: Deps;
  beforeEach(() => {
    const store = freshStore();
    deps = depsFor(store);
  });

  /** The person's answer, whether the command replied or was refused with a coded error. */
  async function run(text: string, who: Actor = actor): Promise<string> {
    try {
      return textOf(await dispatch(deps, who, text));
    } catch (err) {
      return toUserMessage(asCodedError(err), deps.logger, '[limits]').text;
    }
  }
  const migrations = () => deps.store.db.select().from(migrationsTable).all().length;
  const withServices = () => {
    const m = seedMigration(deps.store.db, { name: 'Move', createdBy: LEAD });
    seedServices(deps.store.db, m, [{ name: 'api', owner: LEAD, state: 'shadow' }, { name: 'billing' }]);
    seedPlan(deps.store.db, m);
  };

  it(`takes a command of ${MAX_COMMAND_TEXT} characters, not one more`, async () => {
    const padded = (n: number) => `help ${'x'.repeat(n - 5)}`;
    expect(await run(padded(MAX_COMMAND_TEXT))).not.toContain('characters long');
    expect(await run(padded(MAX_COMMAND_TEXT + 1))).toContain(
      `That command is 4,001 characters long; \`/migrate\` takes at most 4,000. Nothing was done.`,
    );
  });

  it('takes a migration name of 60 characters and platforms of 60, not one more', async () => {
    expect(await run(`new ${'n'.repeat(61)}`)).toContain('up to 60 characters');
    expect(await run(`new Move from ${'p'.repeat(MAX_PLATFORM + 1)}`)).toContain(
      `names a platform in at most ${MAX_PLATFORM} characters`,
    );
    expect(migrations()).toBe(0);
    await run(`new ${'n'.repeat(60)} from ${'p'.repeat(MAX_PLATFORM)} to ${'q'.repeat(MAX_PLATFORM)}`);
    expect(deps.store.db.select().from(migrationsTable).get()).toMatchObject({
      name: 'n'.repeat(60),
      fromPlatform: 'p'.repeat(MAX_PLATFORM),
      toPlatform: 'q'.repeat(MAX_PLATFORM),
    });
  });

  it(`takes a reason of ${MAX_REASON} characters in rollback, withdraw and skip, not one more`, async () => {
    withServices();
    const at = 'r'.repeat(MAX_REASON);
    const past = 'r'.repeat(MAX_REASON + 1);
    const tooLong = `takes a reason of at most ${MAX_REASON} characters (this one has ${MAX_REASON + 1})`;
    for (const command of ['rollback api', 'rollback batch 1', 'withdraw api', 'runbook api skip validate-data']) {
      expect(await run(`${command} ${past}`), command).toContain(tooLong);
      expect(await run(`${command} ${at}`), command).not.toContain('takes a reason of at most');
    }
  });

  it(`adds ${MAX_PEOPLE_PER_COMMAND} approvers at once, not one more`, async () => {
    withServices();
    const people = (n: number) => Array.from({ length: n }, (_, i) => `<@U${String(i).padStart(4, '0')}>`).join(' ');
    expect(await run(`approvers add ${people(MAX_PEOPLE_PER_COMMAND + 1)}`)).toContain(
      `takes at most ${MAX_PEOPLE_PER_COMMAND} people or groups at once (this names ${MAX_PEOPLE_PER_COMMAND + 1})`,
    );
    expect(await run(`leads add ${people(MAX_PEOPLE_PER_COMMAND + 1)}`)).toContain('takes at most');
    expect(await run(`approvers add ${people(MAX_PEOPLE_PER_COMMAND)}`)).toContain('as approvers of');
  });

  it(`takes a step of ${MAX_STEP_TEXT} characters and ${MAX_STEPS} steps in a runbook, not more`, async () => {
    withServices();
    expect(await run(`runbook api add "${'s'.repeat(MAX_STEP_TEXT + 1)}"`)).toContain(
      `a step is at most ${MAX_STEP_TEXT} characters`,
    );
    expect(await run(`runbook api add "${'s'.repeat(MAX_STEP_TEXT)}"`)).not.toContain('at most');
    const steps = () => deps.store.db.select().from(runbookStepsTable).all().length;
    for (let i = steps(); i < MAX_STEPS; i++) await run(`runbook api add "step ${i}"`);
    expect(steps()).toBe(MAX_STEPS);
    expect(await run('runbook api add "one more"')).toContain(`${MAX_STEPS}`);
    expect(steps()).toBe(MAX_STEPS);
  });

  it('takes a service name of 100 characters, an import of 5 MB and 20,000 services, not more', () => {
    const named = (name: string) => parseGraphFile(`services:\n  - name: ${name}\n`, 'native');
    expect(named(`a${'b'.repeat(99)}`).ok).toBe(true);
    expect(named(`a${'b'.repeat(100)}`).ok).toBe(false);
    const big = `# ${'x'.repeat(MAX_IMPORT_BYTES)}\nservices: []\n`;
    expect(JSON.stringify(parseGraphFile(big, 'native'))).toContain(`${MAX_IMPORT_BYTES} bytes`);
    const many = (n: number) =>
      ['from,to', ...Array.from({ length: Math.ceil(n / 2) }, (_, i) => `s${2 * i},s${2 * i + 1}`)].join('\n');
    expect(parseGraphFile(many(MAX_IMPORT_SERVICES), 'csv').ok).toBe(true);
    expect(JSON.stringify(parseGraphFile(many(MAX_IMPORT_SERVICES + 2), 'csv'))).toContain(
      `the most one import takes is ${MAX_IMPORT_SERVICES}`,
    );
  });
});
