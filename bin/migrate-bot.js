#!/usr/bin/env node
// `npx migrate-bot`: runs the compiled command line (dist/src/cli/main.js, made by `npm run build`,
// which `npm ci` runs through the prepare script). No TypeScript loader at run time.
// The only place that reads the process: arguments, streams, environment, working folder, exit code.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('migrate-bot: not built yet; run `npm run build` (or `npm ci`) first.\n');
  process.exit(1);
}

// `migrate-bot plan … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
