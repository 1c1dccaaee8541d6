import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monitoringJob } from '../../src/schedule/monitoring.ts';
import { auditLogTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, DAVE, pendingIdFrom, postedRequest, serviceRow, setupMigration } from '../support/lifecycle-fixture.ts';
import { plainOutbox } from '../support/plain-outbox.ts';
import { CHANNEL } from '../support/slack-requests.ts';

let clock = new Date('2026-11-25T10:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(new Date('2026-11-25T10:00:00Z').getTime() + hours * HOUR);

describe('the monitoring window', () => {
  let h: Harness;
  beforeEach(async () => {
    clock = at(0);
    h = await startHarness({ now: () => clock });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  const prompts = () =>
    h.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('monitoring window of'));

  async function monitoring(owner: string | undefined, settings: Record<string, number> = {}) {
    await setupMigration(h, { services: [{ name: 'api', ...(owner ? { owner } : {}) }], approvers: [DAVE], settings });
    await h.slash('start api');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started *api*'));
    const ask = await h.ask('cutover api');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask) });
    const request = await postedRequest(h);
    await h.clickAnswer({ actionId: 'approve_cutover', value: String(request.id), userId: DAVE });
    await h.slash('switched api');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('switched the traffic'));
    return serviceRow(h, 'api');
  }

  it('prompts the owner once when the window ends, with a Mark done button', async () => {
    const service = await monitoring(BOB);
    expect(service.monitoringEndsAt).toEqual(at(24));
    await h.tick(at(23));
    expect(prompts()).toEqual([]);
    await h.tick(at(24));
    await h.tick(at(25));
    expect(prompts()).toHaveLength(1);
    const prompt = prompts()[0];
    expect(String(prompt?.args.text)).toContain(`<@${BOB}>`);
    expect(JSON.stringify(prompt?.args.blocks)).toContain('"action_id":"confirm_done"');
    expect(serviceRow(h, 'api').monitoringPromptedAt).toEqual(at(24));
    // The window has ended: done needs no confirmation now.
    clock = at(26);
    await h.slash('done api', { user_id: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('marked done *api*'));
    expect(serviceRow(h, 'api').state).toBe('done');
  });

  /** The prompt as the channel shows it now, edits included. */
  const promptInChannel = () => {
    const shown = h.fake.conversation.history(CHANNEL).filter((m) => m.text.includes('monitoring window of'));
    expect(shown).toHaveLength(1);
    return { text: shown[0]?.text ?? '', blocks: JSON.stringify(shown[0]?.blocks), edited: shown[0]?.edited };
  };

  it('updates the prompt once the service is done from its button: by whom, and no button left', async () => {
    await monitoring(BOB);
    await h.tick(at(24));
    expect(promptInChannel().blocks).toContain('"action_id":"confirm_done"');
    clock = at(26);
    await h.click({ actionId: 'confirm_done', value: String(serviceRow(h, 'api').id), userId: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('marked done *api*'));
    await h.bot.idle();
    expect(serviceRow(h, 'api').state).toBe('done');
    const prompt = promptInChannel();
    expect(prompt.edited).toBe(true);
    expect(prompt.text).toContain(`<@${BOB}> marked it done`);
    expect(prompt.blocks).not.toContain('confirm_done');
    expect(prompt.blocks).not.toContain('mark it done');
  });

  it('updates the prompt after /migrate rollback too, with the reason', async () => {
    await monitoring(BOB);
    await h.tick(at(24));
    clock = at(25);
    await h.slash('rollback api error rate doubled', { user_id: BOB });
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('rolled back *api*'));
    await h.bot.idle();
    const prompt = promptInChannel();
    expect(prompt.text).toContain(`<@${BOB}> rolled it back`);
    expect(prompt.text).toContain('error rate doubled');
    expect(prompt.blocks).not.toContain('confirm_done');
  });

  it('claims each prompt once even when two processes tick together', async () => {
    await monitoring(undefined);
    // What each job claimed comes back as plain data instead of going to the outbox.
    const first = monitoringJob({ ...h.bot.deps, outbox: plainOutbox });
    const second = monitoringJob({ ...h.bot.deps, outbox: plainOutbox });
    const effects = [...(await first.run(at(30))), ...(await second.run(at(30)))];
    expect(effects).toHaveLength(1);
    const text = JSON.stringify(effects[0]);
    expect(text).toContain('team-platform');
  });

  it('follows the migration’s monitoring-hours and asks before an early done', async () => {
    await monitoring(BOB, { 'monitoring-hours': 48 });
    expect(serviceRow(h, 'api').monitoringEndsAt).toEqual(at(48));
    clock = at(30);
    const early = await h.ask('done api', { user_id: BOB });
    expect(early).toContain('18 h to run');
    expect(serviceRow(h, 'api').state).toBe('monitoring');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(early), userId: BOB });
    expect(serviceRow(h, 'api').state).toBe('done');
    const row = h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .find((a) => a.toValue === 'done');
    expect(row?.detail).toMatchObject({ action: 'done', beforeWindowEnded: true });
    await h.tick(at(49));
    expect(prompts()).toEqual([]);
  });
});
