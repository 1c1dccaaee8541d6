import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatImportError,
  type ImportedDependency,
  type ImportResult,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_SERVICES,
  parseGraphFile,
} from '../../../src/domain/import/index.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url), 'utf8');
const example = (name: string): string => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');

function ok(result: ImportResult): Extract<ImportResult, { ok: true }> {
  if (!result.ok) throw new Error(result.errors.map(formatImportError).join('\n'));
  return result;
}

function failed(result: ImportResult): Extract<ImportResult, { ok: false }> {
  if (result.ok) throw new Error('expected the import to fail');
  return result;
}

describe('auto-detection', () => {
  const cases = [
    ['native-graph.yaml', 'native'],
    ['native-graph.json', 'native'],
    ['backstage-catalog.yaml', 'backstage'],
    ['jaeger-dependencies.json', 'traces'],
    ['zipkin-dependencies.json', 'traces'],
    ['edges.csv', 'csv'],
  ] as const;

  it.each(cases)('detects %s as %s by name and by content alone', (file, format) => {
    expect(ok(parseGraphFile(fixture(file), 'auto', { fileName: file })).format).toBe(format);
    expect(ok(parseGraphFile(fixture(file), 'auto')).format).toBe(format);
    expect(ok(parseGraphFile(fixture(file), 'auto', { fileName: 'upload.txt' })).format).toBe(format);
  });

  it('detects a bad file well enough to report its own errors', () => {
    expect(failed(parseGraphFile(fixture('bad-traces.json'), 'auto')).format).toBe('traces');
    expect(failed(parseGraphFile(fixture('bad-native-kind.yaml'), 'auto')).format).toBe('native');
    expect(failed(parseGraphFile(fixture('bad-backstage-no-provider.yaml'), 'auto')).format).toBe('backstage');
    expect(failed(parseGraphFile(fixture('bad-csv-rows.csv'), 'auto')).format).toBe('csv');
    expect(failed(parseGraphFile(fixture('bad-csv-missing-column.csv'), 'auto', { fileName: 'x.csv' })).format).toBe(
      'csv',
    );
  });

  it('says what it tried when nothing fits', () => {
    const result = failed(parseGraphFile('name: shop\nteams: [a, b]\n', 'auto'));
    expect(result.format).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(
      /^cannot tell the file's format: it is YAML with the top-level keys name, teams\./,
    );
    expect(result.errors[0]?.message).toMatch(/Tried CSV .*native .*Backstage .*traces/);
  });

  it('reports a syntax error with its line for a file named .yaml or .json', () => {
    const result = failed(parseGraphFile(fixture('bad-native-syntax.yaml'), 'auto', { fileName: 'graph.yml' }));
    expect(result.format).toBeUndefined();
    expect(result.errors[0]).toMatchObject({ line: 5 });
  });

  it('reports the syntax errors of an unnamed file that is not CSV', () => {
    const result = failed(parseGraphFile('services:\n  - name: a\n   - name: b\n', 'auto'));
    expect(result.format).toBeUndefined();
    expect(result.errors[0]).toMatchObject({ line: 3 });
    expect(result.errors[0]?.message).toMatch(/^YAML syntax: /);
  });

  it('says an empty file is empty', () => {
    expect(failed(parseGraphFile(' \n\n', 'auto')).errors).toEqual([{ where: '', message: 'the file is empty' }]);
  });
});

describe('limits', () => {
  it(`refuses more than ${MAX_IMPORT_BYTES} bytes before parsing`, () => {
    const text = `from,to\n${'a,b\n'.repeat(MAX_IMPORT_BYTES / 4 + 1)}`;
    const result = failed(parseGraphFile(text, 'auto'));
    expect(result.errors).toEqual([
      { where: '', message: 'the file is 5242892 bytes, over the limit of 5242880 bytes (5 MB) for one import' },
    ]);
  });

  it(`refuses more than ${MAX_IMPORT_SERVICES} services`, () => {
    const rows = Array.from({ length: MAX_IMPORT_SERVICES / 2 + 1 }, (_, index) => `s${index}a,s${index}b`);
    const result = failed(parseGraphFile(['from,to', ...rows].join('\n'), 'csv'));
    expect(result.errors[0]?.message).toBe('the file names 20002 services; the most one import takes is 20000');
  });
});

describe('examples', () => {
  const graph = ok(parseGraphFile(example('shop-graph.yaml'), 'auto', { fileName: 'shop-graph.yaml' })).graph;
  const traces = ok(parseGraphFile(example('traces.json'), 'auto', { fileName: 'traces.json' }));
  const pairs = (dependencies: readonly ImportedDependency[]) =>
    new Set(dependencies.map((d) => `${d.from} -> ${d.to}`));

  it('describes a realistic shop of about 30 services', () => {
    expect(graph.services).toHaveLength(31);
    expect(graph.services.every((service) => service.owner !== undefined && service.tier !== undefined)).toBe(true);
    expect(graph.services.find((service) => service.name === 'stripe-gateway')?.external).toBe(true);
    const sharedDb = graph.dependencies.filter((d) => d.to === 'orders-db' && d.kind === 'shared-db');
    expect(sharedDb.map((d) => d.from).sort()).toEqual(['fraud-detection', 'inventory', 'orders', 'reporting']);
    expect(graph.dependencies.filter((d) => d.to === 'order-events').every((d) => d.kind === 'async')).toBe(true);
  });

  it('has exactly one cycle: inventory and pricing', () => {
    expect(cycles(graph.dependencies)).toEqual([['inventory', 'pricing']]);
  });

  it('traces the declared calls but one, plus two undeclared ones', () => {
    expect(traces.format).toBe('traces');
    const declared = pairs(graph.dependencies);
    const traced = pairs(traces.graph.dependencies);
    expect([...declared].filter((pair) => !traced.has(pair))).toEqual(['admin-portal -> reporting']);
    expect([...traced].filter((pair) => !declared.has(pair))).toEqual([
      'shipping -> inventory',
      'checkout -> fraud-detection',
    ]);
    const known = new Set(graph.services.map((service) => service.name));
    expect(traces.graph.services.every((service) => known.has(service.name))).toBe(true);
  });
});

/** Strongly connected components with more than one member (Tarjan), each sorted. */
function cycles(dependencies: readonly ImportedDependency[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of dependencies) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (stack.includes(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member !== undefined) component.push(member);
    } while (member !== undefined && member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of new Set(dependencies.flatMap((d) => [d.from, d.to]))) if (!index.has(node)) visit(node);
  return found;
}
