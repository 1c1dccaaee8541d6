// The health commands and the health gate take text a person types (a source URL, check keys,
// PromQL, thresholds, an override's reason) and show it back: none of it may broadcast, link or
// format, and PromQL shown in a code span must not break out of it.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { DAVE, pendingIdFrom, postedRequest, setupMigration } from '../support/lifecycle-fixture.ts';
import { CANARY, HOSTILE, HOSTILE_TEXT, scanForLeaks } from '../support/markup-scan.ts';
import { FakeProm } from '../support/prometheus-stand-in.ts';

const NOW = new Date('2026-11-25T10:00:00Z');
const SERVICE = 'orders';
const MENTION = `<@${DAVE}>`;

describe('hostile text in health checks and the health gate', () => {
  let h: Harness;
  let prom: FakeProm;
  beforeEach(async () => {
    prom = await new FakeProm().start();
    h = await startHarness({
      now: () => NOW,
      env: { HEALTH_SOURCE_HOSTS: prom.host, MIGRATE_BOT_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
    });
    await setupMigration(h, { services: [{ name: SERVICE }], approvers: [DAVE] });
  });
  afterEach(async () => {
    await h.close();
    await prom.stop();
  });

  async function asked(text: string): Promise<void> {
    await h.slash(text);
    await h.bot.idle();
  }

  it('lets no broadcast, link or formatting of theirs reach Slack, on the approval message either', async () => {
    const promql = `sum(rate(http_requests_total{job="${HOSTILE.tick}",x="${HOSTILE.bold}"}[5m]))`;
    for (const text of [
      `health source prometheus ${HOSTILE.link}`,
      `health source prometheus http://${CANARY}.example:9090/_${CANARY}x_`,
      `health source prometheus ${prom.url}`,
      'health source',
      `health ${SERVICE} add ${HOSTILE.bold} ${promql} <1%`,
      `health ${SERVICE} add pwn-check ${promql} <1%`,
      `health ${SERVICE} add pwn-threshold ${promql} ${HOSTILE.italic}`,
      `health ${SERVICE} remove ${HOSTILE.strike}`,
      `health ${SERVICE}`,
      `health ${HOSTILE_TEXT}`,
      `health templates set ${HOSTILE.bold} <1%`,
      `health templates use ${HOSTILE.link}`,
      'health templates',
      `health window ${HOSTILE.broadcast}`,
      `health interval ${HOSTILE.tick}`,
    ]) {
      await asked(text);
    }

    // Waiting for approval, every check red (the stand-in answers 1 to everything: a 100% error ratio).
    await asked(`start ${SERVICE}`);
    const ask = await h.ask(`cutover ${SERVICE}`);
    await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask) });
    const request = await postedRequest(h, 0);
    await h.tick(new Date(NOW.getTime() + 60_000));
    await h.bot.idle();
    const refused = await h.clickAnswer({
      actionId: 'approve_cutover',
      value: String(request.id),
      userId: DAVE,
      messageTs: request.messageTs ?? '',
    });
    expect(refused).toContain('Not yet');
    await h.click({ actionId: 'approve_override', value: String(request.id), userId: DAVE });
    const modal = await h.fake.waitForCall('views.open', (c) => JSON.stringify(c.args.view).includes('despite'));
    const view = modal.args.view as { callback_id: string; private_metadata: string };
    await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reject_reason: { reason_input: { type: 'plain_text_input', value: `${HOSTILE_TEXT} ${MENTION}` } } },
      userId: DAVE,
    });
    await h.bot.idle();
    await asked(`health ${SERVICE}`);
    // The log tells the setup in sentences, not action codes.
    const log = await h.ask(`log ${SERVICE}`);
    expect(log).toContain('got the health check `pwn-check &lt; 1%`');
    expect(log).not.toContain('health.check');
    expect(await h.ask('log')).toContain(`set the metrics source to \`${prom.url}\``);

    expect(h.fake.violations).toEqual([]);
    expect(scanForLeaks(h.fake)).toEqual([]);
    // The override's reason reached the approval message (escaped), its mention still a mention.
    const updates = h.fake.callsTo('chat.update').map((c) => JSON.stringify(c.args.blocks));
    expect(updates.some((u) => u.includes('despite failing health checks') && u.includes(MENTION))).toBe(true);
  });
});
