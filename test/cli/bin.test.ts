import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('bin/migrate-bot.js', () => {
  it('runs the TypeScript command line through tsx and sets the exit code', () => {
    const r = spawnSync(
      process.execPath,
      ['bin/migrate-bot.js', 'plan', 'examples/shop-graph.yaml', '--format', 'json'],
      {
        cwd: ROOT,
        encoding: 'utf8',
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
});
