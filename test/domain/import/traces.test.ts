import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatImportError, type ImportResult, parseGraphFile } from '../../../src/domain/import/index.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url), 'utf8');

function ok(result: ImportResult): Extract<ImportResult, { ok: true }> {
  if (!result.ok) throw new Error(result.errors.map(formatImportError).join('\n'));
  return result;
}

function failed(result: ImportResult): Extract<ImportResult, { ok: false }> {
  if (result.ok) throw new Error('expected the import to fail');
  return result;
}

describe('Jaeger dependencies response', () => {
  const result = ok(parseGraphFile(fixture('jaeger-dependencies.json'), 'traces'));

  it('reads links as traced sync dependencies, parent depending on child', () => {
    expect(result.graph.services.map((service) => service.name)).toEqual([
      'frontend',
      'customer',
      'driver',
      'route',
      'mysql',
      'redis-manual',
    ]);
    expect(result.graph.services.every((service) => Object.keys(service.sources).length === 0)).toBe(true);
    expect(result.graph.dependencies).toHaveLength(5);
    expect(result.graph.dependencies[0]).toEqual({
      from: 'frontend',
      to: 'customer',
      kind: 'sync',
      hidden: false,
      origin: 'traced',
      callCount: 52,
      errorCount: 0,
    });
  });

  it('sums the counts of duplicate links and ignores self-calls, saying so', () => {
    expect(result.graph.dependencies).toContainEqual(
      expect.objectContaining({ from: 'driver', to: 'redis-manual', callCount: 780 }),
    );
    expect(result.graph.dependencies.some((dependency) => dependency.from === dependency.to)).toBe(false);
    expect(result.notes).toEqual(['1 duplicate dependency merged', '1 link from a service to itself ignored']);
  });

  it('reports errors the tracing backend returned', () => {
    const text =
      '{"data": null, "total": 0, "limit": 0, "offset": 0, "errors": [{"code": 500, "msg": "storage timeout"}]}';
    expect(failed(parseGraphFile(text, 'traces')).errors).toEqual([
      { where: 'errors[0], line 1', line: 1, message: 'the tracing backend reported: storage timeout' },
    ]);
  });

  it('refuses a response with no links', () => {
    const text = '{"data": [], "total": 0, "limit": 0, "offset": 0, "errors": null}';
    expect(failed(parseGraphFile(text, 'traces')).errors[0]?.message).toBe('the file names no services');
  });
});

describe('Zipkin dependencies', () => {
  it('reads a bare array with error counts', () => {
    const result = ok(parseGraphFile(fixture('zipkin-dependencies.json'), 'traces'));
    expect(result.graph.services).toHaveLength(5);
    expect(result.graph.dependencies).toHaveLength(5);
    expect(result.graph.dependencies).toContainEqual({
      from: 'gateway',
      to: 'backend',
      kind: 'sync',
      hidden: false,
      origin: 'traced',
      callCount: 1204,
      errorCount: 17,
    });
    expect(result.notes).toEqual([]);
  });
});

describe('trace errors', () => {
  it('names the array index and line of each bad link', () => {
    const result = failed(parseGraphFile(fixture('bad-traces.json'), 'traces'));
    expect(result.errors.map(formatImportError)).toEqual([
      'data[1].child, line 4: is required',
      'data[2].callCount, line 5: must be at least 0, not -1',
    ]);
  });

  it('names the index in a bare array', () => {
    const result = failed(
      parseGraphFile('[\n  {"parent": "a", "child": "b"},\n  {"parent": "a", "child": 7}\n]', 'traces'),
    );
    expect(result.errors.map(formatImportError)).toEqual(['[1].child, line 3: must be text, not 7']);
  });

  it('refuses something that is neither shape', () => {
    const result = failed(parseGraphFile('{"links": []}', 'traces'));
    expect(result.errors[0]?.message).toMatch(/^expected a list of \{parent, child, callCount\} links/);
  });
});
