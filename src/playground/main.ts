// `npm run playground`: the bot and a stand-in Slack on this machine, with a page to drive them.
// PLAYGROUND_PORT (default 3000) and PLAYGROUND_HOST (default 127.0.0.1) choose where the page listens.
import { startPlayground } from './start.ts';

const host = process.env.PLAYGROUND_HOST || '127.0.0.1';
const playground = await startPlayground({ port: Number(process.env.PLAYGROUND_PORT || 3000), host });
const reach =
  host === '127.0.0.1' || host === 'localhost' ? 'loopback only' : `listening on ${host}: reachable from the network`;
console.log(`migrate-bot playground (a local stand-in for Slack, ${reach}) at ${playground.url}`);

const shutdown = async () => {
  await playground.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
