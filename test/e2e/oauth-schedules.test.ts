// The tick acts only for the workspaces it serves (in OAuth mode: those installed). Digests are
// covered end to end in oauth-install.test.ts; here the monitoring prompt and the approval
// reminder, each job run with a gate that serves nobody and then one that serves the workspace.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monitoringJob } from '../../src/schedule/monitoring.ts';
import { approvalReminderJob } from '../../src/schedule/reminders.ts';
import { EVERY_WORKSPACE, type Workspaces } from '../../src/schedule/tick.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, DAVE, pendingIdFrom, postedRequest, setupMigration } from '../support/lifecycle-fixture.ts';
import { plainOutbox } from '../support/plain-outbox.ts';
import { TEAM } from '../support/slack-requests.ts';

const HOUR = 3_600_000;
const START = new Date('2026-11-25T10:00:00Z');
const at = (hours: number) => new Date(START.getTime() + hours * HOUR);
const NOBODY: Workspaces = { serves: () => false, within: (_workspaceId, work) => work() };
const ONLY_OTHERS: Workspaces = {
  serves: (workspaceId) => workspaceId !== TEAM,
  within: (_workspaceId, work) => work(),
};

describe('scheduled work of a workspace the bot does not serve', () => {
  let h: Harness;
  let clock = START;
  beforeEach(async () => {
    clock = START;
    h = await startHarness({ now: () => clock });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  it('prompts no monitoring owner until the workspace is served again', async () => {
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }], approvers: [DAVE] });
    await h.slash('start api');
    const ask = await h.ask('cutover api');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask) });
    const request = await postedRequest(h);
    await h.clickAnswer({ actionId: 'approve_cutover', value: String(request.id), userId: DAVE });
    await h.slash('switched api');
    await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('switched the traffic'));
    const job = monitoringJob({ ...h.bot.deps, outbox: plainOutbox });
    expect(job.run(at(25), NOBODY)).toEqual([]);
    expect(job.run(at(25), ONLY_OTHERS)).toEqual([]);
    // Not claimed while skipped: served again, the prompt goes out.
    expect(job.run(at(25), EVERY_WORKSPACE)).toHaveLength(1);
  });

  it('sends no approval reminder until the workspace is served again', async () => {
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }], approvers: [DAVE] });
    await h.slash('start api');
    const ask = await h.ask('cutover api');
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask) });
    await postedRequest(h);
    await h.bot.idle();
    const job = approvalReminderJob({ ...h.bot.deps, outbox: plainOutbox });
    expect(job.run(at(200), NOBODY)).toEqual([]);
    expect(job.run(at(200), EVERY_WORKSPACE)).toHaveLength(1);
  });
});
