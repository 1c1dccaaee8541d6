// Drives the playground page in Debian's chromium through playwright-core, as a person would: type
// a command, fill a modal, click through a confirm dialog, switch person. Shared by the browser
// test and scripts/screenshots.ts, so the screenshots show exactly what the test checks.
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const INSTALL_HINT = 'apt-get update && apt-get install -y chromium';

/** As root in a container Chromium needs these; browser downloads are unreachable here. */
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

export const PEOPLE = {
  lead: 'U0LENA',
  owner: 'U0OMAR',
  approver: 'U0ADA',
  secondApprover: 'U0BEN',
  stakeholder: 'U0STELLA',
} as const;

export class PageDriver {
  constructor(readonly page: Page) {}

  async open(url: string, as: string = PEOPLE.lead): Promise<void> {
    await this.page.goto(`${url}/?as=${as}`);
    await this.page.getByTestId('person').waitFor();
  }

  /** The messages in the open pane whose text contains `text`. */
  message(text: string | RegExp): Locator {
    return this.page.locator('#messages [data-testid=message]', { hasText: text });
  }

  async command(text: string): Promise<void> {
    const box = this.page.locator('#message-box');
    await box.fill(text);
    await box.press('Enter');
  }

  /** Runs a command and waits for the message (or ephemeral) it should produce. */
  async run(text: string, expect: string | RegExp): Promise<Locator> {
    const before = await this.message(expect).count();
    await this.command(text);
    const answer = this.message(expect).nth(before);
    await answer.waitFor();
    return answer;
  }

  modal(): Locator {
    return this.page.getByTestId('modal');
  }

  async switchTo(userId: string): Promise<void> {
    await this.page.getByTestId('person').selectOption(userId);
    await this.page.locator(`#person option[value="${userId}"][selected]`).waitFor({ state: 'attached' });
  }

  async pane(name: 'channel' | 'home' | 'dm'): Promise<void> {
    await this.page.locator(`#sidebar [data-pane=${name}]`).first().click();
  }

  /** Clicks a button in a message and, when Slack would ask first, confirms its dialog. */
  async click(message: Locator, label: string, confirm = false): Promise<void> {
    await message.getByRole('button', { name: label, exact: true }).click();
    if (!confirm) return;
    const dialog = this.page.getByTestId('confirm');
    await dialog.waitFor();
    await dialog.locator('[data-answer=yes]').click();
  }

  /** `/migrate start <service>`, confirming when the plan's order asks first. */
  async start(service: string): Promise<void> {
    const started = this.message('started').filter({ hasText: service });
    const ask = this.message('anyway?');
    await this.command(`/migrate start ${service}`);
    await started.or(ask).first().waitFor();
    if ((await started.count()) === 0) await this.click(ask.last(), 'Confirm');
    await started.first().waitFor();
  }

  /** `/migrate cutover <service>` confirmed: returns the approval request posted in the channel. */
  async requestCutover(service: string): Promise<Locator> {
    const ask = await this.run(`/migrate cutover ${service}`, /Only visible to you/);
    await this.click(ask, 'Confirm');
    const approve = this.page.getByRole('button', { name: 'Approve', exact: true });
    const request = this.message(service).filter({ has: approve }).last();
    await request.waitFor();
    return request;
  }

  /** `/migrate assess`: all six scores picked, a note typed, submitted. */
  async assess(): Promise<Locator> {
    await this.command('/migrate assess');
    const modal = this.modal();
    await modal.waitFor();
    const selects = modal.locator('select[data-type=static_select]');
    const count = await selects.count();
    for (let i = 0; i < count; i += 1) await selects.nth(i).selectOption({ index: 1 + (i % 5) });
    await modal.locator('textarea, input[type=text]').first().fill('Moving the shop from RabbitMQ to Kafka');
    await modal.locator('button[type=submit]').click();
    await modal.waitFor({ state: 'detached' });
    const result = this.message('/30');
    await result.first().waitFor();
    return result.first();
  }

  /** `/migrate import` with a file attached through the modal's file input. */
  async importFile(path: string): Promise<Locator> {
    await this.command('/migrate import');
    const modal = this.modal();
    await modal.waitFor();
    await modal.locator('input[type=file]').setInputFiles(path);
    await modal.getByText('Attached:').waitFor();
    await modal.locator('button[type=submit]').click();
    await modal.waitFor({ state: 'detached' });
    const report = this.message(/imported/);
    await report.first().waitFor();
    return report.first();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
}
