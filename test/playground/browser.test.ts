// The playground in a real browser: Debian's chromium driven by playwright-core. Under CI a
// missing browser fails the run; elsewhere the test skips and says how to install it.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumInstalled, INSTALL_HINT, PEOPLE } from './drive.ts';
import { usePlaygroundPage } from './page-fixture.ts';

const inCi = process.env.CI === 'true';
const skip = !chromiumInstalled() && !inCi;
if (skip) console.warn(`Skipping the browser test: no Chromium at ${CHROMIUM}. Install it with: ${INSTALL_HINT}`);

const SHOP_GRAPH = fileURLToPath(new URL('../../examples/shop-graph.yaml', import.meta.url));

describe.skipIf(skip)('the playground page in Chromium', () => {
  const page = usePlaygroundPage();

  it('runs /migrate assess through its modal and posts the result in the channel', async () => {
    const result = await page.ui.assess();
    await expect(result.textContent()).resolves.toMatch(/\d+\/30/);
    expect(await result.locator('.only-you').count()).toBe(0);
    expect(page.playground.slack.violations).toEqual([]);
  }, 60_000);

  it('shows a command answer only to the person who typed it', async () => {
    await page.ui.run('/migrate new Shop', 'started the migration');
    const help = await page.ui.run('/migrate help', /Only visible to you/);
    await expect(help.textContent()).resolves.toContain('/migrate');
    await page.ui.switchTo(PEOPLE.stakeholder);
    await expect(page.ui.message('started the migration').count()).resolves.toBe(1);
    await expect(page.ui.page.locator('#messages .ephemeral').count()).resolves.toBe(0);
    await page.ui.switchTo(PEOPLE.lead);
  }, 60_000);

  it('approves a cutover through its confirm dialog and updates the request in place', async () => {
    await page.ui.importFile(SHOP_GRAPH);
    await page.ui.run('/migrate approvers add <@U0ADA> <@U0BEN>', 'as approvers');
    await page.ui.start('storefront-web');
    const request = await page.ui.requestCutover('storefront-web');
    const ts = await request.getAttribute('data-ts');

    await page.ui.switchTo(PEOPLE.approver);
    await page.ui.click(page.ui.page.locator(`[data-ts="${ts}"]`), 'Approve', true);
    const updated = page.ui.page.locator(`#messages [data-ts="${ts}"]`);
    await updated.locator('.edited').waitFor();
    await expect(updated.textContent()).resolves.toContain('Ada Adeyemi');
    expect(page.playground.slack.violations).toEqual([]);
  }, 90_000);
});
