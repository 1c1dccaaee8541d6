// OAuth mode over Socket Mode end to end: the install routes run on the receiver's own HTTP port
// (PORT), the state is verified there, and each installed workspace's envelopes are answered and
// its channel posts made with that workspace's own bot token. A workspace not installed gets nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { grantCode } from '../../src/playground/slack-oauth.ts';
import { installations } from '../../src/store/installations.ts';
import { beginInstall, finishInstall, install, OAUTH_ENV, ORG, PLAIN } from '../support/oauth.ts';
import { type SocketBot, startSocketBot } from '../support/socket-bot.ts';
import { APP_TOKEN } from '../support/socket-mode.ts';

const NOW = new Date('2026-11-25T07:00:00Z');
const PLAIN_AT = { team_id: 'T0PLAIN', channel_id: 'C0PLAIN' };
const ORG_AT = { team_id: 'T0INORG', enterprise_id: 'E0ORG', is_enterprise_install: 'true', channel_id: 'C0ORG' };

let s: SocketBot | undefined;
afterEach(async () => {
  expect(s?.fake.violations ?? []).toEqual([]);
  await s?.close();
  s = undefined;
});

async function start(): Promise<SocketBot> {
  s = await startSocketBot({ env: OAUTH_ENV, now: () => NOW });
  s.fake.oauthClient = { id: OAUTH_ENV.SLACK_CLIENT_ID, secret: OAUTH_ENV.SLACK_CLIENT_SECRET };
  await s.started;
  return s;
}

const text = (payload: Record<string, unknown>) => `${String(payload.text)}\n${JSON.stringify(payload.blocks ?? [])}`;

describe('OAuth mode over Socket Mode', () => {
  it('installs through the bot HTTP port, state verified, and refuses a forged state', async () => {
    const bot = await start();
    expect(await bot.readyz()).toMatchObject({ status: 200, body: { socket: 'connected' } });
    const { location, state, cookie } = await beginInstall(bot);
    expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
    const forged = await finishInstall(bot, grantCode(bot.fake, PLAIN), `${state}x`, `slack-app-oauth-state=${state}x`);
    await forged.text();
    expect(forged.status).toBe(400);
    expect(installations(bot.bot.store.db)).toEqual([]);

    const res = await finishInstall(bot, grantCode(bot.fake, PLAIN), state, cookie);
    await res.text();
    expect(res.status).toBe(200);
    // The code was exchanged at the fake Slack (SLACK_API_URL), with the app's credentials.
    expect(bot.fake.callsTo('oauth.v2.access').map((c) => c.args.client_id)).toEqual([OAUTH_ENV.SLACK_CLIENT_ID]);
    expect(installations(bot.bot.store.db).map((r) => r.workspaceId)).toEqual(['T0PLAIN']);
  });

  it('answers two workspaces, each with its own token, and nothing for one not installed', async () => {
    const bot = await start();
    const plainToken = await install(bot, PLAIN);
    const orgToken = await install(bot, ORG);
    expect(plainToken).not.toBe(orgToken);

    for (const at of [PLAIN_AT, ORG_AT]) {
      expect(text((await bot.command('help', at)).payload)).toContain('/migrate status');
    }
    await bot.command('new Alpha', PLAIN_AT);
    await bot.command('new Beta', ORG_AT);
    await bot.bot.idle();
    const started = (channel: string) =>
      bot.fake
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === channel && String(c.args.text).includes('started the migration'));
    expect(started('C0PLAIN').map((c) => c.token)).toEqual([plainToken]);
    expect(started('C0ORG').map((c) => c.token)).toEqual([orgToken]);
    // Each workspace's status comes back in its own ack, naming its own migration.
    expect(text((await bot.command('status', PLAIN_AT)).payload)).toContain('Alpha');
    expect(text((await bot.command('status', ORG_AT)).payload)).toContain('Beta');

    // A workspace that never installed the app: acked (Slack stops resending), and nothing else.
    const calls = bot.fake.calls.length;
    const stranger = await bot.command('new Intruder', { team_id: 'T0STRANGER', channel_id: 'C0STRANGER' });
    await bot.bot.idle();
    expect(stranger.payload).toEqual({});
    expect(bot.fake.calls.slice(calls).filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(bot.fake.responses.filter((r) => r.id === stranger.responseId)).toEqual([]);
    expect(installations(bot.bot.store.db).map((r) => r.workspaceId)).toEqual(['E0ORG', 'T0PLAIN']);

    const logs = bot.logs();
    expect(logs).toContain('Authorization of incoming event did not succeed');
    for (const secret of [
      plainToken,
      orgToken,
      APP_TOKEN,
      OAUTH_ENV.SLACK_CLIENT_SECRET,
      OAUTH_ENV.SLACK_STATE_SECRET,
      OAUTH_ENV.MIGRATE_BOT_ENCRYPTION_KEY,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
