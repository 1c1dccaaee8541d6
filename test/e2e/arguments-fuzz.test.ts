// A sample of the argument fuzz through the real app (signed requests, Bolt, the fake Slack): every
// command is answered, none with "Something went wrong", and nothing it sends breaks Block Kit or
// lets the hostile words through as markup. The full run is test/commands-fuzz/ (dispatch()).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, setupMigration } from '../support/lifecycle-fixture.ts';
import { HOSTILE, scanForLeaks } from '../support/markup-scan.ts';

const RUNS = Math.max(40, Math.floor(Number(process.env.FUZZ_RUNS ?? 2000) / 50));
const SEED = Number(process.env.FUZZ_SEED ?? 1205);

const word = fc.oneof(
  fc.constantFrom('api', 'billing', 'batch', '1', 'on', 'add', 'list', '--migration', 'Move', '<@U0BOB>'),
  fc.constantFrom(...Object.values(HOSTILE), '"', '-1', '1e309', '99999999999999999999', '\u200B'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const command = fc
  .tuple(fc.constantFrom(...COMMANDS.map((c) => c.name)), fc.array(word, { maxLength: 6 }))
  .map(([name, words]) => [name, ...words].join(' '));

describe('hostile arguments through the real app', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
    await setupMigration(h, { services: [{ name: 'api', owner: BOB, dependsOn: ['billing'] }, { name: 'billing' }] });
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers every command, never with an unexpected error', async () => {
    await fc.assert(
      fc.asyncProperty(command, async (text) => {
        const seen = h.fake.conversation.messages.length + h.fake.calls.length;
        const { status, responseId } = await h.slash(text);
        await h.bot.idle();
        expect(status, text).toBe(200);
        const answers = h.fake.responses.filter((r) => r.id === responseId);
        expect(answers.length + h.fake.conversation.messages.length + h.fake.calls.length, text).toBeGreaterThan(seen);
        expect(JSON.stringify(answers), text).not.toContain('Something went wrong');
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    expect(h.fake.violations).toEqual([]);
    expect(scanForLeaks(h.fake)).toEqual([]);
  }, 120_000);
});
