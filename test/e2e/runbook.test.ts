import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runbookSteps } from '../../src/store/runbooks.ts';
import { auditLogTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, CAROL, serviceRow, setupMigration } from '../support/lifecycle-fixture.ts';
import { CHANNEL, payloadBody, sendSigned, TEAM } from '../support/slack-requests.ts';

type Block = { type: string; block_id?: string; elements?: { type: string; options?: { value: string }[] }[] };

describe('/migrate runbook', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
    await setupMigration(h, {
      strategy: 'parallel',
      services: [
        {
          name: 'orders',
          owner: BOB,
          stateful: true,
          importedSteps: [
            { step: 'Replay a day of orders against the new cluster' },
            { phase: 'cleanup', step: 'Delete the old queue' },
          ],
        },
      ],
    });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  async function show(userId = BOB): Promise<Block[]> {
    const { responseId } = await h.slash('runbook orders', { user_id: userId });
    const answer = await h.fake.waitForResponse((r) => r.id === responseId);
    return answer.body.blocks as Block[];
  }

  /** A checkboxes click as Slack sends it from the ephemeral runbook message. */
  async function tick(block: Block, selected: string[], userId = BOB) {
    const responseUrl = h.fake.responseUrl();
    const payload = {
      type: 'block_actions',
      team: { id: TEAM, domain: 'acme' },
      user: { id: userId, username: 'u', name: 'u', team_id: TEAM },
      api_app_id: 'A0APP',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: '1700000000.000009', channel_id: CHANNEL, is_ephemeral: true },
      trigger_id: `trigger-${Math.random().toString(36).slice(2)}`, // Slack sends a new one for every click
      channel: { id: CHANNEL, name: 'payments-migration' },
      response_url: responseUrl,
      actions: [
        {
          type: 'checkboxes',
          action_id: 'runbook_step',
          block_id: block.block_id,
          selected_options: selected.map((value) => ({ text: { type: 'plain_text', text: 'x' }, value })),
          action_ts: '1700000000.1',
        },
      ],
      is_enterprise_install: false,
    };
    const res = await sendSigned(h.baseUrl, payloadBody(payload));
    expect(res.status).toBe(200);
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    return h.fake.waitForResponse((r) => r.id === id);
  }

  const audit = (prefix: string) =>
    h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((a) => a.action.startsWith(prefix));

  it('shows defaults and imported steps as checkboxes, at most 10 to an element', async () => {
    const blocks = await show();
    const boxes = blocks.filter((b) => b.type === 'actions');
    expect(boxes.length).toBeGreaterThanOrEqual(5);
    for (const b of boxes) expect(b.elements?.[0]?.options?.length).toBeLessThanOrEqual(10);
    const text = JSON.stringify(blocks);
    expect(text).toContain('validate-dual-writes');
    expect(text).toContain('feature-flag');
    expect(text).toContain('Replay a day of orders');
    expect(text).toContain('Delete the old queue');
    // Written once: showing it again adds nothing.
    const count = runbookSteps(h.bot.store.db, serviceRow(h, 'orders').id).length;
    await show();
    expect(runbookSteps(h.bot.store.db, serviceRow(h, 'orders').id)).toHaveLength(count);
  });

  it('stores ticks and unticks as a diff against what was shown, each audited', async () => {
    const blocks = await show();
    const first = blocks.find((b) => b.type === 'actions');
    if (!first) throw new Error('no checkboxes');
    const values = first.elements?.[0]?.options?.map((o) => o.value) ?? [];
    const redrawn = await tick(first, values.slice(0, 2));
    expect(redrawn.body.replace_original).toBe(true);
    expect(JSON.stringify(redrawn.body.blocks)).toContain('initial_options');
    const steps = () => runbookSteps(h.bot.store.db, serviceRow(h, 'orders').id);
    expect(steps().filter((s) => s.status === 'done')).toHaveLength(2);
    await tick(first, values.slice(1, 2));
    expect(
      steps()
        .filter((s) => s.status === 'done')
        .map((s) => String(s.id)),
    ).toEqual([values[1]]);
    expect(audit('runbook.').map((a) => a.action)).toEqual(['runbook.tick', 'runbook.tick', 'runbook.untick']);
    expect(audit('runbook.')[0]).toMatchObject({ actor: BOB, serviceName: 'orders', toValue: 'done' });
  });

  it('refuses ticks by someone who may not change the service', async () => {
    const blocks = await show(CAROL);
    const first = blocks.find((b) => b.type === 'actions');
    if (!first) throw new Error('no checkboxes');
    await tick(first, [first.elements?.[0]?.options?.[0]?.value ?? ''], CAROL);
    await h.fake.waitForResponse((r) => String(r.body.text).includes('Only the owner of *orders* or a lead'));
    expect(runbookSteps(h.bot.store.db, serviceRow(h, 'orders').id).filter((s) => s.status === 'done')).toEqual([]);
    expect(audit('runbook.')).toEqual([]);
  });

  it('adds a step and skips one with a reason, both audited', async () => {
    const added = await h.ask('runbook orders add "Warm the new cache" --phase cutover', { user_id: BOB });
    expect(added).toContain('Warm the new cache');
    const steps = runbookSteps(h.bot.store.db, serviceRow(h, 'orders').id);
    expect(steps.find((s) => s.key === 'custom-warm-the-new-cache')).toMatchObject({
      phase: 'cutover',
      origin: 'custom',
    });
    expect(await h.ask('runbook orders add "Warm the new cache" --phase cutover', { user_id: BOB })).toContain(
      'already has that step',
    );
    const skipped = await h.ask('runbook orders skip validate-dual-writes no writes go through this service', {
      user_id: BOB,
    });
    expect(skipped).toContain('skipped: no writes go through');
    expect(await h.ask('runbook orders skip nope because', { user_id: BOB })).toContain('has no step `nope`');
    expect(await h.ask('runbook orders add "Anything"', { user_id: CAROL })).toContain("Only a service's owner");
    expect(audit('runbook.').map((a) => [a.action, a.reason])).toEqual([
      ['runbook.add', null],
      ['runbook.skip', 'no writes go through this service'],
    ]);
    const list = await h.ask('runbook orders list');
    expect(list).toContain('Warm the new cache');
  });
});
