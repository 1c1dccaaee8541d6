// OAuth mode's part of the App's options: Bolt's built-in installer (GET /slack/install redirects
// to Slack with a signed one-time state and sets the state cookie; GET /slack/oauth_redirect checks
// both, exchanges the code with oauth.v2.access and stores the installation, token sealed).
import type { AppOptions } from '@slack/bolt';
import type { Config } from '../config.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { Db } from '../store/db.ts';
import { createInstallationStore } from './installation-store.ts';
import { BOT_SCOPES } from './scopes.ts';
import { createStateStore } from './state-store.ts';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

type OAuth = NonNullable<Config['slack']['oauth']>;

export function installerAppOptions(
  oauth: OAuth,
  db: Db,
  box: SecretBox,
  now: () => Date,
  changed: (workspaceId: string) => void,
): Pick<AppOptions, 'clientId' | 'clientSecret' | 'stateSecret' | 'scopes' | 'installationStore' | 'installerOptions'> {
  return {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: [...BOT_SCOPES],
    installationStore: createInstallationStore(db, box, now, changed),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      // Straight to Slack's consent screen: the bot has no page of its own to show first.
      directInstall: true,
      stateVerification: true,
      stateStore: createStateStore(db, oauth.stateSecret),
    },
  };
}
