// OAuth mode for end-to-end tests: the bot started with the OAuth variables, and an install done
// the way a browser does it (GET /slack/install, consent at the stand-in Slack, the redirect back).
import { expect } from 'vitest';
import type { Logger } from '../../src/logger.ts';
import { BOT_SCOPES } from '../../src/oauth/scopes.ts';
import type { Grant } from '../../src/playground/slack-oauth.ts';
import { grantCode } from '../../src/playground/slack-oauth.ts';
import { type Harness, startHarness } from './harness.ts';
import { USER } from './slack-requests.ts';

export const KEY = Buffer.alloc(32, 7);
export const OAUTH_ENV = {
  SLACK_CLIENT_ID: '1234.5678',
  SLACK_CLIENT_SECRET: 'client-secret-never-logged',
  SLACK_STATE_SECRET: 'state-secret-0123456789abcdef',
  MIGRATE_BOT_ENCRYPTION_KEY: KEY.toString('base64'),
};
export const PLAIN: Grant = { teamId: 'T0PLAIN', isEnterpriseInstall: false, userId: USER, scopes: [...BOT_SCOPES] };
export const ORG: Grant = {
  teamId: 'T0INORG',
  enterpriseId: 'E0ORG',
  isEnterpriseInstall: true,
  userId: USER,
  scopes: [...BOT_SCOPES],
};

export async function startOAuthHarness(now: () => Date, logger?: Logger): Promise<Harness> {
  // A logger given is read at debug level (Bolt sets its level from LOG_LEVEL).
  const h = await startHarness(
    logger ? { env: { ...OAUTH_ENV, LOG_LEVEL: 'debug' }, now, logger } : { env: OAUTH_ENV, now },
  );
  h.fake.oauthClient = { id: OAUTH_ENV.SLACK_CLIENT_ID, secret: OAUTH_ENV.SLACK_CLIENT_SECRET };
  return h;
}

/** Where a browser installs: the bot's HTTP port (the harness's, or Socket Mode's receiver) and the fake Slack. */
type InstallSite = Pick<Harness, 'baseUrl' | 'fake'>;

/** What a browser gets from GET /slack/install: Slack's consent URL and the state cookie. */
export async function beginInstall(h: InstallSite): Promise<{ location: URL; state: string; cookie: string }> {
  const res = await fetch(`${h.baseUrl}/slack/install`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') ?? '');
  const state = location.searchParams.get('state') ?? '';
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { location, state, cookie };
}

export function finishInstall(h: InstallSite, code: string, state: string, cookie: string): Promise<Response> {
  const query = new URLSearchParams({ code, state });
  return fetch(`${h.baseUrl}/slack/oauth_redirect?${query}`, { headers: { cookie }, redirect: 'manual' });
}

/** Installs the app for `grant` and returns the bot token Slack issued for it. */
export async function install(h: InstallSite, grant: Grant): Promise<string> {
  const { state, cookie } = await beginInstall(h);
  const before = new Set(h.fake.issuedTokens.keys());
  const res = await finishInstall(h, grantCode(h.fake, grant), state, cookie);
  await res.text();
  expect(res.status).toBe(200);
  const token = [...h.fake.issuedTokens.keys()].find((t) => !before.has(t));
  if (!token) throw new Error('no token issued');
  return token;
}
