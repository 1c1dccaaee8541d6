// Slack's mrkdwn to HTML, for the playground page. Text from Slack is already escaped Slack's way
// (&amp; &lt; &gt;); every plain run is decoded and then HTML-escaped, so no message text can
// inject markup. Special tokens (<@U>, <#C>, <!subteam^S>, <!date^…>, <url|label>) are read
// before any formatting, as Slack does.

export interface RenderContext {
  userName(id: string): string | undefined;
  channelName(id: string): string | undefined;
  groupHandle(id: string): string | undefined;
  /** The viewer's time zone, for <!date^…>. */
  readonly timeZone: string;
  /** "Today" for <!date^…^{date_pretty}>: the bot's clock in the playground. */
  readonly now: Date;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Slack's own escapes back to characters, before escaping for HTML. */
function decodeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const plain = (text: string) => escapeHtml(decodeSlack(text));

function safeUrl(url: string): string | null {
  const decoded = decodeSlack(url);
  return /^(https?:|mailto:)/i.test(decoded) ? decoded : null;
}

function ordinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function parts(date: Date, timeZone: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  });
  return Object.fromEntries(fmt.formatToParts(date).map((p) => [p.type, p.value]));
}

/** Formats <!date^seconds^format>: the tokens Slack documents, in the viewer's time zone. */
export function formatSlackDate(seconds: number, format: string, ctx: RenderContext): string {
  const date = new Date(seconds * 1000);
  const p = parts(date, ctx.timeZone);
  const short = (s: string | undefined) => (s ?? '').slice(0, 3);
  const day = Number(p.day);
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone }).format(date);
  const todayIso = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone }).format(ctx.now);
  const yesterdayIso = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone }).format(
    new Date(ctx.now.getTime() - 86_400_000),
  );
  const tomorrowIso = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.timeZone }).format(
    new Date(ctx.now.getTime() + 86_400_000),
  );
  const relative =
    iso === todayIso ? 'Today' : iso === yesterdayIso ? 'Yesterday' : iso === tomorrowIso ? 'Tomorrow' : null;
  const dateLong = `${p.weekday}, ${p.month} ${ordinal(day)}, ${p.year}`;
  const dateMid = `${p.month} ${ordinal(day)}, ${p.year}`;
  const dateShort = `${short(p.month)} ${day}, ${p.year}`;
  const minutesAgo = Math.round((ctx.now.getTime() - date.getTime()) / 60_000);
  const ago =
    Math.abs(minutesAgo) < 60
      ? `${Math.abs(minutesAgo)} minutes ${minutesAgo >= 0 ? 'ago' : 'from now'}`
      : `${Math.round(Math.abs(minutesAgo) / 60)} hours ${minutesAgo >= 0 ? 'ago' : 'from now'}`;
  const tokens: Record<string, string> = {
    date_num: iso,
    date: dateMid,
    date_short: dateShort,
    date_long: dateLong,
    date_pretty: relative ?? dateMid,
    date_short_pretty: relative ?? dateShort,
    date_long_pretty: relative ?? dateLong,
    time: `${p.hour}:${p.minute} ${p.dayPeriod ?? ''}`.trim(),
    time_secs: `${p.hour}:${p.minute}:${p.second} ${p.dayPeriod ?? ''}`.trim(),
    ago,
  };
  return format.replace(/\{(\w+)\}/g, (whole, name: string) => tokens[name] ?? whole);
}

function mention(kind: string, label: string): string {
  return `<span class="mention mention-${kind}">${escapeHtml(label)}</span>`;
}

/** One <…> token to HTML. */
function token(inner: string, ctx: RenderContext): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : decodeSlack(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return mention('user', `@${ctx.userName(id) ?? label ?? id}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return mention('channel', `#${ctx.channelName(id) ?? label ?? id}`);
  }
  if (target.startsWith('!subteam^')) {
    const id = target.slice('!subteam^'.length);
    const handle = ctx.groupHandle(id);
    return mention('group', handle ? `@${handle}` : (label ?? `@${id}`));
  }
  if (target.startsWith('!date^')) {
    const [, seconds, format, link] = target.split('^');
    const text = escapeHtml(formatSlackDate(Number(seconds), format ?? '{date}', ctx));
    const url = link ? safeUrl(link) : null;
    return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${text}</a>` : `<time>${text}</time>`;
  }
  if (['!here', '!channel', '!everyone'].includes(target)) return mention('broadcast', `@${target.slice(1)}`);
  const url = safeUrl(target);
  if (!url) return plain(`<${inner}>`);
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(label ?? url)}</a>`;
}

/** Bold, italics, strike and inline code in one line; tokens are rendered first. */
function inline(line: string, ctx: RenderContext): string {
  const held: string[] = [];
  const hold = (html: string) => `\uE000${held.push(html) - 1}\uE000`;
  let text = line.replace(/`([^`\n]+)`/g, (_, code: string) => hold(`<code>${plain(code)}</code>`));
  text = text.replace(/<([^<>\n]+)>/g, (_, inner: string) => hold(token(inner, ctx)));
  let html = plain(text);
  html = html.replace(/(^|[^\w*])\*([^*\n]+?)\*(?![\w*])/g, '$1<b>$2</b>');
  html = html.replace(/(^|[^\w_])_([^_\n]+?)_(?![\w_])/g, '$1<i>$2</i>');
  html = emoji(html);
  html = html.replace(/(^|[^\w~])~([^~\n]+?)~(?![\w~])/g, '$1<s>$2</s>');
  return html.replace(/\uE000(\d+)\uE000/g, (_, i: string) => held[Number(i)] ?? '');
}

/** The emoji codes the bot writes, and a few common ones; unknown codes stay as typed, as in Slack. */
const EMOJI: Record<string, string> = {
  warning: '⚠️',
  white_check_mark: '✅',
  rewind: '⏪',
  fast_forward: '⏩',
  world_map: '🗺️',
  white_large_square: '⬜',
  ballot_box_with_check: '☑️',
  tada: '🎉',
  stopwatch: '⏱️',
  raised_hand: '✋',
  no_entry: '⛔',
  lock: '🔒',
  leftwards_arrow_with_hook: '↩️',
  information_source: 'ℹ️',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  bell: '🔔',
  battery: '🔋',
  x: '❌',
  eyes: '👀',
  rocket: '🚀',
  thumbsup: '👍',
  // A health check's state, and the alert when one turns red in the monitoring window.
  large_green_circle: '🟢',
  large_orange_circle: '🟠',
  red_circle: '🔴',
  rotating_light: '🚨',
};

export function emoji(html: string): string {
  return html.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name] ?? whole);
}

const QUOTE = /^(?:>|&gt;) ?/;
const BULLET = /^\s*[•◦▪-] +/;
const NUMBERED = /^\s*\d+[.)] +/;

/** Lines to HTML: quotes and lists grouped, the rest joined with <br>. */
function lines(text: string, ctx: RenderContext): string {
  const out: string[] = [];
  let group: { kind: 'quote' | 'ul' | 'ol'; items: string[] } | null = null;
  const flush = () => {
    if (!group) return;
    if (group.kind === 'quote') out.push(`<blockquote>${group.items.join('<br>')}</blockquote>`);
    else out.push(`<${group.kind}>${group.items.map((i) => `<li>${i}</li>`).join('')}</${group.kind}>`);
    group = null;
  };
  const add = (kind: 'quote' | 'ul' | 'ol', html: string) => {
    if (group?.kind !== kind) flush();
    group ??= { kind, items: [] };
    group.items.push(html);
  };
  for (const line of text.split('\n')) {
    if (QUOTE.test(line)) add('quote', inline(line.replace(QUOTE, ''), ctx));
    else if (BULLET.test(line)) add('ul', inline(line.replace(BULLET, ''), ctx));
    else if (NUMBERED.test(line)) add('ol', inline(line.replace(NUMBERED, ''), ctx));
    else {
      flush();
      out.push(`${inline(line, ctx)}<br>`);
    }
  }
  flush();
  return out.join('').replace(/<br>$/, '');
}

export function mrkdwn(text: string, ctx: RenderContext): string {
  return text
    .split(/```([\s\S]*?)```/)
    .map((part, i) => (i % 2 === 1 ? `<pre>${plain(part.replace(/^\n/, ''))}</pre>` : lines(part, ctx)))
    .join('');
}

/** A text object: mrkdwn rendered, plain_text escaped; emoji codes shown in both, as Slack does. */
export function textObject(text: unknown, ctx: RenderContext): string {
  const t = text as { type?: string; text?: unknown } | undefined;
  if (!t || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? mrkdwn(t.text, ctx) : emoji(escapeHtml(t.text)).replace(/\n/g, '<br>');
}
