import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL } from '../../src/playground/people.ts';
import { type Playground, startPlayground } from '../../src/playground/start.ts';
import { migrationsWithDigests } from '../../src/store/digests.ts';

describe('the playground server', () => {
  let pg: Playground;
  beforeEach(async () => {
    pg = await startPlayground({ port: 0, databaseUrl: ':memory:', logLevel: 'error', startScheduler: false });
  });
  afterEach(async () => {
    expect(pg.slack.violations).toEqual([]);
    await pg.stop();
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${pg.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const command = (text: string, user = 'U0LENA') => post('/api/command', { user, channel: CHANNEL.id, text });
  const messages = () => pg.slack.conversation.messages;
  const waitForMessage = (match: (text: string) => boolean, what: string) =>
    pg.slack.waitFor(() => messages().find((m) => match(`${m.text} ${JSON.stringify(m.blocks ?? [])}`)), what);

  it('serves the page on loopback and reaches the bot only through signed requests', async () => {
    expect(new URL(pg.url).hostname).toBe('localhost');
    expect((await fetch(pg.url)).headers.get('content-type')).toContain('text/html');
    const unsigned = await fetch(`${pg.botUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'command=%2Fmigrate&text=help',
    });
    expect(unsigned.status).toBe(401);
    expect((await command('/migrate help')).status).toBe(200);
    const help = await waitForMessage((t) => t.includes('/migrate assess'), 'the help answer');
    expect(help.visibleTo).toBe('U0LENA');
  });

  it('refuses people and commands Slack would not deliver', async () => {
    expect((await command('/migrate help', 'U0NOBODY')).body.error).toContain('No such person');
    expect((await command('/deploy now')).body.error).toContain('Only /migrate');
  });

  it('keeps a modal open with the errors the bot answers a submission with', async () => {
    await command('/migrate assess');
    const [view] = await pg.slack.waitFor(() => pg.slack.conversation.viewsOf('U0LENA'), 'the modal');
    expect((await post('/api/submit', { user: 'U0LENA', viewId: view?.id, values: {} })).status).toBe(200);
    const open = pg.slack.conversation.viewsOf('U0LENA');
    expect(open).toHaveLength(1);
    expect(Object.keys(open[0]?.errors ?? {}).length).toBeGreaterThan(0);
  });

  it("moves the bot clock (not the machine's) to the next digest and runs the tick", async () => {
    await command('/migrate new Shop');
    await waitForMessage((t) => t.includes('started the migration'), 'the new migration');
    const before = pg.clock.now();
    const { body } = await post('/api/time', { jump: 'digest' });
    const at = new Date(String(body.now));
    expect(at.getTime()).toBeGreaterThan(before.getTime());
    const [migration] = migrationsWithDigests(pg.bot.store.db);
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: migration?.digestTz ?? 'UTC',
      hour: '2-digit',
      minute: '2-digit',
    }).format(at);
    expect(local).toBe(migration?.digestTime);
    const digest = await waitForMessage((t) => t.includes('Migration digest'), 'the digest');
    // Posted at the bot's time, which is ahead of the machine's.
    expect(new Date(digest.at).getTime()).toBeGreaterThan(Date.now());
    const monday = new Date(String((await post('/api/time', { jump: 'monday' })).body.now));
    expect(monday.getUTCDay()).toBe(1);
    await pg.slack.waitFor(() => messages().find((m) => m.files.some((f) => f.mimetype === 'image/png')), 'the chart');
  });
});
