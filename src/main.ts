// `npm start`: reads .env when present, then runs the bot until SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import { createBot } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const bot = createBot(loadConfig());
  await bot.start();
  const shutdown = async () => {
    await bot.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `migrate-bot could not start: ${errorSummary(err)}`);
  process.exit(1);
}

function errorSummary(err: unknown): string {
  // Errors from Slack carry the request; print the code only so no token can leak into logs.
  const code =
    (err as { code?: unknown; data?: { error?: unknown } } | null)?.data?.error ?? (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}
