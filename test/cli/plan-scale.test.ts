// `migrate-bot plan` on a 1,238-service traces file: the review's warnings, and diagrams Mermaid draws.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { MERMAID_LIMITS } from '../../src/cli/render-mermaid.ts';
import { jaegerLikeGraph, toJaegerJson } from '../support/jaeger-like-graph.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = 'examples/shop-graph.yaml';
const dir = mkdtempSync(join(tmpdir(), 'migrate-bot-plan-'));
const BIG = join(dir, 'jaeger.json');
writeFileSync(BIG, toJaegerJson(jaegerLikeGraph(7).graph));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    env: {},
    cwd: ROOT,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const arrows = (diagram: string) => diagram.split('\n').filter((l) => / (-->|-\.->)/.test(l)).length;

describe('migrate-bot plan at 1,238 services', () => {
  it('lists the review in JSON as objects with a sentence', async () => {
    const r = await run('plan', BIG, '--format', 'json', '--strategy', 'parallel');
    expect(r.code).toBe(0);
    const { warnings } = JSON.parse(r.stdout) as { warnings: { kind: string; sentence: string }[] };
    expect(warnings.map((w) => w.kind)).toEqual(['large-group', 'large-batches', 'long-plan']);
    expect(warnings[0]?.sentence).toMatch(/^The 356 services around svc-0309 move as one/);
    expect(warnings[1]?.sentence).toContain('--batch-cap 50');
    expect(warnings[2]?.sentence).toMatch(/^This plan takes about [\d.]+ years/);
  });

  it('puts the warnings in the text before the long list of steps', async () => {
    const r = await run('plan', BIG);
    expect(r.code).toBe(0);
    const warning = r.stdout.indexOf('warning: The 356 services around svc-0309 move as one');
    expect(warning).toBeGreaterThan(0);
    expect(warning).toBeLessThan(r.stdout.indexOf('step   1'));
    expect(r.stdout).toContain('warning: This plan takes about 28.6 years (342.8 months)');
  });

  it('collapses a diagram past Mermaid’s limits, saying so in a comment and on stderr', async () => {
    const r = await run('plan', BIG, '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('flowchart LR');
    expect(r.stdout).toMatch(/^ {2}%% Collapsed: the full diagram has 4,543 dependencies/m);
    expect(r.stderr).toMatch(/^note: Collapsed: the full diagram has 4,543 dependencies/m);
    expect(arrows(r.stdout)).toBeLessThanOrEqual(MERMAID_LIMITS.edges);
    expect(r.stdout.length).toBeLessThanOrEqual(MERMAID_LIMITS.characters);
    expect(r.stdout).toMatch(
      /node_\d+\["Steps? \d+[^"]*: \d+ services \(the 356 services around svc-0309, moving as one\)"\]/,
    );
    expect(r.stdout).not.toMatch(/\bg\d+\b/);
    expect(r.stdout).toMatch(/node_\d+ -->\|\d+ dependenc(y|ies)\| node_\d+/);
  });

  it('draws every service with --full, warning that Mermaid will not by default', async () => {
    const r = await run('plan', BIG, '--format', 'mermaid', '--full');
    expect(r.code).toBe(0);
    expect(arrows(r.stdout)).toBe(4543);
    expect(r.stdout).toContain('%% Mermaid will not draw this diagram by default');
    expect(r.stderr).toContain('warning: Mermaid will not draw this diagram by default: 4,543 dependencies');
  });
});

describe('migrate-bot plan diagrams of the example', () => {
  it('draws the full diagram silently when it fits', async () => {
    const r = await run('plan', EXAMPLE, '--format', 'mermaid');
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('Collapsed');
    expect(arrows(r.stdout)).toBe(49);
  });

  it('collapses on request, one node per batch', async () => {
    const r = await run('plan', EXAMPLE, '--format', 'mermaid', '--collapse', '--strategy', 'parallel');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('%% Collapsed, as asked.');
    expect(r.stdout).toMatch(/node_1\["Batch 1: \d+ services"\]/);
  });

  it('refuses --collapse with --full, and either without a diagram', async () => {
    const r = await run('plan', EXAMPLE, '--format', 'mermaid', '--collapse', '--full');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--collapse and --full ask for opposite diagrams');
    const text = await run('plan', EXAMPLE, '--collapse');
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('--collapse and --full shape the diagram: add --format mermaid.');
  });
});

describe('migrate-bot typos', () => {
  it('suggests the command, option or value meant', async () => {
    const command = await run('plna', EXAMPLE);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "plna". Did you mean "migrate-bot plan"?');
    expect((await run('plan', EXAMPLE, '--stratgy', 'hybrid')).stderr).toContain(
      "Unknown option '--stratgy'. Did you mean --strategy?",
    );
    const values = await run('plan', EXAMPLE, '--strategy', 'hybird', '--format', 'jsno');
    expect(values.stderr).toContain('not "hybird" (did you mean "hybrid"?)');
    expect(values.stderr).toContain('not "jsno" (did you mean "json"?)');
  });

  it('suggests nothing for a word near no name', async () => {
    expect((await run('plan', EXAMPLE, '--strategy', 'fast')).stderr).not.toContain('did you mean');
    expect((await run('launch')).stderr).not.toContain('Did you mean');
  });
});
