import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatImportError,
  type ImportResult,
  MAX_LISTED_ERRORS,
  parseGraphFile,
} from '../../../src/domain/import/index.ts';
import { DEPENDENCY_KINDS } from '../../../src/domain/model.ts';

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

describe('CSV edge list', () => {
  const result = ok(parseGraphFile(fixture('edges.csv'), 'csv'));

  it('reads each row as from depending on to, skipping comments and blank lines', () => {
    expect(result.graph.services).toHaveLength(10);
    expect(result.graph.services.every((service) => Object.keys(service.sources).length === 0)).toBe(true);
    expect(result.graph.dependencies).toHaveLength(9);
    expect(result.graph.dependencies[0]).toEqual({
      from: 'web-frontend',
      to: 'api-gateway',
      kind: 'sync',
      hidden: false,
      origin: 'declared',
    });
  });

  it('reads kinds case-insensitively, defaults an empty kind to sync and ignores extra columns', () => {
    expect(result.graph.dependencies).toContainEqual(
      expect.objectContaining({ from: 'api-gateway', to: 'search', kind: 'sync' }),
    );
    expect(result.graph.dependencies).toContainEqual(
      expect.objectContaining({ from: 'shipments', to: 'order-events', kind: 'async' }),
    );
    expect(result.graph.dependencies).toContainEqual(
      expect.objectContaining({ from: 'orders', to: 'fraud-check', kind: 'endpoint' }),
    );
    expect(result.notes).toEqual(['ignored column: notes']);
  });

  it('reads an optional hidden column', () => {
    const graph = ok(parseGraphFile('from,to,hidden\na,b,yes\na,c,\n', 'csv')).graph;
    expect(graph.dependencies.map((dependency) => dependency.hidden)).toEqual([true, false]);
  });
});

describe('CSV errors', () => {
  it('names the missing header column on line 1', () => {
    const result = failed(parseGraphFile(fixture('bad-csv-missing-column.csv'), 'csv'));
    expect(result.errors).toEqual([
      {
        where: 'line 1',
        line: 1,
        message: 'the header row needs the columns from and to (missing: to); found: from, kind',
      },
    ]);
  });

  it('names the line of each bad row', () => {
    const result = failed(parseGraphFile(fixture('bad-csv-rows.csv'), 'csv'));
    expect(result.errors.map(formatImportError)).toEqual([
      'line 3: column to: is empty',
      'line 4: column kind: must be one of sync, async, shared-db, shared-cache, endpoint, not "queue"',
      'line 5: "billing" cannot depend on itself',
      'line 6: has 4 values but the header names 3 columns',
    ]);
  });

  it('reports an unclosed quote with its line', () => {
    const result = failed(parseGraphFile('from,to\na,b\n"c,d\n', 'csv'));
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 3, message: 'CSV syntax: a quoted value is never closed' }),
    ]);
  });

  it(`lists at most ${MAX_LISTED_ERRORS} errors and counts them all`, () => {
    const rows = Array.from({ length: 35 }, (_, index) => `svc-${index},svc-${index}`);
    const result = failed(parseGraphFile(['from,to', ...rows].join('\n'), 'csv'));
    expect(result.errors).toHaveLength(MAX_LISTED_ERRORS);
    expect(result.errorCount).toBe(35);
    expect(result.errors[0]).toMatchObject({ where: 'line 2' });
    expect(result.errors.at(-1)).toMatchObject({ where: 'line 21' });
  });
});

describe('CSV round trip', () => {
  // A small pool next to random names makes repeated edges (merged) and shared services common.
  const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,20}$/), fc.constantFrom('a', 'b', 'c'));
  const edge = fc.record({ from: name, to: name, kind: fc.constantFrom(...DEPENDENCY_KINDS) });

  it('parses CSV written from any edge list back to the same edge set', () => {
    fc.assert(
      fc.property(fc.array(edge, { minLength: 1, maxLength: 40 }), fc.boolean(), (edges, quoted) => {
        const cell = (value: string): string => (quoted ? `"${value}"` : value);
        const text = ['from,to,kind', ...edges.map((e) => [e.from, e.to, e.kind].map(cell).join(','))].join('\n');
        const expected = new Set(edges.filter((e) => e.from !== e.to).map((e) => `${e.from} ${e.to} ${e.kind}`));
        const result = parseGraphFile(text, 'auto');
        if (edges.some((e) => e.from === e.to)) {
          // A self-dependency is an error in a declared file.
          expect(result.ok).toBe(false);
          return;
        }
        const graph = ok(result).graph;
        expect(new Set(graph.dependencies.map((d) => `${d.from} ${d.to} ${d.kind}`))).toEqual(expected);
        expect(graph.dependencies).toHaveLength(expected.size);
        expect(new Set(graph.services.map((service) => service.name))).toEqual(
          new Set(edges.flatMap((e) => [e.from, e.to])),
        );
      }),
    );
  });
});
