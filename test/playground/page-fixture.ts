// One playground and one Chromium page on it for a test file: started before its tests, closed
// after. The getters throw if read before the page is open, so a test never drives a half-set page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Playground, startPlayground } from '../../src/playground/start.ts';
import { CHROMIUM, chromiumInstalled, INSTALL_HINT, launch, PageDriver } from './drive.ts';

export interface PlaygroundPage {
  readonly playground: Playground;
  readonly ui: PageDriver;
}

export function usePlaygroundPage(): PlaygroundPage {
  let playground: Playground | undefined;
  let browser: Browser | undefined;
  let ui: PageDriver | undefined;
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
  return {
    get playground() {
      if (!playground) throw new Error('the playground is not started yet');
      return playground;
    },
    get ui() {
      if (!ui) throw new Error('the page is not open yet');
      return ui;
    },
  };
}
