// `npm run screenshots`: the playground in Debian's chromium, driven through the same steps as
// test/playground/browser.test.ts, saving docs/screenshots/*.png for the README.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startPlayground } from '../src/playground/start.ts';
import { launch, PageDriver, PEOPLE } from '../test/playground/drive.ts';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
async function shot(name: string): Promise<void> {
  // Pictures (the burn-up chart) load after the message appears.
  await ui.page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
  await ui.screenshot(`${out}${name}.png`);
}

const playground = await startPlayground({
  port: 0,
  databaseUrl: ':memory:',
  logLevel: 'error',
  startScheduler: false,
});
const browser = await launch();
const ui = new PageDriver(await browser.newPage({ viewport: { width: 1280, height: 860 } }));
try {
  await ui.open(playground.url);
  await ui.command('/migrate assess');
  await ui.modal().waitFor();
  await shot('assess-modal');
  await ui.modal().locator('button[data-close-view]').first().click();
  await ui.assess();
  await shot('assess-result');

  await ui.run('/migrate new Shop', 'started the migration');
  await ui.importFile(fileURLToPath(new URL('../examples/shop-graph.yaml', import.meta.url)));
  const plan = await ui.run('/migrate plan', /Plan v\d/);
  await plan.locator('[data-open-thread]').click();
  await ui.page.locator('#thread.open [data-testid=message]').nth(1).waitFor();
  await shot('plan');
  await ui.page.locator('[data-close-thread]').click();

  await ui.run('/migrate approvers add <@U0ADA> <@U0BEN>', 'as approvers');
  await ui.start('storefront-web');
  const request = await ui.requestCutover('storefront-web');
  const ts = await request.getAttribute('data-ts');
  await ui.switchTo(PEOPLE.approver);
  await request.getByRole('button', { name: 'Approve', exact: true }).click();
  await ui.page.getByTestId('confirm').waitFor();
  await shot('approve-confirm');
  await ui.page.locator('[data-testid=confirm] [data-answer=yes]').click();
  await ui.page.locator(`#messages [data-ts="${ts}"] .edited`).waitFor();
  await shot('approval');

  await ui.switchTo(PEOPLE.lead);
  await ui.page.locator('[data-jump=monday]').click();
  await ui.page.locator('#messages .file-image').last().waitFor();
  await shot('digest');

  await ui.pane('home');
  await ui.page.locator('#home [data-view-id]').waitFor();
  await shot('home');
  console.log(`Screenshots in ${out}`);
} finally {
  await browser.close();
  await playground.stop();
}
