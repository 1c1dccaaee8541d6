// One message as Slack shows it: avatar, name, time, text or blocks, "(edited)", files inline
// (PNG images as pictures), "Only visible to you" on ephemerals, the reply count of a thread, and
// Slack's refusal where the bot's call was refused.
import type { ChatMessage, FileInfo, Refusal } from '../conversation.ts';
import { type BlockContext, renderBlocks } from './blocks.ts';
import { escapeHtml as esc, mrkdwn } from './mrkdwn.ts';

const COLORS = ['#e8912d', '#2bac76', '#4a154b', '#1264a3', '#cd2553', '#36c5f0', '#7c3085'];

function avatar(id: string, name: string): string {
  const color =
    id === 'UBOT' ? '#611f69' : (COLORS[[...id].reduce((n, c) => n + c.charCodeAt(0), 0) % COLORS.length] ?? '#333');
  const initials = id === 'UBOT' ? '⇄' : name.slice(0, 1).toUpperCase();
  return `<div class="avatar" style="background:${color}">${esc(initials)}</div>`;
}

function file(f: FileInfo): string {
  const url = `/api/files/${encodeURIComponent(f.id)}`;
  if (f.mimetype.startsWith('image/'))
    return `<div class="file"><div class="image-title">${esc(f.title)}</div><img class="file-image" src="${url}" alt="${esc(f.title)}"></div>`;
  return `<a class="file-card" href="${url}" download="${esc(f.name)}">📄 <span><b>${esc(f.title)}</b><br><small>${esc(f.mimetype)}, ${f.size} bytes</small></span></a>`;
}

function refusal(r: Refusal): string {
  return `<div class="refusal" data-testid="refusal"><b>Slack refused ${esc(r.method)}: <code>${esc(r.error)}</code></b><ul>${r.problems
    .map((p) => `<li>${esc(p)}</li>`)
    .join('')}</ul></div>`;
}

export function timeOf(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

export function messageHtml(m: ChatMessage, ctx: BlockContext, replies: number | null): string {
  const name =
    m.user === 'UBOT' ? 'migrate-bot' : m.user === 'USLACKBOT' ? 'Slackbot' : (ctx.userName(m.user) ?? m.user);
  const badge = m.user === 'UBOT' ? '<span class="app-badge">APP</span>' : '';
  const content = m.refusal
    ? refusal(m.refusal)
    : m.blocks?.length
      ? renderBlocks(m.blocks, ctx)
      : `<div class="msg-text">${mrkdwn(m.text, ctx)}</div>`;
  const edited = m.edited ? ' <span class="edited">(edited)</span>' : '';
  const only = m.visibleTo ? '<div class="only-you">👁 Only visible to you</div>' : '';
  const thread =
    replies === null || replies === 0
      ? ''
      : `<button type="button" class="replies" data-open-thread="${esc(m.ts)}">${replies} ${replies === 1 ? 'reply' : 'replies'}</button>`;
  return `<div class="msg${m.visibleTo ? ' ephemeral' : ''}" data-ts="${esc(m.ts)}" data-channel="${esc(m.channel)}" data-testid="message">${avatar(m.user, name)}<div class="msg-body"><div class="msg-head"><b>${esc(name)}</b>${badge}<span class="time">${esc(timeOf(m.at, ctx.timeZone))}</span></div>${only}${content}${edited}${m.files.map(file).join('')}${thread}</div></div>`;
}
