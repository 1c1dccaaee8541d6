#!/usr/bin/env node
// `npx migrate-bot`: runs the TypeScript command line (src/cli/main.ts) through tsx, so no build step.
// The only place that reads the process: arguments, streams, environment, working folder, exit code.
import { register } from 'tsx/esm/api';

register();

// `migrate-bot plan … | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
