// One entry point for every import: text in, a validated graph or located errors out. Pure: the caller
// (a slash command, the CLI) reads the file and writes the graph only when the result is ok.
import type { ImportFormat } from '../model.ts';
import { parseBackstage } from './backstage.ts';
import { parseCsv } from './csv.ts';
import { detectFormat } from './detect.ts';
import { parseNative } from './native.ts';
import { loadStructured, type StructuredSource } from './source.ts';
import { parseTraces } from './traces.ts';
import { type ImportOptions, type ImportResult, MAX_IMPORT_BYTES, MAX_LISTED_ERRORS } from './types.ts';

export {
  ANNOTATION_EFFORT_DAYS,
  ANNOTATION_EXTERNAL,
  ANNOTATION_STATEFUL,
  ANNOTATION_TIER,
} from './backstage.ts';
export { detectFormat } from './detect.ts';
export * from './types.ts';

export function parseGraphFile(text: string, format: ImportFormat | 'auto', opts: ImportOptions = {}): ImportResult {
  const refuse = (message: string): ImportResult => {
    const known = format === 'auto' ? {} : { format };
    return { ok: false, ...known, errors: [{ where: '', message }], errorCount: 1 };
  };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_IMPORT_BYTES) {
    const limit = `${MAX_IMPORT_BYTES} bytes (${MAX_IMPORT_BYTES / (1024 * 1024)} MB)`;
    return refuse(`the file is ${bytes} bytes, over the limit of ${limit} for one import`);
  }
  if (text.trim() === '') return refuse('the file is empty');
  if (format === 'csv') return parseCsv(text);
  if (format !== 'auto') {
    const loaded = loadStructured(text, false);
    if (!loaded.ok) return { ok: false, format, errors: cap(loaded.errors), errorCount: loaded.errors.length };
    return parseStructured(format, loaded.source);
  }
  const detected = detectFormat(text, opts.fileName);
  if (!detected.ok) return { ok: false, errors: cap(detected.errors), errorCount: detected.errors.length };
  if (detected.format === 'csv') return parseCsv(text);
  return parseStructured(detected.format, detected.source);
}

function parseStructured(format: Exclude<ImportFormat, 'csv'>, source: StructuredSource): ImportResult {
  switch (format) {
    case 'native':
      return parseNative(source);
    case 'backstage':
      return parseBackstage(source);
    case 'traces':
      return parseTraces(source);
  }
}

function cap<T>(errors: readonly T[]): readonly T[] {
  return errors.slice(0, MAX_LISTED_ERRORS);
}
