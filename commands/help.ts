// `/migrate help`: the usage of every subcommand, generated from the registry.
import { z } from 'zod';
import { type Command, defineCommand } from '../src/slack/command.ts';
import type { Message } from '../src/slack/effect.ts';
import { reply } from '../src/slack/effect.ts';

export function helpMessage(commands: readonly Command[], intro?: string): Message {
  const lines = commands.map((c) => `• \`/migrate ${c.usage}\`: ${c.summary}`);
  const head = intro ? `${intro}\n\n` : '';
  const text = `${head}*Usage*: \`/migrate <subcommand>\`. Start with \`/migrate assess\`.\n${lines.join('\n')}`;
  const blocks = [];
  // One section holds at most 3,000 characters: split the list across sections as it grows.
  let chunk = '';
  for (const line of text.split('\n')) {
    if (chunk.length + line.length + 1 > 2900) {
      blocks.push({ type: 'section' as const, text: { type: 'mrkdwn' as const, text: chunk } });
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push({ type: 'section' as const, text: { type: 'mrkdwn' as const, text: chunk } });
  return { text: intro ?? 'migrate-bot usage', blocks };
}

export function helpCommand(all: () => readonly Command[]): Command {
  // The registry never changes once loaded: the list is built at the first `help`, then reused.
  let message: Message | undefined;
  return defineCommand({
    name: 'help',
    usage: 'help',
    summary: 'this list',
    args: z.array(z.string()),
    run: () => {
      message ??= helpMessage(all());
      return [reply(message)];
    },
  });
}
