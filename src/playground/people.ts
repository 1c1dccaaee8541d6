// The sample workspace: one channel, six people (a lead, two service owners, two approvers, a
// stakeholder) and an SRE user group, so approvals and refusals can be seen from each side.
import { BOT, type Channel, type Person } from './conversation.ts';
import type { FakeSlack } from './slack-api.ts';

export const CHANNEL: Channel = { id: 'C0MIGRATION', name: 'shop-migration' };

export const PEOPLE: readonly Person[] = [
  { id: 'U0LENA', name: 'lena', realName: 'Lena Lead', title: 'Migration lead', tz: 'Europe/Berlin' },
  { id: 'U0OMAR', name: 'omar', realName: 'Omar Okafor', title: 'Service owner', tz: 'Europe/London' },
  { id: 'U0SOFIA', name: 'sofia', realName: 'Sofia Silva', title: 'Service owner', tz: 'America/Sao_Paulo' },
  { id: 'U0ADA', name: 'ada', realName: 'Ada Adeyemi', title: 'Approver (SRE)', tz: 'Europe/Berlin' },
  { id: 'U0BEN', name: 'ben', realName: 'Ben Brandt', title: 'Approver (SRE)', tz: 'America/New_York' },
  { id: 'U0STELLA', name: 'stella', realName: 'Stella Stone', title: 'Stakeholder', tz: 'Asia/Singapore' },
].map((p) => ({ ...p, email: `${p.name}@example.com` }));

export const SRE_GROUP = { id: 'S0SRE', handle: 'sre', members: ['U0ADA', 'U0BEN'] } as const;

/** Fills the stand-in with the sample workspace. */
export function seedWorkspace(slack: FakeSlack): void {
  const chat = slack.conversation;
  chat.channels.set(CHANNEL.id, CHANNEL);
  chat.people.set(BOT.userId, {
    id: BOT.userId,
    name: 'migrate-bot',
    realName: 'migrate-bot',
    title: 'App',
    tz: 'UTC',
    email: 'bot@example.com',
  });
  for (const p of PEOPLE) {
    chat.people.set(p.id, p);
    slack.timeZones.set(p.id, p.tz);
    slack.emails.set(p.email, p.id);
  }
  slack.channelMembers.set(CHANNEL.id, [BOT.userId, ...PEOPLE.map((p) => p.id)]);
  slack.usergroups.set(SRE_GROUP.id, [...SRE_GROUP.members]);
  chat.groupHandles.set(SRE_GROUP.id, SRE_GROUP.handle);
}
