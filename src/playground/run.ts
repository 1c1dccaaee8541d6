// Starts the playground and keeps it running until SIGINT/SIGTERM: `npm run playground`, and
// `npm start` on a machine with no Slack credentials at all (never with NODE_ENV=production).
// PLAYGROUND_HOST (default 127.0.0.1) chooses where the page listens.
import { startPlayground } from './start.ts';

export async function runPlayground(options: { port: number; intro: string }): Promise<void> {
  const host = process.env.PLAYGROUND_HOST || '127.0.0.1';
  const playground = await startPlayground({ port: options.port, host });
  const reach =
    host === '127.0.0.1' || host === 'localhost'
      ? 'loopback only, a stand-in for Slack'
      : `listening on ${host}, reachable from the network`;
  console.log(`${options.intro} at ${playground.url} (${reach})`);
  console.log(
    `simulated Prometheus for health checks at ${playground.metrics.url}: /migrate health source prometheus ${playground.metrics.url}, then /metrics <service> red on the page`,
  );
  const shutdown = async () => {
    await playground.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
