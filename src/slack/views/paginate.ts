// Long lists become as many messages as Block Kit's limits need: sections under 3,000 characters,
// at most 40 blocks and about 11,000 characters of text per message.
import type { KnownBlock } from '@slack/types';
import type { Message } from '../effect.ts';
import { truncate } from '../escape.ts';

const SECTION_CHARS = 2900;
const MESSAGE_BLOCKS = 40;
const MESSAGE_CHARS = 11_000;

export function linesToMessages(title: string, lines: readonly string[]): Message[] {
  const messages: Message[] = [];
  let blocks: KnownBlock[] = [];
  let chars = 0;
  let section = '';
  const flushSection = () => {
    if (!section) return;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: section } });
    chars += section.length;
    section = '';
  };
  const flushMessage = () => {
    flushSection();
    if (blocks.length === 0) return;
    const page = messages.length + 1;
    messages.push({ text: `${title} (part ${page})`, blocks });
    blocks = [];
    chars = 0;
  };
  for (const raw of lines) {
    const line = truncate(raw, SECTION_CHARS);
    if (section.length + line.length + 1 > SECTION_CHARS) {
      flushSection();
      if (blocks.length >= MESSAGE_BLOCKS || chars + line.length > MESSAGE_CHARS) flushMessage();
    }
    if (chars + section.length + line.length > MESSAGE_CHARS) flushMessage();
    section = section ? `${section}\n${line}` : line;
  }
  flushMessage();
  return messages;
}

/** The first `max` items joined, then "…and N more". */
export function firstOf(items: readonly string[], max: number, separator = ', '): string {
  if (items.length <= max) return items.join(separator);
  return `${items.slice(0, max).join(separator)}${separator}…and ${items.length - max} more`;
}
