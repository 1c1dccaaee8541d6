// User input shown back in messages is escaped so nobody can inject mentions, links or formatting.

/** Escapes Slack's control characters (&, <, >): no mentions, links or special commands survive. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Free text a person typed (a reason, a note): no broadcast, link or formatting survives, but the
 * user and group mentions they typed (Slack sends `<@U123|ana>`, `<!subteam^S1|@sre>`) stay mentions.
 */
export function escapeText(text: string): string {
  let out = '';
  let from = 0;
  for (const m of text.matchAll(/<(@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+)(?:\|[^>]*)?>/g)) {
    out += `${escapeInline(text.slice(from, m.index))}<${m[1]}>`;
    from = m.index + m[0].length;
  }
  return out + escapeInline(text.slice(from));
}

/** Escapes and also neutralises formatting marks, for names shown inline in bold or code. */
export function escapeInline(text: string): string {
  return escapeMrkdwn(text).replace(/[*_~`]/g, (c) => `\u200B${c}\u200B`);
}

/**
 * For text inside a `code span`: Slack applies no formatting there, so only a backtick could break
 * out; it becomes a look-alike. Names stay exactly copyable (no zero-width marks inside).
 */
export function escapeCode(text: string): string {
  return escapeMrkdwn(text).replace(/`/g, 'ˋ');
}

/** Cuts text to `max` characters, ending in an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}
