// Slack's side of the OAuth v2 install, as the stand-in plays it: a consent screen's code
// (`grant`), oauth.v2.access turning it into a bot token for that team or org (once), auth.test
// answering per token, and a revoked token refused on every call.
import { randomBytes } from 'node:crypto';
import type { FakeSlack } from './slack-api.ts';

/** Who consented to which install: a plain workspace, or an Enterprise Grid org installed org-wide. */
export interface Grant {
  readonly teamId?: string;
  readonly enterpriseId?: string;
  readonly isEnterpriseInstall: boolean;
  readonly userId: string;
  readonly scopes: readonly string[];
}

export interface IssuedToken extends Grant {
  readonly botUserId: string;
  readonly botId: string;
}

export const APP_ID = 'A0FAKEAPP';

export function installOAuthMethods(slack: FakeSlack): void {
  slack.on('oauth.v2.access', (args) => {
    const client = slack.oauthClient;
    if (client && args.client_id !== client.id) return { ok: false, error: 'invalid_client_id' };
    if (client && args.client_secret !== client.secret) return { ok: false, error: 'bad_client_secret' };
    const code = String(args.code ?? '');
    const grant = slack.grants.get(code);
    // A code is good for one exchange, as on Slack.
    if (!grant) return { ok: false, error: 'invalid_code' };
    slack.grants.delete(code);
    const where = grant.enterpriseId ?? grant.teamId ?? 'T';
    const token = `xoxb-${where}-${randomBytes(6).toString('hex')}`;
    const issued = { ...grant, botUserId: `UBOT${where}`, botId: `BBOT${where}` };
    slack.issuedTokens.set(token, issued);
    return {
      ok: true,
      app_id: APP_ID,
      access_token: token,
      token_type: 'bot',
      scope: grant.scopes.join(','),
      bot_user_id: issued.botUserId,
      team: grant.isEnterpriseInstall || !grant.teamId ? null : { id: grant.teamId, name: grant.teamId },
      enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: grant.enterpriseId } : null,
      is_enterprise_install: grant.isEnterpriseInstall,
      authed_user: { id: grant.userId },
    };
  });
  const defaultAuthTest = slack.handlerOf('auth.test');
  slack.on('auth.test', (args, call) => {
    const issued = call.token ? slack.issuedTokens.get(call.token) : undefined;
    if (!issued) return defaultAuthTest ? defaultAuthTest(args, call) : { ok: false, error: 'invalid_auth' };
    return {
      ok: true,
      url: `https://${issued.enterpriseId ?? issued.teamId}.slack.com/`,
      user_id: issued.botUserId,
      bot_id: issued.botId,
      ...(issued.isEnterpriseInstall ? {} : { team_id: issued.teamId }),
      ...(issued.enterpriseId ? { enterprise_id: issued.enterpriseId } : {}),
      is_enterprise_install: issued.isEnterpriseInstall,
    };
  });
}

/** The code Slack's consent screen hands back for `grant`. */
export function grantCode(slack: FakeSlack, grant: Grant): string {
  const code = `code-${randomBytes(8).toString('hex')}`;
  slack.grants.set(code, grant);
  return code;
}
