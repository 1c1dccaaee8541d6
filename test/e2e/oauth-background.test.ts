// OAuth mode, the calls the bot makes on its own: Home tabs, reads outside a request, and the
// readiness check, each with the token of the workspace it concerns.
import { afterEach, describe, expect, it } from 'vitest';
import { inWorkspace } from '../../src/oauth/workspace-scope.ts';
import type { Harness } from '../support/harness.ts';
import { install, ORG, PLAIN, startOAuthHarness } from '../support/oauth.ts';
import { eventBody, sendSigned, USER } from '../support/slack-requests.ts';

const NOW = new Date('2026-11-25T07:00:00Z');

let harness: Harness | undefined;
afterEach(async () => {
  expect(harness?.fake.violations ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

async function installedBoth(): Promise<{ h: Harness; plainToken: string; orgToken: string }> {
  const h = await startOAuthHarness(() => NOW);
  harness = h;
  return { h, plainToken: await install(h, PLAIN), orgToken: await install(h, ORG) };
}

/** An event from a workspace of the org, where the app is installed org-wide. */
function orgEventBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: 'T0INORG',
    enterprise_id: 'E0ORG',
    api_app_id: 'A0APP',
    event,
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: 'E0ORG', team_id: null, user_id: 'UBOTE0ORG', is_bot: true, is_enterprise_install: true },
    ],
  });
}

describe('OAuth mode, calls outside a request', () => {
  it('publishes each Home tab with its own workspace token', async () => {
    const { h, plainToken, orgToken } = await installedBoth();
    const opened = { type: 'app_home_opened', user: USER, tab: 'home', channel: 'D0HOME' };
    for (const body of [eventBody(opened, 'T0PLAIN'), orgEventBody(opened)]) {
      const res = await sendSigned(h.baseUrl, body, { contentType: 'application/json' });
      await res.text();
      expect(res.status).toBe(200);
    }
    await h.fake.waitFor(() => h.fake.callsTo('views.publish').length === 2, 'two Home publishes');
    expect(new Set(h.fake.callsTo('views.publish').map((c) => c.token))).toEqual(new Set([plainToken, orgToken]));
  });

  it('names the team when it reads an approver group with an org-wide token, as Enterprise Grid requires', async () => {
    const { h, orgToken } = await installedBoth();
    const inOrg = { team_id: 'T0INORG', enterprise_id: 'E0ORG', is_enterprise_install: 'true', channel_id: 'C0ORG' };
    await h.slash('new Beta', inOrg);
    await h.slash('approvers add <!subteam^S0SRE|@sre>', inOrg);
    await h.bot.idle();
    h.fake.usergroups.set('S0SRE', ['U0ERIN']);
    const opened = { type: 'app_home_opened', user: 'U0ERIN', tab: 'home', channel: 'D0HOME' };
    const res = await sendSigned(h.baseUrl, orgEventBody(opened), { contentType: 'application/json' });
    await res.text();
    await h.fake.waitFor(() => h.fake.callsTo('views.publish').length === 1, 'the Home publish');
    const reads = h.fake.callsTo('usergroups.users.list');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.token).toBe(orgToken);
      expect(read.args).toMatchObject({ usergroup: 'S0SRE', team_id: 'T0INORG' });
    }
    // The member sees the migration as one they approve for: the group was read, not skipped.
    expect(JSON.stringify(h.fake.callsTo('views.publish')[0]?.args.view)).toContain('Beta');
  });

  it('reads Slack with the token of the workspace in scope, and refuses a read that names none', async () => {
    const { h, orgToken } = await installedBoth();
    await inWorkspace('E0ORG', () => h.bot.deps.slack.userTimeZone(USER));
    expect(h.fake.callsTo('users.info').map((c) => c.token)).toEqual([orgToken]);
    await expect(h.bot.deps.slack.userTimeZone(USER)).rejects.toThrow(/No installation/);
    await expect(inWorkspace('T0NEVER', () => h.bot.deps.slack.userTimeZone(USER))).rejects.toThrow(/No installation/);
  });

  it('checks every installation for readiness; one revoked token does not make the bot unready, an unreachable Slack does', async () => {
    const { h, plainToken, orgToken } = await installedBoth();
    const checked = () => h.fake.callsTo('auth.test').map((c) => c.token);
    const before = checked().length;
    expect(await h.bot.readiness.refreshAuth()).toEqual({ ok: true });
    expect(new Set(checked().slice(before))).toEqual(new Set([plainToken, orgToken]));

    h.fake.revokedTokens.add(plainToken);
    expect(await h.bot.readiness.refreshAuth()).toEqual({ ok: true });

    h.fake.fault('auth.test', () => ({ status: 503 }));
    expect(await h.bot.readiness.refreshAuth()).toMatchObject({ ok: false, rejected: false });
    h.fake.clearFault('auth.test');
  });

  it('uses the new token at once after a reinstall', async () => {
    const { h, plainToken } = await installedBoth();
    const post = (text: string) =>
      h.bot.deps.outbox.send({ workspaceId: 'T0PLAIN' }, [{ type: 'post', channel: 'C0PLAIN', message: { text } }]);
    post('before');
    await h.bot.idle();
    const reinstalled = await install(h, PLAIN);
    expect(reinstalled).not.toBe(plainToken);
    post('after');
    await h.bot.idle();
    const tokenOf = (text: string) => h.fake.callsTo('chat.postMessage').find((c) => c.args.text === text)?.token;
    expect([tokenOf('before'), tokenOf('after')]).toEqual([plainToken, reinstalled]);
  });
});
