// Bolt's InstallationStore over the installations table: the bot token is sealed before it is
// written and opened only when Bolt or a background call needs it.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { Db } from '../store/db.ts';
import { deleteInstallation, installationOf, saveInstallation } from '../store/installations.ts';

/** The workspace id rows are kept under: the enterprise for an org-wide install, else the team (src/slack/context.ts). */
export function installationKey(q: {
  isEnterpriseInstall?: boolean | undefined;
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}): string {
  const id = q.isEnterpriseInstall && q.enterpriseId ? q.enterpriseId : q.teamId;
  if (!id) throw new Error('The installation names neither a team nor an enterprise');
  return id;
}

/** `changed` hears of each stored or deleted installation, so a cached token is dropped at once (a reinstall). */
export function createInstallationStore(
  db: Db,
  box: SecretBox,
  now: () => Date,
  changed: (workspaceId: string) => void,
): InstallationStore {
  return {
    async storeInstallation(installation) {
      const { bot } = installation;
      if (!bot) throw new Error('The install granted no bot token');
      const enterpriseId = installation.enterprise?.id ?? null;
      const teamId = installation.team?.id ?? null;
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const workspaceId = installationKey({
        isEnterpriseInstall,
        enterpriseId: enterpriseId ?? undefined,
        teamId: teamId ?? undefined,
      });
      saveInstallation(db, {
        workspaceId,
        teamId,
        enterpriseId,
        isEnterpriseInstall,
        sealedBotToken: box.seal(bot.token),
        botUserId: bot.userId,
        botId: bot.id ?? null,
        scopes: bot.scopes.join(','),
        installerUserId: installation.user.id,
        installedAt: now(),
      });
      changed(workspaceId);
    },
    async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v2', boolean>> {
      const row = installationOf(db, installationKey(query));
      if (!row) throw new Error(`No installation for ${installationKey(query)}`);
      return {
        team: row.teamId ? { id: row.teamId } : undefined,
        enterprise: row.enterpriseId ? { id: row.enterpriseId } : undefined,
        user: { id: row.installerUserId, token: undefined, scopes: undefined },
        bot: {
          token: box.open(row.sealedBotToken),
          userId: row.botUserId,
          id: row.botId ?? '',
          scopes: row.scopes.split(','),
        },
        tokenType: 'bot',
        isEnterpriseInstall: row.isEnterpriseInstall,
        authVersion: 'v2',
      };
    },
    async deleteInstallation(query) {
      deleteInstallation(db, installationKey(query));
      changed(installationKey(query));
    },
  };
}
