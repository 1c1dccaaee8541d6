// `npm run demo` plays the golden scenario on the page, through the page's own HTTP API (what a
// click or a typed command does there): it must reach the end without Slack refusing anything.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageHands } from '../../src/playground/page-hands.ts';
import { playScenario } from '../../src/playground/play.ts';
import { SHOP_MIGRATION } from '../../src/playground/scenario.ts';
import { type Playground, startPlayground } from '../../src/playground/start.ts';

describe('the demo', () => {
  let pg: Playground;
  beforeEach(async () => {
    pg = await startPlayground({ port: 0, databaseUrl: ':memory:', logLevel: 'error', startScheduler: false });
  });
  afterEach(async () => {
    await pg.stop();
  });

  it('plays the shop migration on the page to the end within Block Kit limits', async () => {
    await playScenario({ slack: pg.slack, bot: pg.bot, actions: pageHands(pg.url) }, SHOP_MIGRATION);
    expect(pg.slack.violations).toEqual([]);
    const seen = pg.slack.conversation.snapshot('U0STELLA').messages;
    const last = seen.at(-1);
    expect(last?.visibleTo).toBe('U0STELLA');
    expect(last?.text).toContain('1 of 31 done');
    // The rollback and the digest's chart happened on the way.
    expect(seen.some((m) => m.text.includes('rolled back *mobile-bff*'))).toBe(true);
    expect(seen.some((m) => m.files.some((f) => f.mimetype === 'image/png'))).toBe(true);
  });
});
