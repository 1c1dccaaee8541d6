// The health gate on the playground page in a real Chromium: a lead turns a service red with
// /metrics, clicks Next health check under the bot clock, and the approval message shows the red
// check; the approver's Approve is refused with the reason. Skips like browser.test.ts.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/playground/start.ts';
import { CHROMIUM, chromiumInstalled, INSTALL_HINT, launch, PageDriver, PEOPLE } from './drive.ts';

const skip = !chromiumInstalled() && process.env.CI !== 'true';
const SHOP_GRAPH = fileURLToPath(new URL('../../examples/shop-graph.yaml', import.meta.url));

describe.skipIf(skip)('the health gate on the playground page, in Chromium', () => {
  let playground: Playground;
  let browser: Browser;
  let ui: PageDriver;

  beforeAll(async () => {
    if (!chromiumInstalled())
      throw new Error(`No Chromium at ${CHROMIUM} (set CHROMIUM_PATH). Install it: ${INSTALL_HINT}`);
    playground = await startPlayground({ port: 0, databaseUrl: ':memory:', logLevel: 'error', startScheduler: false });
    browser = await launch();
    ui = new PageDriver(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await ui.open(playground.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
  });

  it('turns a service red, runs the next evaluation, and the approval is refused with the reason', async () => {
    await ui.run('/migrate new Shop', 'started the migration');
    await ui.importFile(SHOP_GRAPH);
    await ui.run('/migrate approvers add <@U0ADA>', 'as an approver');
    await ui.run(`/migrate health source prometheus ${playground.metrics.url}`, 'Saved: the test query answered.');
    await ui.start('storefront-web');
    const request = await ui.requestCutover('storefront-web');

    await ui.run('/metrics storefront-web red', 'now fails one request in four');
    await ui.page.locator('[data-jump=health]').click();
    await request.filter({ hasText: 'red: 25% ≥ 1%' }).waitFor();
    // Each check's state shows as its coloured circle, as in Slack, not as the emoji's code.
    const shown = (await request.textContent()) ?? '';
    expect(shown).toContain('🔴 error ratio red');
    expect(shown).toContain('🟢 request rate green');
    expect(shown).not.toContain(':red_circle:');

    await ui.switchTo(PEOPLE.approver);
    await ui.click(request, 'Approve', true);
    const refused = ui.message('Not yet: the health checks do not all pass.');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toContain('error ratio: red');
    expect(playground.slack.violations).toEqual([]);
  }, 90_000);
});
