// An assessment in a channel whose migration already runs: the result is read against the
// migration's strategy, and a lead can switch to the suggested one (asked first, audited, re-planned).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/ids.ts';
import { auditLogTable } from '../../src/store/schema.ts';
import { assessValues, SCORES } from '../support/assess-values.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, migrationOf, pendingIdFrom, setupMigration } from '../support/lifecycle-fixture.ts';
import { CHANNEL } from '../support/slack-requests.ts';

describe('/migrate assess in a channel that has a migration', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  const textOf = (c: { args: Record<string, unknown> }) =>
    `${String(c.args.text)}\n${JSON.stringify(c.args.blocks ?? [])}`;

  async function channelPost(run: () => Promise<unknown>): Promise<string> {
    const before = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL).length;
    await run();
    return textOf(await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL, before));
  }

  const submit = (userId?: string) =>
    channelPost(() =>
      h.submitView({
        callbackId: 'assess_submit',
        privateMetadata: JSON.stringify({ channelId: CHANNEL }),
        // 19/30: parallel batches are viable.
        values: assessValues(SCORES),
        ...(userId ? { userId } : {}),
      }),
    );

  const switchValue = (post: string) => {
    const match = /"action_id":"switch_strategy","text":\{[^}]*\},"value":"((?:[^"\\]|\\.)*)"/.exec(post);
    if (!match?.[1]) throw new Error(`no switch button in ${post}`);
    return JSON.parse(`"${match[1]}"`) as string;
  };
  const strategyAudit = () =>
    h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((a) => a.action === 'strategy.change');

  it('offers the lead a switch, tells anyone else who can, and switches once after a confirmation', async () => {
    await setupMigration(h, { strategy: 'sequential', services: [{ name: 'api' }, { name: 'db', dependsOn: [] }] });

    const byBob = await submit(BOB);
    expect(byBob).toContain('This channel’s migration *Move* runs *sequential*; this result suggests *parallel*');
    expect(byBob).toContain('Only its leads can switch it with the button: <@U0ALICE>');
    expect(byBob).not.toContain('/migrate new');
    expect(await h.clickAnswer({ actionId: ACTION.switchStrategy, value: switchValue(byBob), userId: BOB })).toContain(
      'Only the leads of *Move* may switch its strategy',
    );

    const post = await submit();
    expect(post).toContain('As one of its leads you can switch it with the button');
    expect(post).toContain('"text":"Switch to parallel"');
    const value = switchValue(post);
    const question = await h.clickAnswer({ actionId: ACTION.switchStrategy, value });
    expect(question).toContain('Switch *Move* from *sequential* to *parallel* and re-plan?');
    expect(migrationOf(h).strategy).toBe('sequential');

    const done = await channelPost(() => h.click({ actionId: ACTION.confirm, value: pendingIdFrom(question) }));
    expect(done).toContain(
      '<@U0ALICE> switched *Move* from *sequential* to *parallel*, following the checklist result of 19/30.',
    );
    expect(done).toContain('re-planned as version 2');
    expect(migrationOf(h).strategy).toBe('parallel');
    expect(strategyAudit()).toMatchObject([{ fromValue: 'sequential', toValue: 'parallel' }]);
    expect(await h.ask('log')).toContain('changed the strategy from sequential to *parallel*');

    expect(await h.clickAnswer({ actionId: ACTION.switchStrategy, value })).toContain(
      '*Move* already uses the *parallel* strategy',
    );
    const again = await submit();
    expect(again).toContain('this channel’s migration *Move* already uses the *parallel* strategy');
    expect(again).not.toContain('switch_strategy');
    expect(strategyAudit()).toHaveLength(1);
  });
});
