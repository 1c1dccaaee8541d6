import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeMigration } from '../../src/store/migrations.ts';
import { auditLogTable, planEntriesTable, plansTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { exampleGraph, layeredGraphYaml, seedGraph } from '../support/seed.ts';
import { CHANNEL, TEAM, USER } from '../support/slack-requests.ts';

describe('/migrate plan', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
    await h.slash('new Shop');
    await h.fake.waitForCall('chat.postMessage');
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });
  const migration = () => {
    const m = activeMigration(h.bot.store.db, TEAM, CHANNEL);
    if (!m) throw new Error('no migration');
    return m;
  };
  const planPosts = () =>
    h.fake.callsTo('chat.postMessage').filter((c) => !c.args.thread_ts && String(c.args.text).startsWith('Plan v'));

  it('asks for a graph before planning', async () => {
    expect(await h.ask('plan')).toContain('has no services yet');
  });

  it('plans the example graph, posts the summary and comparison, and the full list in the thread', async () => {
    seedGraph(h.bot.store, migration(), exampleGraph());
    await h.slash('plan hybrid');
    const post = await h.fake.waitFor(() => planPosts()[0], 'the plan');
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain('Hybrid');
    expect(blocks).toContain('Estimates side by side');
    expect(blocks).toMatch(/sequential[^"]*\\n[\d.]+ weeks/);
    expect(blocks).toContain('Move together');
    // The groups come first in the thread, then every service.
    const thread = await h.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.thread_ts === '1700000000.000002' && String(c.args.text).startsWith('Plan v1, every service'),
    );
    expect(JSON.stringify(thread.args.blocks)).toContain('stripe-gateway');
    const entries = h.bot.store.db.select().from(planEntriesTable).all();
    expect(entries).toHaveLength(31);
    expect(migration().strategy).toBe('hybrid');
    const audit = h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['strategy.change', 'plan.create']));
  });

  it('stores numbered versions and says what changed', async () => {
    seedGraph(h.bot.store, migration(), exampleGraph());
    await h.slash('plan sequential');
    await h.fake.waitFor(() => planPosts()[0], 'plan v1');
    await h.slash('plan parallel');
    const second = await h.fake.waitFor(() => planPosts()[1], 'plan v2');
    expect(String(second.args.text)).toContain('Plan v2');
    expect(JSON.stringify(second.args.blocks)).toContain('Since v1');
    expect(
      h.bot.store.db
        .select()
        .from(plansTable)
        .all()
        .map((p) => p.version),
    ).toEqual([1, 2]);
  });

  it('shows a non-lead the current plan privately and refuses them a re-plan', async () => {
    seedGraph(h.bot.store, migration(), exampleGraph());
    await h.slash('plan');
    await h.fake.waitFor(() => planPosts()[0], 'plan');
    const shown = await h.ask('plan', { user_id: 'U0BOB' });
    expect(shown).toContain('Plan v1');
    expect(await h.ask('plan parallel', { user_id: 'U0BOB' })).toContain(
      `Only the leads of *Shop* may re-plan it: <@${USER}>`,
    );
    expect(await h.ask('plan sideways')).toContain('does not know `sideways`');
  });

  it('shows a non-lead a plan of 600 services within the 5 answers a response_url takes', async () => {
    seedGraph(h.bot.store, migration(), layeredGraphYaml(600));
    await h.slash('plan parallel');
    await h.fake.waitFor(() => planPosts()[0], 'plan');
    const { responseId } = await h.slash('plan', { user_id: 'U0BOB' });
    await h.fake.waitForResponse((r) => r.id === responseId);
    await h.bot.idle();
    const answers = h.fake.responses.filter((r) => r.id === responseId).map((r) => JSON.stringify(r.body));
    expect(answers.length).toBeLessThanOrEqual(5);
    expect(answers[0]).toContain('Plan v1');
    expect(answers.at(-1)).toContain('in the thread of the plan');
  });

  it('stays within Block Kit limits at 600 services', async () => {
    seedGraph(h.bot.store, migration(), layeredGraphYaml(600));
    await h.slash('plan parallel');
    await h.fake.waitFor(() => planPosts()[0], 'plan');
    await h.fake.waitFor(
      () => h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts).length >= 2 && true,
      'thread pages',
    );
    expect(h.bot.store.db.select().from(planEntriesTable).all()).toHaveLength(600);
  });
});
