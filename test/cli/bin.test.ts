import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// `npm test` builds before vitest runs; bin/migrate-bot.js runs that build with plain node.
describe('bin/migrate-bot.js', () => {
  it('runs the compiled command line with no TypeScript loader and sets the exit code', () => {
    expect(existsSync(`${ROOT}/dist/src/cli/main.js`), 'run `npm run build` first').toBe(true);
    const r = spawnSync(
      process.execPath,
      ['bin/migrate-bot.js', 'plan', 'examples/shop-graph.yaml', '--format', 'json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        // No NODE_OPTIONS: a --import tsx loader inherited from the test runner would hide a missing build.
        env: { PATH: process.env.PATH ?? '' },
        timeout: 30_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout) as { strategy: string; entries: { service: string }[] };
    expect(plan.strategy).toBe('sequential');
    expect(new Set(plan.entries.map((e) => e.service)).size).toBe(31);
  });

  it('exits 2 on an unknown command, from the compiled code', () => {
    const r = spawnSync(process.execPath, ['bin/migrate-bot.js', 'nope'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 30_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "nope"');
  });
});
