// A SlackPort answered in place, for tests that call commands and services without the app:
// nobody has a group, every channel is public, the bot may read it.
import type { SlackPort } from '../../src/deps.ts';

export const quietSlack: SlackPort = {
  userTimeZone: async () => 'UTC',
  usergroupMembers: async () => [],
  isChannelMember: async () => true,
  channelIsPrivate: async () => false,
  userIdByEmail: async () => null,
  downloadFile: async () => '',
  permalink: async () => null,
};
