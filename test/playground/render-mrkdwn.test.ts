import { describe, expect, it } from 'vitest';
import { formatSlackDate, mrkdwn, type RenderContext } from '../../src/playground/page/mrkdwn.ts';

const ctx: RenderContext = {
  userName: (id) => ({ U0ADA: 'Ada Adeyemi' })[id],
  channelName: (id) => ({ C0MIG: 'shop-migration' })[id],
  groupHandle: (id) => ({ S0SRE: 'sre' })[id],
  timeZone: 'UTC',
  now: new Date('2026-11-25T10:00:00Z'),
};
const md = (text: string) => mrkdwn(text, ctx);

describe('mrkdwn', () => {
  it('renders bold, italics, strike and inline code', () => {
    expect(md('*bold* _it_ ~gone~ `x < y`')).toBe('<b>bold</b> <i>it</i> <s>gone</s> <code>x &lt; y</code>');
  });

  it('leaves snake_case and a lone asterisk alone', () => {
    expect(md('user_id_here 2 * 3')).toBe('user_id_here 2 * 3');
  });

  it('keeps formatting out of code and code blocks', () => {
    expect(md('```\n*not bold* <@U0ADA>\n```')).toBe('<pre>*not bold* &lt;@U0ADA&gt;\n</pre>');
    expect(md('`*x*`')).toBe('<code>*x*</code>');
  });

  it('groups quotes, bullets and numbered lines', () => {
    expect(md('&gt; quoted\n&gt; more\nplain')).toBe('<blockquote>quoted<br>more</blockquote>plain');
    expect(md('• one\n• *two*')).toBe('<ul><li>one</li><li><b>two</b></li></ul>');
    expect(md('1. first\n2. second')).toBe('<ol><li>first</li><li>second</li></ol>');
  });

  it('renders links with labels and refuses script URLs', () => {
    expect(md('<https://example.com/a?b=1&amp;c=2|the docs>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener">the docs</a>',
    );
    expect(md('<javascript:alert(1)|click>')).toBe('&lt;javascript:alert(1)|click&gt;');
  });

  it('names users, channels and groups, falling back to the label or id', () => {
    expect(md('<@U0ADA> <@U0NOBODY|bob> <#C0MIG> <!subteam^S0SRE> <!subteam^S0X|@ops> <!here>')).toBe(
      [
        '<span class="mention mention-user">@Ada Adeyemi</span>',
        '<span class="mention mention-user">@bob</span>',
        '<span class="mention mention-channel">#shop-migration</span>',
        '<span class="mention mention-group">@sre</span>',
        '<span class="mention mention-group">@ops</span>',
        '<span class="mention mention-broadcast">@here</span>',
      ].join(' '),
    );
  });

  it('formats dates in the viewer time zone, relative to the clock', () => {
    const seconds = Date.parse('2026-11-25T09:30:00Z') / 1000;
    expect(md(`<!date^${seconds}^{date_short_pretty} at {time}|fallback>`)).toBe('<time>Today at 9:30 AM</time>');
    expect(formatSlackDate(seconds, '{date_long} {date_num}', { ...ctx, timeZone: 'Asia/Singapore' })).toBe(
      'Wednesday, November 25th, 2026 2026-11-25',
    );
    expect(formatSlackDate(seconds - 86_400, '{date_pretty}', ctx)).toBe('Yesterday');
  });

  it('shows the emoji codes the bot writes and leaves unknown codes and times alone', () => {
    expect(md(':warning: *Late* :not_an_emoji: at 10:30:45')).toBe('⚠️ <b>Late</b> :not_an_emoji: at 10:30:45');
  });

  it('escapes HTML in message text, so text cannot inject markup', () => {
    const html = md('<img src=x onerror=alert(1)> &lt;script&gt;alert(1)&lt;/script&gt; "quoted" \'s');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&quot;quoted&quot; &#39;s');
  });
});
