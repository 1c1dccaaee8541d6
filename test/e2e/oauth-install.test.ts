// OAuth mode end to end: the real Bolt app on loopback, Slack's side played by the stand-in.
// Install through /slack/install and /slack/oauth_redirect, a forged and a replayed state refused,
// then a plain workspace and an Enterprise Grid org served side by side, each with its own token.
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createLogger, type Logger } from '../../src/logger.ts';
import { BOT_SCOPES } from '../../src/oauth/scopes.ts';
import { grantCode } from '../../src/playground/slack-oauth.ts';
import { createSecretBox } from '../../src/secrets/secret-box.ts';
import { installationOf, installations } from '../../src/store/installations.ts';
import { activeMigration } from '../../src/store/migrations.ts';
import { outboxTable } from '../../src/store/schema.ts';
import type { Harness } from '../support/harness.ts';
import {
  beginInstall,
  finishInstall,
  install,
  KEY,
  OAUTH_ENV,
  ORG,
  PLAIN,
  startOAuthHarness,
} from '../support/oauth.ts';
import { exampleGraph, seedGraph } from '../support/seed.ts';
import { eventBody, sendSigned, USER } from '../support/slack-requests.ts';

// Wednesday; the digest is due at 09:30 in the creator's time zone (UTC here).
const WEDNESDAY = new Date('2026-11-25T07:00:00Z');

let harness: Harness | undefined;
afterEach(async () => {
  expect(harness?.fake.violations ?? []).toEqual([]);
  await harness?.close();
  harness = undefined;
});

async function start(now = () => WEDNESDAY, logger?: Logger): Promise<Harness> {
  harness = await startOAuthHarness(now, logger);
  return harness;
}

const postsIn = (h: Harness, channel: string) =>
  h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
const digestsIn = (h: Harness, channel: string) =>
  postsIn(h, channel).filter(
    (c) => !c.args.thread_ts && JSON.stringify(c.args.blocks ?? []).includes('services moved'),
  );

describe('OAuth install', () => {
  it('asks for the manifest scopes', () => {
    const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8'));
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it('redirects to Slack with a state it also sets as a cookie, and stores the install with its token sealed', async () => {
    const h = await start();
    const { location, state, cookie } = await beginInstall(h);
    expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe(OAUTH_ENV.SLACK_CLIENT_ID);
    expect(location.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(state.length).toBeGreaterThan(20);
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);

    const res = await finishInstall(h, grantCode(h.fake, PLAIN), state, cookie);
    await res.text();
    expect(res.status).toBe(200);
    const row = installationOf(h.bot.store.db, 'T0PLAIN');
    const token = [...h.fake.issuedTokens.keys()][0] ?? '';
    expect(row).toMatchObject({
      teamId: 'T0PLAIN',
      enterpriseId: null,
      isEnterpriseInstall: false,
      botUserId: 'UBOTT0PLAIN',
      botId: 'BBOTT0PLAIN',
      installerUserId: USER,
      scopes: BOT_SCOPES.join(','),
      installedAt: WEDNESDAY,
    });
    expect(row?.sealedBotToken).not.toContain(token);
    expect(createSecretBox(KEY).open(row?.sealedBotToken ?? '')).toBe(token);
    const exchange = h.fake.callsTo('oauth.v2.access')[0];
    expect(exchange?.args).toMatchObject({ client_id: OAUTH_ENV.SLACK_CLIENT_ID });
  });

  it('refuses a forged state and a state used once already', async () => {
    const h = await start();
    const { state, cookie } = await beginInstall(h);
    const [payload, signature] = state.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), nonce: 'x'.repeat(22) }),
    ).toString('base64url');
    const forged = `${forgedPayload}.${signature}`;
    const refused = await finishInstall(h, grantCode(h.fake, PLAIN), forged, `slack-app-oauth-state=${forged}`);
    await refused.text();
    expect(refused.status).toBe(400);
    expect(installations(h.bot.store.db)).toEqual([]);

    const first = await finishInstall(h, grantCode(h.fake, PLAIN), state, cookie);
    await first.text();
    expect(first.status).toBe(200);
    // The same redirect again, cookie and all (a captured URL), with a fresh code Slack would accept.
    const exchanges = h.fake.callsTo('oauth.v2.access').length;
    const replay = await finishInstall(h, grantCode(h.fake, ORG), state, cookie);
    await replay.text();
    expect(replay.status).toBe(400);
    expect(h.fake.callsTo('oauth.v2.access')).toHaveLength(exchanges);
    expect(installations(h.bot.store.db).map((r) => r.workspaceId)).toEqual(['T0PLAIN']);
  });

  it('serves a plain workspace and an org side by side, each with its own token; uninstall stops only its schedules', async () => {
    let clock = WEDNESDAY;
    const h = await start(() => clock);
    const plainToken = await install(h, PLAIN);
    const orgToken = await install(h, ORG);
    expect(installations(h.bot.store.db).map((r) => r.workspaceId)).toEqual(['E0ORG', 'T0PLAIN']);
    h.fake.timeZones.set(USER, 'Etc/UTC');

    await h.slash('new Alpha', { team_id: 'T0PLAIN', channel_id: 'C0PLAIN' });
    await h.slash('new Beta', {
      team_id: 'T0INORG',
      enterprise_id: 'E0ORG',
      is_enterprise_install: 'true',
      channel_id: 'C0ORG',
    });
    await h.bot.idle();
    // The announcements went out through the outbox, each with its workspace's token.
    const started = (channel: string) =>
      postsIn(h, channel).filter((c) => String(c.args.text).includes('started the migration'));
    expect(started('C0PLAIN').map((c) => c.token)).toEqual([plainToken]);
    expect(started('C0ORG').map((c) => c.token)).toEqual([orgToken]);
    for (const [workspaceId, channel] of [
      ['T0PLAIN', 'C0PLAIN'],
      ['E0ORG', 'C0ORG'],
    ] as const) {
      const m = activeMigration(h.bot.store.db, workspaceId, channel);
      if (!m) throw new Error(`no migration in ${workspaceId}`);
      seedGraph(h.bot.store, m, exampleGraph());
    }
    // Reads made for a request used its workspace's token too (the creator's time zone).
    expect(new Set(h.fake.callsTo('users.info').map((c) => c.token))).toEqual(new Set([plainToken, orgToken]));

    clock = new Date('2026-11-25T09:30:00Z');
    await h.tick(clock);
    expect(digestsIn(h, 'C0PLAIN').map((c) => c.token)).toEqual([plainToken]);
    expect(digestsIn(h, 'C0ORG').map((c) => c.token)).toEqual([orgToken]);

    const res = await sendSigned(h.baseUrl, eventBody({ type: 'app_uninstalled' }, 'T0PLAIN'), {
      contentType: 'application/json',
    });
    await res.text();
    expect(res.status).toBe(200);
    await h.bot.idle();
    expect(installations(h.bot.store.db).map((r) => r.workspaceId)).toEqual(['E0ORG']);
    // Its data stays.
    expect(activeMigration(h.bot.store.db, 'T0PLAIN', 'C0PLAIN')).toBeDefined();

    clock = new Date('2026-11-26T09:30:00Z');
    await h.tick(clock);
    expect(digestsIn(h, 'C0PLAIN')).toHaveLength(1);
    expect(digestsIn(h, 'C0ORG').map((c) => c.token)).toEqual([orgToken, orgToken]);
    // A message still queued for it fails at once, with no token to try.
    h.bot.deps.outbox.send({ workspaceId: 'T0PLAIN' }, [
      { type: 'post', channel: 'C0PLAIN', message: { text: 'left behind' } },
    ]);
    await h.bot.idle();
    const left = h.bot.store.db
      .select()
      .from(outboxTable)
      .all()
      .find((r) => JSON.stringify(r.payload).includes('left behind'));
    expect(left).toMatchObject({ status: 'failed', error: 'not_installed', attempts: 1 });
    // A command from the uninstalled workspace is not authorized: nothing answers it.
    const before = h.fake.calls.length;
    await h.slash('status', { team_id: 'T0PLAIN', channel_id: 'C0PLAIN' });
    await h.bot.idle();
    expect(h.fake.calls.slice(before).filter((c) => c.token === plainToken)).toEqual([]);
  });

  it('drops the installation when its bot token is revoked, not when only a user token is', async () => {
    const h = await start();
    await install(h, PLAIN);
    const revoke = async (tokens: Record<string, string[]>) => {
      const res = await sendSigned(h.baseUrl, eventBody({ type: 'tokens_revoked', tokens }, 'T0PLAIN'), {
        contentType: 'application/json',
      });
      await res.text();
      await h.bot.idle();
    };
    await revoke({ oauth: [USER] });
    expect(installationOf(h.bot.store.db, 'T0PLAIN')).toBeDefined();
    await revoke({ bot: ['UBOTT0PLAIN'] });
    expect(installationOf(h.bot.store.db, 'T0PLAIN')).toBeUndefined();
  });

  it('logs no token and no secret, even at debug level', async () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    // No list of secrets to mask: what protects them is redaction by field name and the token pattern.
    const h = await start(() => WEDNESDAY, createLogger('debug', 'migrate-bot', { destination }));
    const token = await install(h, PLAIN);
    await h.slash('new Alpha', { team_id: 'T0PLAIN', channel_id: 'C0PLAIN' });
    await h.bot.idle();
    const logs = chunks.join('');
    expect(logs).toContain('oauth.v2.access');
    for (const secret of [
      token,
      OAUTH_ENV.SLACK_CLIENT_SECRET,
      OAUTH_ENV.SLACK_STATE_SECRET,
      OAUTH_ENV.MIGRATE_BOT_ENCRYPTION_KEY,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
