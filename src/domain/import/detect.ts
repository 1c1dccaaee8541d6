// Guesses a file's format from its extension and its first bytes, and says what it tried when it cannot.
import type { ImportFormat } from '../model.ts';
import type { Place } from './graph-builder.ts';
import { describeValue } from './issues.ts';
import { loadStructured, type StructuredSource } from './source.ts';

export type Detection =
  | { readonly ok: true; readonly format: 'csv' }
  | { readonly ok: true; readonly format: Exclude<ImportFormat, 'csv'>; readonly source: StructuredSource }
  | { readonly ok: false; readonly errors: readonly (Place & { readonly message: string })[] };

const STRUCTURED_EXTENSIONS = new Set(['json', 'yaml', 'yml']);

export function extensionOf(fileName: string | undefined): string | undefined {
  const match = /\.([A-Za-z0-9]+)$/.exec(fileName?.trim() ?? '');
  return match?.[1]?.toLowerCase();
}

/** True when the first line that is not blank or a # comment is a header with `from` and `to` cells. */
export function looksLikeCsvHeader(text: string): boolean {
  for (const raw of text.replace(/^\uFEFF/, '').split('\n', 50)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(',').map((cell) =>
      cell
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .trim()
        .toLowerCase(),
    );
    return cells.includes('from') && cells.includes('to');
  }
  return false;
}

export function detectFormat(text: string, fileName?: string): Detection {
  const extension = extensionOf(fileName);
  if (extension === 'csv') return { ok: true, format: 'csv' };
  const structuredByName = extension !== undefined && STRUCTURED_EXTENSIONS.has(extension);
  if (!structuredByName && looksLikeCsvHeader(text)) return { ok: true, format: 'csv' };

  // CSV is ruled out by now, and almost any other text is valid YAML, so a syntax error is the real problem.
  const loaded = loadStructured(text, extension === 'json');
  if (!loaded.ok) return loaded;
  const format = sniff(loaded.source);
  if (format !== undefined) return { ok: true, format, source: loaded.source };
  return cannotTell(describeContent(loaded.source));
}

function sniff(source: StructuredSource): Exclude<ImportFormat, 'csv'> | undefined {
  const values = source.documents.map((document) => document.value).filter((value) => value != null);
  if (values.some((value) => isRecord(value) && String(value.apiVersion ?? '').startsWith('backstage.io/'))) {
    return 'backstage';
  }
  const [only, ...rest] = values;
  if (only === undefined || rest.length > 0) return undefined;
  if (Array.isArray(only) && (only.length === 0 || only.some(isLink))) return 'traces';
  if (!isRecord(only)) return undefined;
  if ('services' in only) return 'native';
  // Jaeger's envelope is recognisable even when its links are broken, so their errors can be reported.
  const data = only.data;
  const envelope = 'total' in only || 'errors' in only;
  if (data === null || (Array.isArray(data) && (envelope || data.length === 0 || data.some(isLink)))) return 'traces';
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLink(value: unknown): boolean {
  return isRecord(value) && 'parent' in value && 'child' in value;
}

function describeContent(source: StructuredSource): string {
  const values = source.documents.map((document) => document.value).filter((value) => value != null);
  const [only] = values;
  const syntax = source.syntax === 'json' ? 'JSON' : 'YAML';
  if (values.length > 1) return `it is ${values.length} ${syntax} documents, none with apiVersion backstage.io/...`;
  if (only === undefined) return 'it holds no data';
  if (isRecord(only)) {
    const keys = Object.keys(only).slice(0, 8);
    return `it is ${syntax} with the top-level keys ${keys.join(', ') || '(none)'}`;
  }
  if (Array.isArray(only)) return `it is a ${syntax} list whose items are not all {parent, child} links`;
  return `it is ${syntax} holding ${describeValue(only)}`;
}

function cannotTell(found: string): Detection {
  const message =
    `cannot tell the file's format: ${found}. Tried CSV (a first line like from,to,kind), ` +
    'native (a top-level services: list), Backstage (documents with apiVersion: backstage.io/v1alpha1) and ' +
    'traces (a JSON list of {parent, child, callCount} links, bare or in {data: [...]})';
  return { ok: false, errors: [{ where: '', message }] };
}
