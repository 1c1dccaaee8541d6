// Malformed and hostile files for every import format: each ends in a correct import or in located
// errors; the parser never throws, never shows a stack trace, and never takes the process with it.
// FUZZ_RUNS raises the number of cases per property (default 250: about three thousand files in all).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { type ImportResult, parseGraphFile } from '../../../src/domain/import/index.ts';
import type { ImportFormat } from '../../../src/domain/model.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const FORMATS: readonly (ImportFormat | 'auto')[] = ['auto', 'native', 'backstage', 'traces', 'csv'];
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url), 'utf8');
const VALID = [
  fixture('native-graph.yaml'),
  fixture('native-graph.json'),
  fixture('backstage-catalog.yaml'),
  fixture('jaeger-dependencies.json'),
  fixture('zipkin-dependencies.json'),
  fixture('edges.csv'),
];

/** Names people should not be able to smuggle anything through. */
const hostileText = fc.oneof(
  fc.constantFrom(
    '<!channel>',
    '<!here|here>',
    '*bold* _it_ ~strike~',
    '`code` ```block```',
    '<https://evil.example|click>',
    'a\u200bb',
    '\u202etxt.exe',
    'é'.repeat(3),
    '💥',
    '',
    ' ',
    '-',
    'a'.repeat(5000),
    '__proto__',
    'constructor',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

function expectLocatedOrOk(result: ImportResult): void {
  if (result.ok) {
    expect(result.graph.services.length).toBeGreaterThanOrEqual(0);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errorCount).toBeGreaterThanOrEqual(result.errors.length);
  for (const error of result.errors) {
    expect(typeof error.message).toBe('string');
    expect(error.message).not.toMatch(/\n\s+at |TypeError|Reflect\.|undefined is not|Cannot read prop/);
  }
}

function parseAll(text: string): void {
  for (const format of FORMATS) expectLocatedOrOk(parseGraphFile(text, format));
}

/** Sets `value` at a random place inside `doc` (a parsed fixture), as a mutation of a valid file. */
function mutate(doc: unknown, choices: readonly number[], value: unknown): unknown {
  if (choices.length === 0 || doc === null || typeof doc !== 'object') return value;
  const [first = 0, ...rest] = choices;
  if (Array.isArray(doc)) {
    if (doc.length === 0) return [value];
    const i = first % doc.length;
    return doc.map((item, k) => (k === i ? mutate(item, rest, value) : item));
  }
  const keys = Object.keys(doc);
  if (keys.length === 0) return value;
  const key = keys[first % keys.length] ?? '';
  return { ...doc, [key]: mutate((doc as Record<string, unknown>)[key], rest, value) };
}

const structured = VALID.filter((_, i) => i < 5).map((text) => {
  const docs = text.split(/^---$/m).map((part) => part.trim());
  return text.trimStart().startsWith('{') ? [JSON.parse(text) as unknown] : docs.map((d) => d);
});

describe('every import format survives malformed and hostile files', () => {
  it('survives a wrong value at any field of a valid file, as YAML and as JSON', () => {
    const parsedDocs = structured.map((docs) =>
      docs.map((d) => (typeof d === 'string' ? (parseYaml(d) as unknown) : d)),
    );
    fc.assert(
      fc.property(
        fc.nat(parsedDocs.length - 1),
        fc.array(fc.nat(50), { minLength: 1, maxLength: 6 }),
        anyValue,
        fc.boolean(),
        (which, path, value, asJson) => {
          const original = parsedDocs[which] ?? [];
          const target = (path[0] ?? 0) % Math.max(1, original.length);
          const docs = original.map((doc, i) => (i === target ? mutate(doc, path.slice(1), value) : doc));
          const text = asJson ? JSON.stringify(docs[0] ?? null) : docs.map((d) => stringify(d)).join('---\n');
          parseAll(text);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('survives any valid file cut short at any point', () => {
    fc.assert(
      fc.property(fc.nat(VALID.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), (which, at) => {
        const text = VALID[which] ?? '';
        parseAll(text.slice(0, Math.floor(text.length * at)));
      }),
      { numRuns: RUNS },
    );
  });

  it('survives arbitrary text and CSV rows with hostile cells', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => parseAll(text)),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileText, hostileText, hostileText), { maxLength: 20 }), (rows) => {
        parseAll(['from,to,kind', ...rows.map((r) => r.map((c) => JSON.stringify(c)).join(','))].join('\n'));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a YAML alias bomb, deep nesting and duplicate keys with located errors', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(9)
          .fill(`*${i === 0 ? 'a' : 'b'.repeat(i)}`)
          .join(',')}]`,
      );
    bomb.push('services: *bbbbbbbbb');
    parseAll(bomb.join('\n'));
    parseAll(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    parseAll(`services:\n${'  - '.repeat(1)}${'{a: '.repeat(2000)}1${'}'.repeat(2000)}`);
    const duplicate = parseGraphFile('services:\n  - name: a\n    name: b\n', 'native');
    expect(duplicate.ok).toBe(false);
  });

  it('locates the error of a Backstage entity whose metadata is not a mapping', () => {
    for (const metadata of ['"just-a-string"', '42', '[a, b]', 'null']) {
      const text = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: ${metadata}\nspec:\n  type: service\n`;
      const result = parseGraphFile(text, 'auto');
      expectLocatedOrOk(result);
      expect(result.ok).toBe(false);
    }
  });

  it('takes cycles and self-loops as data', () => {
    const result = parseGraphFile(
      'services:\n  - name: a\n    depends_on: [a, b]\n  - name: b\n    depends_on: [a]\n',
      'native',
    );
    expectLocatedOrOk(result);
  });

  it('reads 100,000 entries, or refuses them by size, without crashing', () => {
    const rows = ['from,to'];
    for (let i = 0; i < 100_000; i++) rows.push(`s${i},s${(i * 7 + 1) % 100_000}`);
    expectLocatedOrOk(parseGraphFile(rows.join('\n'), 'csv'));
    const services = Array.from({ length: 100_000 }, (_, i) => ({ name: `s${i}` }));
    expectLocatedOrOk(parseGraphFile(JSON.stringify({ services }), 'native'));
  });
});
