// The SlackPort commands read through, backed by the Web API client.
import type { WebClient } from '@slack/web-api';
import type { SlackPort } from '../deps.ts';
import { BadImportError } from '../errors.ts';

/**
 * The client and token of the workspace the current work is for (one token in single-token mode),
 * and the team of the request being served, if any.
 */
export type SlackAccess = () => {
  readonly client: WebClient;
  readonly token: string;
  readonly teamId?: string | undefined;
};

export function createSlackPort(access: SlackAccess): SlackPort {
  return {
    async userTimeZone(userId) {
      const res = await access().client.users.info({ user: userId });
      return res.user?.tz ?? null;
    },
    async usergroupMembers(usergroupId) {
      const { client, teamId } = access();
      // An org-wide token must say which team's group it means; a workspace token ignores team_id.
      const res = await client.usergroups.users.list({
        usergroup: usergroupId,
        ...(teamId ? { team_id: teamId } : {}),
      });
      return res.users ?? [];
    },
    async isChannelMember(channelId, userId) {
      let cursor: string | undefined;
      do {
        const res = await access().client.conversations.members({ channel: channelId, limit: 1000, cursor });
        if (res.members?.includes(userId)) return true;
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor);
      return false;
    },
    async channelIsPrivate(channelId) {
      if (channelId.startsWith('D') || channelId.startsWith('G')) return true;
      try {
        const res = await access().client.conversations.info({ channel: channelId });
        return res.channel?.is_private ?? true;
      } catch {
        return true;
      }
    },
    async userIdByEmail(email) {
      try {
        const res = await access().client.users.lookupByEmail({ email });
        return res.user?.id ?? null;
      } catch {
        return null;
      }
    },
    async downloadFile(url, maxBytes) {
      // Only Slack-hosted files, fetched with the bot token (files:read); the token never leaves for another host.
      const target = new URL(url);
      const { client: current, token } = access();
      const api = new URL(current.slackApiUrl);
      const slackHosted = ['slack.com', 'slack-edge.com'].some(
        (domain) => target.hostname === domain || target.hostname.endsWith(`.${domain}`),
      );
      if (target.host !== api.host && !slackHosted) {
        throw new BadImportError({ kind: 'not-slack-hosted' });
      }
      const res = await fetch(target, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new BadImportError({ kind: 'download-status', status: res.status });
      const length = Number(res.headers.get('content-length') ?? 0);
      if (length > maxBytes) throw new BadImportError({ kind: 'too-large', maxBytes });
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length > maxBytes) throw new BadImportError({ kind: 'too-large', maxBytes });
      return body.toString('utf8');
    },
    async permalink(channelId, ts) {
      try {
        const res = await access().client.chat.getPermalink({ channel: channelId, message_ts: ts });
        return res.permalink ?? null;
      } catch {
        return null;
      }
    },
  };
}
