// `npm start` (node dist/src/main.js): reads .env when present, then runs the bot until SIGINT/SIGTERM.
// Whatever stops start-up is printed as one line naming the variable to fix, and the exit code is 1.
// With no Slack variable at all (a newcomer's first try) it starts the local playground instead,
// except with NODE_ENV=production, where the missing variables are listed and the exit code is 1.
import { existsSync } from 'node:fs';
import { type Bot, createBot, StartupError } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { StoreOpenError } from './store/db.ts';

/** SIGTERM must end the process within 10 s (Kubernetes' default grace period is 30 s). */
const SHUTDOWN_DEADLINE_MS = 9_000;

if (existsSync('.env')) process.loadEnvFile('.env');

/** Any of these set means the operator meant to reach Slack: then the playground never starts. */
const SLACK_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
];
const noSlack = SLACK_VARIABLES.every((name) => (process.env[name] ?? '').trim() === '');
if (noSlack && process.env.NODE_ENV !== 'production') {
  // Loaded only here, so a deployment never loads the stand-in or its page.
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('migrate-bot cannot start the local playground: PORT must be a port number 0-65535.');
    process.exit(1);
  }
  const { runPlayground } = await import('./playground/run.ts');
  await runPlayground({ port, intro: 'no Slack credentials: starting the local playground' });
} else {
  await runBot();
}

async function runBot(): Promise<void> {
  let bot: Bot | undefined;
  try {
    bot = createBot(loadConfig());
    await bot.start();
  } catch (err) {
    console.error(
      err instanceof ConfigError || err instanceof StartupError || err instanceof StoreOpenError
        ? err.message
        : `migrate-bot could not start: ${errorSummary(err)}`,
    );
    await bot?.stop().catch(() => {});
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const running = bot as Bot;
    running.deps.logger.info(`${signal}: finishing the requests in flight and the current tick, then exiting`);
    const deadline = setTimeout(() => {
      running.deps.logger.error(`still busy ${SHUTDOWN_DEADLINE_MS / 1000} s after ${signal}; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        running.deps.logger.error(`shutdown failed: ${errorSummary(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

function errorSummary(err: unknown): string {
  // Errors from Slack carry the request; print the code only so no token can leak into logs.
  const code =
    (err as { code?: unknown; data?: { error?: unknown } } | null)?.data?.error ?? (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}
