// The health gate in the playground, as a person drives it through the page's own API: a lead sets
// the simulated source, a service waits for approval, `/metrics <service> red` and the page's
// "Next health check" close the gate (the approval message shows the red check, Approve is refused
// with the reason); green again and the next evaluation open it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pageHands } from '../../src/playground/page-hands.ts';
import { playStep, type Stage } from '../../src/playground/play.ts';
import type { Step } from '../../src/playground/scenario.ts';
import { type Playground, startPlayground } from '../../src/playground/start.ts';
import { blocksText } from '../../src/playground/transcript.ts';

const SERVICE = 'admin-portal';

describe('the health gate in the playground', () => {
  let pg: Playground;
  let stage: Stage;
  beforeEach(async () => {
    // The test moves the bot's clock itself, as the page's control does; no minute tick of its own.
    pg = await startPlayground({ port: 0, databaseUrl: ':memory:', logLevel: 'error', startScheduler: false });
    stage = { slack: pg.slack, bot: pg.bot, actions: pageHands(pg.url) };
  });
  afterEach(async () => {
    expect(pg.slack.violations).toEqual([]);
    await pg.stop();
  });

  const play = async (...steps: Step[]) => {
    for (const step of steps) await playStep(stage, step);
  };
  const seenBy = (user: string, text: string) =>
    pg.slack.conversation
      .snapshot(user)
      .messages.map((m) => `${m.text}\n${blocksText(m.blocks)}`)
      .filter((t) => t.includes(text));
  const approvalMessage = () => seenBy('U0LENA', 'Cutover approval').at(-1) ?? '';
  const nextHealthCheck: Step = { travel: 'health', why: 'the next health evaluation, at once' };

  it('a service turned red closes the gate with the reason; green again opens it', async () => {
    await play(
      { as: 'lena', command: '/migrate new "Shop to Kafka" from RabbitMQ to Kafka' },
      { as: 'lena', command: '/migrate approvers add <@U0ADA|ada>' },
      { as: 'lena', command: '/migrate set approvals-default 1' },
      { as: 'lena', command: '/migrate import' },
      { as: 'lena', submit: { 'Or attach a file': { file: 'examples/shop-graph.yaml' } } },
      { as: 'lena', command: '/migrate plan' },
      { as: 'lena', command: `/migrate health source prometheus ${pg.metrics.url}` },
      { as: 'lena', command: `/migrate start ${SERVICE}` },
      nextHealthCheck,
      { as: 'lena', command: `/migrate cutover ${SERVICE}` },
      { as: 'lena', click: 'Confirm', on: SERVICE },
    );
    expect(approvalMessage()).toContain('error ratio* green');

    await play({ as: 'lena', command: `/metrics ${SERVICE} red` }, nextHealthCheck);
    expect(approvalMessage()).toMatch(/:red_circle: \*error ratio\* red: 25% ≥ 1%/);

    await play({ as: 'ada', click: 'Approve', on: SERVICE });
    const [refused] = seenBy('U0ADA', 'Not yet: the health checks do not all pass.');
    expect(refused).toMatch(/error ratio: red — 25% ≥ 1%/);
    expect(approvalMessage()).toContain('No approvals yet.');

    await play({ as: 'lena', command: `/metrics ${SERVICE} green` }, nextHealthCheck);
    expect(approvalMessage()).toContain('error ratio* green');
    await play({ as: 'ada', click: 'Approve', on: SERVICE });
    expect(seenBy('U0ADA', 'Your approval completed the request')).toHaveLength(1);
    expect(approvalMessage()).toContain('Approved by <@U0ADA>');
  });
});
