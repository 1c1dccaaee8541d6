import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { mermaidIds } from '../../src/cli/render-mermaid.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = 'examples/shop-graph.yaml';

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

interface JsonPlan {
  strategy: string;
  direction: string;
  entries: { service: string; step: number | null; batch: number | null; track: string; reason: string }[];
  groups: { id: string; members: string[]; reason: string }[];
  warnings: { kind: string; sentence: string }[];
  estimates: { inputs: { source: string }[]; estimates: { strategy: string; engineerHours: number }[] };
}

async function jsonPlan(...args: string[]): Promise<JsonPlan> {
  const r = await run('plan', EXAMPLE, '--format', 'json', ...args);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as JsonPlan;
}

describe('migrate-bot plan', () => {
  it('plans the example sequentially by default, in text, with groups and the three-way estimates', async () => {
    const r = await run('plan', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('examples/shop-graph.yaml (native): 31 services');
    expect(r.stdout).toContain('Plan: sequential');
    expect(r.stdout).toMatch(/^ {2}step {2}1 {2}\S+/m);
    expect(r.stdout).toContain('leaf: nothing depends on it');
    expect(r.stdout).toMatch(/cycle: inventory -> pricing -> inventory/);
    expect(r.stdout).toMatch(/share database orders-db/);
    for (const s of ['sequential', 'hybrid', 'parallel'])
      expect(r.stdout).toMatch(new RegExp(`^ +\\*? +${s} +[\\d.]+ weeks`, 'm'));
    expect(r.stdout).toMatch(/^ +\* +sequential/m);
    expect(r.stdout).toContain('calendar: one service at a time');
    expect(r.stdout).toContain("These figures are the guide's defaults");
  });

  it('shows phases, steps and batches with each track for hybrid', async () => {
    const r = await run('plan', EXAMPLE, '--strategy', 'hybrid');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Phase 1 of');
    expect(r.stdout).toMatch(/Batch 1 \(parallel track, \d+ services?\)/);
    expect(r.stdout).toMatch(/Step 1 \(sequential track\)/);
    expect(r.stdout).toContain('external: it keeps its own schedule');
  });

  it('gives every service exactly once in JSON, with groups, warnings and estimates', async () => {
    const p = await jsonPlan('--strategy', 'parallel', '--batch-cap', '3');
    expect(p.strategy).toBe('parallel');
    expect(p.direction).toBe('leaf-first');
    const names = p.entries.map((e) => e.service);
    expect(names).toHaveLength(31);
    expect(new Set(names).size).toBe(31);
    expect(p.entries.every((e) => e.batch !== null && e.step === null && e.track === 'parallel')).toBe(true);
    const cycle = p.groups.find((g) => g.members.includes('inventory'));
    expect(cycle?.members).toContain('pricing');
    expect(cycle?.reason).toContain('cycle');
    expect(p.groups.some((g) => g.reason.includes('orders-db'))).toBe(true);
    // The cycle group has 5 services, more than the cap of 3.
    expect(p.warnings.map((w) => w.sentence).join('\n')).toContain('more than the batch cap of 3');
    expect(p.estimates.estimates.map((e) => e.strategy)).toEqual(['sequential', 'hybrid', 'parallel']);
    expect(p.estimates.inputs.every((i) => i.source === 'guide default')).toBe(true);
  });

  it('honours --direction providers-first', async () => {
    const leaf = await jsonPlan();
    const providers = await jsonPlan('--direction', 'providers-first');
    expect(providers.direction).toBe('providers-first');
    const pos = (p: JsonPlan, s: string) => p.entries.findIndex((e) => e.service === s);
    // storefront-web depends on api-gateway: leaf-first moves the consumer first, providers-first the provider.
    expect(pos(leaf, 'storefront-web')).toBeLessThan(pos(leaf, 'api-gateway'));
    expect(pos(providers, 'api-gateway')).toBeLessThan(pos(providers, 'storefront-web'));
  });

  it('draws a Mermaid flowchart with every service, a subgraph per step and an arrow per dependency', async () => {
    const r = await run('plan', EXAMPLE, '--format', 'mermaid', '--strategy', 'hybrid');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const nodes = new Map<string, string>();
    for (const l of lines) {
      const m = /^ {4}([A-Za-z0-9_]+)\["([^"]+)"\]$/.exec(l);
      if (m) nodes.set(m[1] as string, (m[2] as string).replace(/ \(g\d+\)$/, ''));
    }
    expect(new Set(nodes.values()).size).toBe(31);
    expect(nodes.size).toBe(31);
    expect([...nodes.values()]).toContain('orders-db');
    const opened = lines.filter((l) => /^ {2}subgraph [a-z]+_\d+\["[^"]+"\]$/.test(l)).length;
    const closed = lines.filter((l) => l === '  end').length;
    expect(opened).toBeGreaterThan(1);
    expect(closed).toBe(opened);
    const edges = lines.filter((l) => / (-->|-\.->)/.test(l));
    expect(edges.length).toBe(49);
    for (const e of edges) {
      const m = /^ {2}(\w+) (?:-->|-\.->)(?:\|[^|]+\|)? (\w+)$/.exec(e);
      expect(m, e).not.toBeNull();
      expect(nodes.has(m?.[1] as string) && nodes.has(m?.[2] as string), e).toBe(true);
    }
    expect(r.stdout).toContain('svc_storefront_web --> svc_api_gateway');
    expect(r.stdout).toMatch(/-\.->\|async\|/);
    expect(r.stdout).toMatch(/-->\|shared-db\|/);
  });

  it('gives names with . : / - distinct, safe Mermaid ids', () => {
    const ids = mermaidIds(['a.b', 'a-b', 'ns/a:b', 'end']);
    expect([...ids.values()]).toEqual(['svc_a_b', 'svc_a_b_2', 'svc_ns_a_b', 'svc_end']);
  });

  it('lists a bad file’s errors with their lines and exits 1', async () => {
    const r = await run('plan', 'test/fixtures/import/bad-native-types.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/problems? reading it as native; nothing was planned/);
    expect(r.stderr).toMatch(/line \d+/);
    expect(r.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it('says when the file cannot be read, without a stack trace', async () => {
    const r = await run('plan', 'no/such/graph.yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('migrate-bot plan: cannot read no/such/graph.yaml: no such file\n');
  });

  it('refuses bad options with exit 2, naming each', async () => {
    const r = await run('plan', EXAMPLE, '--strategy', 'fast', '--batch-cap=-1', '--format', 'svg');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--strategy takes sequential, hybrid or parallel, not "fast"');
    expect(r.stderr).toContain('--batch-cap must be 0 to 10000');
    expect(r.stderr).toContain('--format takes text, json or mermaid, not "svg"');
    expect((await run('plan', EXAMPLE, '--colour')).stderr).toContain("Unknown option '--colour'.");
    expect((await run('plan', EXAMPLE, '--batch-cap', '-1')).stderr).toContain('--batch-cap is missing its value');
    expect((await run('plan', EXAMPLE, '--strategy')).stderr).toContain("Option '--strategy' needs a value.");
    const none = await run('plan');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('plan needs a graph file');
  });
});
