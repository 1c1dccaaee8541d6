// `npm run demo`: the playground with the golden transcript's scenario (scenario.ts) played on the
// page by the sample people, a short pause between steps so someone watching sees each one arrive;
// then it keeps running for them to carry on by hand. DEMO_PAUSE_MS (default 1500) sets the pause;
// PLAYGROUND_PORT and PLAYGROUND_HOST as for `npm run playground`. The store is in memory: the
// scenario creates its migration afresh each run, and the playground's own file stays untouched.
import { setTimeout as pause } from 'node:timers/promises';
import { pageHands } from './page-hands.ts';
import { playScenario, playStep } from './play.ts';
import { SHOP_MIGRATION, type Step } from './scenario.ts';
import { startPlayground } from './start.ts';

const host = process.env.PLAYGROUND_HOST || '127.0.0.1';
const pauseMs = Number(process.env.DEMO_PAUSE_MS || 1500);
const playground = await startPlayground({
  port: Number(process.env.PLAYGROUND_PORT || 3000),
  host,
  databaseUrl: ':memory:',
});
console.log(`migrate-bot demo (a local stand-in for Slack, loopback only unless PLAYGROUND_HOST says otherwise)`);
console.log(`open ${playground.url} and watch: the shop migration starts in a few seconds`);

const shutdown = async () => {
  await playground.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

function describe(step: Step): string {
  if ('travel' in step) return `the clock jumps (${step.why})`;
  if ('command' in step) return `${step.as}: ${step.command}`;
  if ('click' in step) return `${step.as} clicks [${step.click}]`;
  return `${step.as} submits the modal`;
}

// A first pause so the page is open before anything happens.
await pause(pauseMs * 2);
const stage = { slack: playground.slack, bot: playground.bot, actions: pageHands(playground.url) };
await playScenario(stage, SHOP_MIGRATION, async (step, index) => {
  console.log(`${index + 1}/${SHOP_MIGRATION.length} ${describe(step)}`);
  await pause(pauseMs);
});
// Health checks against the playground's simulated Prometheus: `/metrics <service> red` on the page
// turns a service red, and its next cutover request shows the gate closed.
await playStep(stage, { as: 'lena', command: `/migrate health source prometheus ${playground.metrics.url}` });
console.log('the migration reads its health from a simulated Prometheus: type /metrics on the page to change it');
const problems = playground.slack.violations;
console.log(
  problems.length
    ? `the demo ended with ${problems.length} Block Kit problems (shown on the page where Slack would refuse)`
    : `the demo is done; carry on by hand at ${playground.url} (Ctrl-C stops)`,
);
