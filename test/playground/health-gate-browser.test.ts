// The health gate on the playground page in a real Chromium: a lead turns a service red with
// /metrics, clicks Next health check under the bot clock, and the approval message shows the red
// check; the approver's Approve is refused with the reason. Skips like browser.test.ts.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chromiumInstalled, PEOPLE } from './drive.ts';
import { usePlaygroundPage } from './page-fixture.ts';

const skip = !chromiumInstalled() && process.env.CI !== 'true';
const SHOP_GRAPH = fileURLToPath(new URL('../../examples/shop-graph.yaml', import.meta.url));

describe.skipIf(skip)('the health gate on the playground page, in Chromium', () => {
  const page = usePlaygroundPage();

  it('turns a service red, runs the next evaluation, and the approval is refused with the reason', async () => {
    await page.ui.run('/migrate new Shop', 'started the migration');
    await page.ui.importFile(SHOP_GRAPH);
    await page.ui.run('/migrate approvers add <@U0ADA>', 'as an approver');
    await page.ui.run(
      `/migrate health source prometheus ${page.playground.metrics.url}`,
      'Saved: the test query answered.',
    );
    await page.ui.start('storefront-web');
    const request = await page.ui.requestCutover('storefront-web');

    await page.ui.run('/metrics storefront-web red', 'now fails one request in four');
    await page.ui.page.locator('[data-jump=health]').click();
    await request.filter({ hasText: 'red: 25% ≥ 1%' }).waitFor();
    // Each check's state shows as its coloured circle, as in Slack, not as the emoji's code.
    const shown = (await request.textContent()) ?? '';
    expect(shown).toContain('🔴 error ratio red');
    expect(shown).toContain('🟢 request rate green');
    expect(shown).not.toContain(':red_circle:');

    await page.ui.switchTo(PEOPLE.approver);
    await page.ui.click(request, 'Approve', true);
    const refused = page.ui.message('Not yet: the health checks do not all pass.');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toContain('error ratio: red');
    expect(page.playground.slack.violations).toEqual([]);
  }, 90_000);
});
