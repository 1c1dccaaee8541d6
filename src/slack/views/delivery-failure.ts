// What a migration's creator hears, once, when the bot gives up on a message for its channel.
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline } from '../escape.ts';
import { mentionChannel } from '../format.ts';

export function deliveryFailureNotice(migrationName: string, channel: string, error: string): Message {
  return {
    text: `I could not deliver a message about *${escapeInline(migrationName)}* to ${mentionChannel(channel)} (Slack said \`${escapeCode(error)}\`). Invite me back with \`/invite @migrate-bot\` (or unarchive the channel); \`/migrate status\` lists what did not go out. I will not tell you again.`,
  };
}
