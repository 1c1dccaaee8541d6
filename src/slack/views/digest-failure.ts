// The one private notice a migration's creator gets when its scheduled digest cannot be posted.
import type { Message } from '../effect.ts';
import { escapeInline } from '../escape.ts';
import { mentionChannel } from '../format.ts';

export function digestFailureNotice(migration: { name: string; channelId: string }, slackError: string): Message {
  const name = escapeInline(migration.name);
  return {
    text: `I could not post the standup digest of *${name}* in ${mentionChannel(migration.channelId)} (Slack said \`${slackError}\`). Invite me back with \`/invite @migrate-bot\`, or pause it with \`/migrate digest off --migration ${name}\`. I will not tell you again.`,
  };
}
