// Hostile text in every place a person types it, through the real app and the fake Slack; then
// everything Slack received is scanned: no broadcast, link or formatting that was not the bot's own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK, IMPORT } from '../../src/slack/ids.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { DAVE, pendingIdFrom, postedRequest, requests } from '../support/lifecycle-fixture.ts';
import { CANARY, HOSTILE, HOSTILE_TEXT, leaksIn, scanForLeaks } from '../support/markup-scan.ts';
import { CHANNEL, eventBody, sendSigned, USER } from '../support/slack-requests.ts';

const NOW = new Date('2026-11-25T10:00:00Z');
/** A service name the import accepts that still carries mrkdwn: `_…_` after a dash. */
const SERVICE = `s-_${CANARY}svc_`;
const MENTION = `<@${DAVE}>`;

const IMPORTED = `
services:
  - name: ${SERVICE}
    owner: "${HOSTILE.bold} ${HOSTILE.broadcast}"
    description: "${HOSTILE.link} ${HOSTILE.tick}"
    depends_on: [api]
    runbook:
      - "${HOSTILE.strike} ${HOSTILE.entity}"
      - "${HOSTILE.tick} ${HOSTILE.zeroWidth}"
  - name: api
    owner: team-${CANARY}
`;

function importValues(paste: string) {
  return {
    [IMPORT.pasteBlock]: { [IMPORT.pasteAction]: { type: 'plain_text_input', value: paste } },
    [IMPORT.fileBlock]: { [IMPORT.fileAction]: { type: 'file_input', files: [] } },
    [IMPORT.formatBlock]: {
      [IMPORT.formatAction]: {
        type: 'static_select',
        selected_option: { value: 'auto', text: { type: 'plain_text', text: 'x' } },
      },
    },
  };
}

function assessValues(note: string) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const criterion of ['coupling', 'teamSize', 'automation', 'riskTolerance', 'timeline', 'dualRunningCost']) {
    out[criterion] = { score: { type: 'static_select', selected_option: { value: '3' } } };
  }
  out.note = { note_input: { type: 'plain_text_input', value: note } };
  return out;
}

describe('the markup scanner', () => {
  const leaks = (text: string) => leaksIn({ where: 'test', text }).map((l) => l.kind);

  it('finds every hostile value sent raw, in text and breaking out of a code span', () => {
    expect(leaks(HOSTILE.broadcast)).toContain('broadcast');
    expect(leaks(`Reason: ${HOSTILE.bold} ${HOSTILE.strike} ${HOSTILE.italic}`)).toEqual([
      'formatting *',
      'formatting _',
      'formatting ~',
    ]);
    expect(leaks(`see \`${HOSTILE.tick}\``)).toEqual(['formatting *']);
    expect(leaks(HOSTILE.link)).toEqual([`control sequence ${HOSTILE.link}`]);
    expect(leaks(HOSTILE.entity)).toEqual(['entity']);
  });

  it('passes the same values escaped, the bot’s own formatting and people’s mentions', () => {
    const guarded = (s: string) => s.replace(/[*_~`]/g, (c) => `\u200B${c}\u200B`);
    const escaped = guarded(HOSTILE_TEXT.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(leaks(`*Move*: ${escaped} \`${SERVICE}\` ${MENTION} <!subteam^S1> <#C1>`)).toEqual([]);
  });
});

describe('hostile text everywhere a person types', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => NOW });
  });
  afterEach(async () => {
    await h.close();
  });

  async function asked(text: string): Promise<void> {
    await h.slash(text);
    await h.bot.idle();
  }

  it('lets no broadcast, link or formatting of theirs reach Slack; their mentions stay mentions', async () => {
    await h.slash(`new "m-_${CANARY}mig_"`);
    await h.fake.waitForCall('chat.postMessage');
    await h.slash('import');
    const modal = await h.fake.waitForCall('views.open');
    await h.submitView({
      callbackId: CALLBACK.importGraph,
      privateMetadata: String((modal.args.view as { private_metadata: string }).private_metadata),
      values: importValues(IMPORTED),
    });
    await h.bot.idle();
    // Importer notes quote what the file said (an ignored column's name), and errors quote bad values.
    for (const paste of [
      `from,to,"${HOSTILE.bold} ${HOSTILE.broadcast}"\n${SERVICE},api,${HOSTILE.link}\n`,
      `services:\n  - name: "${HOSTILE.broadcast}"\n  - name: "${HOSTILE.tick}"\n    tier: "${HOSTILE.italic}"\n`,
    ]) {
      const before = h.fake.callsTo('views.open').length;
      await h.slash('import');
      const next = await h.fake.waitForCall('views.open', () => true, before);
      await h.submitView({
        callbackId: CALLBACK.importGraph,
        privateMetadata: String((next.args.view as { private_metadata: string }).private_metadata),
        values: importValues(paste),
      });
      await h.bot.idle();
    }

    for (const text of [
      `approvers add ${MENTION} ${HOSTILE_TEXT}`,
      `approvers add ${MENTION}`,
      `leads add ${HOSTILE_TEXT}`,
      `digest at ${HOSTILE.broadcast}`,
      `digest at ${HOSTILE_TEXT}`,
      HOSTILE.bold,
      `service _${CANARY}nope_`,
      `service ${SERVICE}`,
      `status ${HOSTILE.italic}`,
      `runbook ${SERVICE} add "${HOSTILE_TEXT}"`,
      `runbook ${SERVICE} list`,
      `runbook ${SERVICE} skip ${HOSTILE.bold} ${HOSTILE_TEXT}`,
      `depend ${HOSTILE.bold} on ${HOSTILE.link}`,
      `log ${HOSTILE.strike}`,
      `rehearsal ${SERVICE} ${HOSTILE.tick}`,
      `rehearsal ${SERVICE} 25`,
      `plan ${HOSTILE.italic}`,
      'plan',
      'status',
      'list',
      'drift',
      'export',
      `set engineers ${HOSTILE.bold}`,
      `digest ${HOSTILE.strike}`,
    ]) {
      await asked(text);
    }

    await h.slash(`start ${SERVICE}`);
    await h.bot.idle();
    const cutover = async () => {
      const before = requests(h).length;
      const ask = await h.ask(`cutover ${SERVICE}`);
      await h.clickAnswer({ actionId: 'confirm_pending', value: pendingIdFrom(ask) });
      return postedRequest(h, before);
    };
    const first = await cutover();
    await h.click({ actionId: 'reject_cutover', value: String(first.id), userId: DAVE });
    const reject = await h.fake.waitForCall('views.open', (c) =>
      String(JSON.stringify(c.args.view)).includes('reject'),
    );
    const view = reject.args.view as { callback_id: string; private_metadata: string };
    await h.submitView({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { reject_reason: { reason_input: { type: 'plain_text_input', value: `${HOSTILE_TEXT} ${MENTION}` } } },
      userId: DAVE,
    });
    await h.bot.idle();
    await cutover();
    await asked(`withdraw ${SERVICE} ${HOSTILE_TEXT} ${MENTION}`);
    const third = await cutover();
    await h.clickAnswer({
      actionId: 'approve_cutover',
      value: String(third.id),
      userId: DAVE,
      messageTs: third.messageTs ?? '',
    });
    await asked(`rollback ${SERVICE} ${HOSTILE_TEXT} ${MENTION}`);

    await h.submitView({
      callbackId: 'assess_submit',
      privateMetadata: JSON.stringify({ channelId: CHANNEL }),
      values: assessValues(`${HOSTILE_TEXT} ${MENTION}`),
    });
    await sendSigned(h.baseUrl, eventBody({ type: 'app_home_opened', user: USER, tab: 'home', channel: 'D0HOME' }));
    await asked('status');
    await asked(`log ${SERVICE}`);
    await h.bot.idle();

    expect(h.fake.violations).toEqual([]);
    expect(scanForLeaks(h.fake)).toEqual([]);
    const told = h.fake.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes(CANARY));
    // The reasons arrived (escaped) and the mention in them is still a mention.
    expect(told.some((c) => String(c.args.text).includes(MENTION) && String(c.args.text).includes('PWNbold'))).toBe(
      true,
    );
  });
});
