// The playground in a real browser: Debian's chromium driven by playwright-core. Under CI a
// missing browser fails the run; elsewhere the test skips and says how to install it.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/playground/start.ts';
import { CHROMIUM, chromiumInstalled, INSTALL_HINT, launch, PageDriver, PEOPLE } from './drive.ts';

const inCi = process.env.CI === 'true';
const skip = !chromiumInstalled() && !inCi;
if (skip) console.warn(`Skipping the browser test: no Chromium at ${CHROMIUM}. Install it with: ${INSTALL_HINT}`);

const SHOP_GRAPH = fileURLToPath(new URL('../../examples/shop-graph.yaml', import.meta.url));

describe.skipIf(skip)('the playground page in Chromium', () => {
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

  it('runs /migrate assess through its modal and posts the result in the channel', async () => {
    const result = await ui.assess();
    await expect(result.textContent()).resolves.toMatch(/\d+\/30/);
    expect(await result.locator('.only-you').count()).toBe(0);
    expect(playground.slack.violations).toEqual([]);
  }, 60_000);

  it('shows a command answer only to the person who typed it', async () => {
    await ui.run('/migrate new Shop', 'started the migration');
    const help = await ui.run('/migrate help', /Only visible to you/);
    await expect(help.textContent()).resolves.toContain('/migrate');
    await ui.switchTo(PEOPLE.stakeholder);
    await expect(ui.message('started the migration').count()).resolves.toBe(1);
    await expect(ui.page.locator('#messages .ephemeral').count()).resolves.toBe(0);
    await ui.switchTo(PEOPLE.lead);
  }, 60_000);

  it('approves a cutover through its confirm dialog and updates the request in place', async () => {
    await ui.importFile(SHOP_GRAPH);
    await ui.run('/migrate approvers add <@U0ADA> <@U0BEN>', 'as approvers');
    await ui.start('storefront-web');
    const request = await ui.requestCutover('storefront-web');
    const ts = await request.getAttribute('data-ts');

    await ui.switchTo(PEOPLE.approver);
    await ui.click(ui.page.locator(`[data-ts="${ts}"]`), 'Approve', true);
    const updated = ui.page.locator(`#messages [data-ts="${ts}"]`);
    await updated.locator('.edited').waitFor();
    await expect(updated.textContent()).resolves.toContain('Ada Adeyemi');
    expect(playground.slack.violations).toEqual([]);
  }, 90_000);
});
