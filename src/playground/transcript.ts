// The conversation (conversation.ts) as readable text: what each person saw, channel by channel,
// so a change in what the bot says shows up in review as a diff. Messages carry their author and
// their blocks flattened to text; thread replies sit indented under their parent; edits show the
// final text marked "(edited)"; ephemerals say whom they were for; modals are listed as opened.
// Deterministic: no timestamps (the stand-in's ts are counters, the bot's clock is injected).
import { BOT, type ChatMessage, type Conversation, dmChannelOf } from './conversation.ts';

type Json = Record<string, unknown>;

/** A text object's text (plain_text or mrkdwn), or '' when there is none. */
export function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Json).text === 'string')
    return String((value as Json).text);
  return '';
}

function element(e: Json): string {
  switch (e.type) {
    case 'button':
      return `[${plain(e.text)}]`;
    case 'image':
      return `[image: ${String(e.alt_text ?? '')}]`;
    case 'mrkdwn':
    case 'plain_text':
      return plain(e);
    case 'overflow':
      return `[⋯ ${((e.options ?? []) as Json[]).map((o) => plain(o.text)).join(' | ')}]`;
    default: {
      const options = ((e.options ?? []) as Json[]).map((o) => plain(o.text));
      const what = options.length ? options.join(' | ') : plain(e.placeholder);
      return `[${String(e.type)}${what ? `: ${what}` : ''}]`;
    }
  }
}

function richText(node: unknown): string {
  if (!node || typeof node !== 'object') return '';
  const n = node as Json;
  if (typeof n.text === 'string') return n.text;
  if (n.type === 'user') return `<@${String(n.user_id)}>`;
  if (n.type === 'link') return String(n.text ?? n.url ?? '');
  return ((n.elements ?? []) as unknown[]).map(richText).join(n.type === 'rich_text' ? '\n' : '');
}

function block(b: Json): string[] {
  switch (b.type) {
    case 'header':
      return [`# ${plain(b.text)}`];
    case 'divider':
      return ['---'];
    case 'section': {
      const lines = plain(b.text) ? plain(b.text).split('\n') : [];
      for (const f of (b.fields ?? []) as Json[])
        lines.push(
          ...plain(f)
            .split('\n')
            .map((l) => `  ${l}`),
        );
      if (b.accessory) lines.push(element(b.accessory as Json));
      return lines;
    }
    case 'context':
      return [((b.elements ?? []) as Json[]).map(element).join(' · ')];
    case 'actions':
      return [((b.elements ?? []) as Json[]).map(element).join(' ')];
    case 'image':
      return [`[image: ${String(b.alt_text ?? '')}]${plain(b.title) ? ` ${plain(b.title)}` : ''}`];
    case 'input': {
      const optional = b.optional === true ? ' (optional)' : '';
      const hint = plain(b.hint) ? ` (${plain(b.hint)})` : '';
      return [`${plain(b.label)}${optional}: ${element((b.element ?? {}) as Json)}${hint}`];
    }
    case 'rich_text':
      return richText(b).split('\n');
    default:
      return [`[${String(b.type)}]`];
  }
}

/** Blocks flattened to lines of text, raw (mentions unresolved). */
export function blocksText(blocks: unknown[] | undefined): string {
  return (blocks ?? []).flatMap((b) => block(b as Json)).join('\n');
}

/** Mentions, channels, groups, dates and links as a reader sees them. */
function readable(text: string, chat: Conversation): string {
  return text
    .replace(/<@(U\w+)(?:\|[^>]*)?>/g, (_, id: string) => `@${chat.people.get(id)?.name ?? id}`)
    .replace(
      /<#(C\w+)(?:\|([^>]*))?>/g,
      (_, id: string, name?: string) => `#${name || chat.channels.get(id)?.name || id}`,
    )
    .replace(
      /<!subteam\^(\w+)(?:\|([^>]*))?>/g,
      (_, id: string, name?: string) => name || `@${chat.groupHandles.get(id) ?? id}`,
    )
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function author(chat: Conversation, m: ChatMessage): string {
  if (m.user === BOT.userId) return 'migrate-bot';
  if (m.user === 'USLACKBOT') return 'Slackbot';
  return chat.people.get(m.user)?.name ?? m.user;
}

function message(chat: Conversation, m: ChatMessage, indent: string): string[] {
  const who = `${author(chat, m)}${m.edited ? ' (edited)' : ''}`;
  const head = m.visibleTo ? `only visible to ${chat.people.get(m.visibleTo)?.name ?? m.visibleTo}: ${who}` : who;
  const body: string[] = [];
  if (m.refusal) {
    body.push(`REFUSED by Slack (${m.refusal.method}: ${m.refusal.error})`, ...m.refusal.problems.map((p) => `- ${p}`));
  } else if (m.blocks?.length) {
    const flat = blocksText(m.blocks);
    // The text is what a notification shows; say it only when the blocks do not start with it.
    if (m.text && !flat.startsWith(m.text)) body.push(`(notification: ${m.text})`);
    body.push(...flat.split('\n'));
  } else body.push(...m.text.split('\n'));
  for (const f of m.files) body.push(`[file: ${f.title || f.name} (${f.mimetype})]`);
  return [`${indent}${head}:`, ...body.map((l) => readable(`${indent}    ${l}`, chat).trimEnd())];
}

/** A channel's messages in order, each with its thread replies indented under it. */
function channel(chat: Conversation, id: string): string[] {
  const all = chat.messages.filter((m) => m.channel === id && !m.deleted);
  const top = all.filter((m) => m.threadTs === undefined || m.threadTs === m.ts);
  const lines: string[] = [];
  for (const m of top) {
    lines.push(...message(chat, m, ''));
    const replies = all.filter((r) => r.threadTs === m.ts && r.ts !== m.ts);
    if (replies.length) lines.push(`    ↳ thread (${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}):`);
    for (const r of replies) lines.push(...message(chat, r, '        '));
    lines.push('');
  }
  return lines;
}

export interface SeenView {
  readonly user: string;
  readonly id: string;
  view: Json;
}

/** Records every modal a person has on screen, in the order they opened, with its latest content. */
export function watchViews(chat: Conversation): { readonly views: readonly SeenView[]; stop(): void } {
  const views: SeenView[] = [];
  const stop = chat.subscribe(() => {
    for (const user of chat.people.keys()) {
      for (const open of chat.viewsOf(user)) {
        const seen = views.find((v) => v.id === open.id);
        if (seen) seen.view = open.view;
        else views.push({ user, id: open.id, view: open.view });
      }
    }
  });
  return { views, stop };
}

function modal(chat: Conversation, v: SeenView): string[] {
  const who = chat.people.get(v.user)?.name ?? v.user;
  const submit = plain(v.view.submit);
  const lines = [`${who} opened modal: ${plain(v.view.title)}${submit ? ` [${submit}]` : ''}`];
  for (const l of blocksText(v.view.blocks as unknown[] | undefined).split('\n'))
    lines.push(readable(`    ${l}`, chat));
  return [...lines, ''];
}

/** The whole conversation as text: the channels, each person's DM with the bot, the modals, the Home tabs. */
export function renderTranscript(chat: Conversation, views: readonly SeenView[] = []): string {
  const out: string[] = [];
  for (const c of chat.channels.values()) out.push(`== #${c.name} ==`, '', ...channel(chat, c.id));
  for (const p of chat.people.values()) {
    const dm = dmChannelOf(p.id);
    if (p.id === BOT.userId || !chat.messages.some((m) => m.channel === dm)) continue;
    out.push(`== DM: migrate-bot → ${p.name} ==`, '', ...channel(chat, dm));
  }
  if (views.length) out.push('== Modals ==', '', ...views.flatMap((v) => modal(chat, v)));
  for (const [user, home] of chat.homes) {
    out.push(`== Home tab of ${chat.people.get(user)?.name ?? user} ==`, '');
    out.push(
      ...blocksText(home.blocks as unknown[] | undefined)
        .split('\n')
        .map((l) => readable(`    ${l}`, chat)),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
