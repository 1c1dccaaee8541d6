import { describe, expect, it } from 'vitest';
import { escapeCode, escapeInline, escapeMrkdwn, escapeText, truncate } from '../../src/slack/escape.ts';

describe('escaping user text', () => {
  it('leaves no mention, channel ping or link intact', () => {
    for (const hostile of ['<!channel>', '<@U123>', '<!subteam^S1>', '<http://evil.example|click>', '&lt;']) {
      for (const escapeFn of [escapeMrkdwn, escapeInline, escapeCode]) {
        expect(escapeFn(hostile)).not.toMatch(/[<>]/);
      }
    }
    expect(escapeMrkdwn('a & b')).toBe('a &amp; b');
  });

  it('breaks formatting marks in running text', () => {
    expect(escapeInline('*bold* _it_ ~x~ `c`')).not.toMatch(/(^|\s)[*_~`]\S/);
  });

  it('keeps names in code spans exactly copyable and unable to close the span', () => {
    expect(escapeCode('orders_db-v2')).toBe('orders_db-v2');
    expect(escapeCode('a`b')).not.toContain('`');
  });

  it('cuts with an ellipsis only when needed', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
  });
});

describe('escapeText', () => {
  it('keeps typed user and group mentions, and lets no broadcast, link or formatting through', () => {
    const typed = 'ask <@U0ANA|ana> and <!subteam^S0SRE|@sre>: *now* ~maybe~ <!channel> <https://x.example|click> `x`';
    const out = escapeText(typed);
    expect(out).toContain('<@U0ANA>');
    expect(out).toContain('<!subteam^S0SRE>');
    expect(out).not.toMatch(/<!channel>|<https:/);
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).not.toMatch(/(^|[^\u200B])\*now\*/);
  });
});
