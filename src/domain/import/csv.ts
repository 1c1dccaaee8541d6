// CSV edge lists: a header row naming `from` and `to` (and optionally `kind` and `hidden`), then one
// dependency per row, "from depends on to". Header names are trimmed and case-insensitive; other columns
// (a team's notes, say) are ignored and named in a note. Empty lines and lines starting with # are skipped.
import { createRequire } from 'node:module';
import { DEPENDENCY_KINDS, type DependencyKind } from '../model.ts';
import { ErrorList, GraphBuilder, place, WHOLE_FILE } from './graph-builder.ts';
import { type ImportResult, serviceNameProblem } from './types.ts';

type CsvSync = typeof import('csv-parse/sync');
let csvModule: CsvSync | undefined;
/** csv-parse, loaded on the first CSV import rather than at start-up; its own CsvError comes with it. */
const csv = (): CsvSync => {
  csvModule ??= createRequire(import.meta.url)('csv-parse/sync') as CsvSync;
  return csvModule;
};

const KNOWN_COLUMNS = ['from', 'to', 'kind', 'hidden'] as const;
type KnownColumn = (typeof KNOWN_COLUMNS)[number];

const HIDDEN_VALUES: ReadonlyMap<string, boolean> = new Map([
  ['', false],
  ['false', false],
  ['no', false],
  ['0', false],
  ['true', true],
  ['yes', true],
  ['1', true],
]);

export function parseCsv(text: string): ImportResult {
  const errors = new ErrorList();
  const failure = (): ImportResult => ({ ok: false, format: 'csv', errors: errors.listed, errorCount: errors.count });
  const lines: number[] = [];
  let records: string[][];
  try {
    records = csv().parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      comment: '#',
      comment_no_infix: true,
      // csv-parse's types do not model `info: true`; this keeps each record's line beside it.
      on_record: (record: string[], context) => {
        lines.push(context.lines);
        return record;
      },
    });
  } catch (error) {
    errors.add(...csvSyntaxError(error));
    return failure();
  }

  const [header, ...rows] = records;
  if (header === undefined) {
    errors.add(WHOLE_FILE, 'the file is empty; it needs a header row such as from,to,kind');
    return failure();
  }
  const headerLine = lines[0] ?? 1;
  const columns = new Map<KnownColumn, number>();
  const ignored: string[] = [];
  for (const [index, cell] of header.entries()) {
    const name = cell.trim().toLowerCase();
    const known = KNOWN_COLUMNS.find((column) => column === name);
    if (known === undefined) {
      if (name !== '') ignored.push(cell.trim());
    } else if (columns.has(known)) {
      errors.add(place([], headerLine), `the header names the column "${known}" twice`);
    } else {
      columns.set(known, index);
    }
  }
  const fromIndex = columns.get('from');
  const toIndex = columns.get('to');
  if (fromIndex === undefined || toIndex === undefined) {
    const missing = [fromIndex === undefined ? 'from' : '', toIndex === undefined ? 'to' : ''].filter(Boolean);
    const message = `the header row needs the columns from and to (missing: ${missing.join(', ')}); found: ${header.join(', ')}`;
    errors.add(place([], headerLine), message);
  }
  if (errors.count > 0 || fromIndex === undefined || toIndex === undefined) return failure();

  const kindIndex = columns.get('kind');
  const hiddenIndex = columns.get('hidden');
  const graph = new GraphBuilder(errors);
  for (const [rowIndex, row] of rows.entries()) {
    const at = place([], lines[rowIndex + 1]);
    if (row.length > header.length) {
      errors.add(at, `has ${row.length} values but the header names ${header.length} columns`);
      continue;
    }
    const from = row[fromIndex] ?? '';
    const to = row[toIndex] ?? '';
    const kindText = (kindIndex === undefined ? '' : (row[kindIndex] ?? '')).toLowerCase();
    const hiddenText = (hiddenIndex === undefined ? '' : (row[hiddenIndex] ?? '')).toLowerCase();
    let rowOk = true;
    const problem = (column: string, message: string): void => {
      errors.add(at, `column ${column}: ${message}`);
      rowOk = false;
    };
    for (const [column, name] of [
      ['from', from],
      ['to', to],
    ] as const) {
      const nameProblem = name === '' ? 'is empty' : serviceNameProblem(name);
      if (nameProblem !== null) problem(column, nameProblem);
    }
    const kind = kindText === '' ? 'sync' : DEPENDENCY_KINDS.find((known) => known === kindText);
    if (kind === undefined) problem('kind', `must be one of ${DEPENDENCY_KINDS.join(', ')}, not "${kindText}"`);
    const hidden = HIDDEN_VALUES.get(hiddenText);
    if (hidden === undefined) problem('hidden', `must be true or false, not "${hiddenText}"`);
    if (!rowOk || kind === undefined || hidden === undefined) continue;
    graph.addDependency({ from, to, kind: kind satisfies DependencyKind, hidden, origin: 'declared' }, at, 'error');
  }
  const built = graph.build();
  if (built === null || errors.count > 0) return failure();
  const notes = graph.notes();
  if (ignored.length > 0) notes.push(`ignored column${ignored.length > 1 ? 's' : ''}: ${ignored.join(', ')}`);
  return { ok: true, format: 'csv', graph: built, notes };
}

function csvSyntaxError(error: unknown): [ReturnType<typeof place>, string] {
  if (!(error instanceof csv().CsvError)) throw error;
  const line = typeof error.lines === 'number' ? error.lines : undefined;
  const words: Partial<Record<string, string>> = {
    CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed',
    CSV_INVALID_CLOSING_QUOTE: 'a quote closes a value but more text follows it',
    INVALID_OPENING_QUOTE: 'a quote opens in the middle of a value',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quote closes a value but more text follows it',
  };
  return [place([], line), `CSV syntax: ${words[error.code] ?? error.message}`];
}
