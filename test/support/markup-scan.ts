// Scans everything the fake Slack received for markup that came from user text. Hostile values are
// marked with a canary word (CANARY): formatting, a link or an entity around a canary, or any
// broadcast at all, came from a person, since the bot's own text never carries the canary and never
// broadcasts. Mentions (<@U…>, <!subteam^…>, <#C…>) are allowed: people's mentions stay mentions.
import type { FakeSlack } from './fake-slack.ts';

export const CANARY = 'PWN';

/** Hostile values as a person would type them, each carrying the canary where it can. */
export const HOSTILE = {
  broadcast: '<!channel> <!here> <!everyone>',
  bold: `*${CANARY}bold*`,
  strike: `~${CANARY}strike~`,
  italic: `_${CANARY}it_`,
  /** Closes the code span it is put in, formats, and opens another. */
  tick: `q\`*${CANARY}tick*\`q`,
  link: `<https://evil.example|${CANARY}click>`,
  entity: `&lt;${CANARY}ent&gt;`,
  zeroWidth: `zw\u200B${CANARY}\u200Dwidth\uFEFF`,
} as const;

/** All of them in one string, for a place that takes free text. */
export const HOSTILE_TEXT = Object.values(HOSTILE).join(' ');

export interface Leak {
  readonly where: string;
  readonly kind: string;
  readonly text: string;
}

/** Where a string was found: the method or response_url, and its path in the arguments. */
interface Found {
  readonly where: string;
  readonly text: string;
}

/** Every mrkdwn string in a value: `text` of a message, and every `{type:'mrkdwn', text}` object. */
function mrkdwnStrings(value: unknown, where: string, out: Found[]): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) mrkdwnStrings(v, `${where}[${i}]`, out);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push({ where, text: record.text });
  for (const [key, v] of Object.entries(record)) {
    if (key === 'text' && typeof v === 'string') continue;
    mrkdwnStrings(v, `${where}.${key}`, out);
  }
}

/** A message's own `text` is mrkdwn (the notification and the fallback), then its blocks. */
function messageStrings(body: Record<string, unknown>, where: string, out: Found[]): void {
  if (typeof body.text === 'string') out.push({ where: `${where}.text`, text: body.text });
  mrkdwnStrings(body.blocks, `${where}.blocks`, out);
  mrkdwnStrings(body.attachments, `${where}.attachments`, out);
}

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'chat.scheduleMessage']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.publish', 'views.push']);

/** Every mrkdwn string the bot sent to the fake Slack, with where it went. */
export function sentStrings(fake: FakeSlack): Found[] {
  const out: Found[] = [];
  fake.calls.forEach((call, i) => {
    const where = `${call.method}#${i}`;
    if (MESSAGE_METHODS.has(call.method)) messageStrings(call.args, where, out);
    else if (VIEW_METHODS.has(call.method)) mrkdwnStrings(call.args.view, `${where}.view`, out);
    else if (typeof call.args.initial_comment === 'string')
      out.push({ where: `${where}.initial_comment`, text: call.args.initial_comment });
  });
  for (const [i, r] of fake.responses.entries()) messageStrings(r.body, `response_url#${r.id}/${i}`, out);
  return out;
}

/** Code spans on one line: Slack formats nothing inside them. What is left is read as mrkdwn. */
function outsideCode(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .split('\n')
    .map((line) => line.replace(/`[^`]*`/g, ' '))
    .join('\n');
}

const BROADCAST = /<!(channel|here|everyone)(\|[^>]*)?>/;
/** Any angle-bracket control sequence that is not a mention. */
const CONTROL = /<(?![@#]|!subteam\^)[^<>]*>/g;

/** The leaks in one mrkdwn string; none when nothing a person typed became markup. */
export function leaksIn(found: Found): Leak[] {
  const leaks: Leak[] = [];
  const add = (kind: string) => leaks.push({ where: found.where, kind, text: found.text });
  const text = found.text;
  if (BROADCAST.test(text)) add('broadcast');
  for (const m of text.matchAll(CONTROL)) {
    if (m[0].includes(CANARY) || /evil\.example/.test(m[0])) add(`control sequence ${m[0]}`);
  }
  if (new RegExp(`&(lt|gt|amp);${CANARY}`).test(text)) add('entity');
  const plain = outsideCode(text);
  for (const mark of ['*', '_', '~']) {
    const e = `\\${mark}`;
    // A typed mark right before the canary and its closing mark, neither guarded by a zero-width space.
    const formatted = new RegExp(`(?<!\\u200B)${e}${CANARY}[^${e}\\s\\u200B]*${e}(?!\\u200B)`);
    if (formatted.test(plain)) add(`formatting ${mark}`);
  }
  return leaks;
}

/** Every leak in everything the fake Slack received. */
export function scanForLeaks(fake: FakeSlack): Leak[] {
  return sentStrings(fake).flatMap(leaksIn);
}
