// Loads JSON or YAML text into plain values, keeping a way back from a value's path to its line.
// JSON is parsed with JSON.parse (fast for large trace dumps); the YAML parser, which also reads JSON,
// builds the node tree for line numbers only when an error needs one.
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import type { Place } from './graph-builder.ts';

type Yaml = typeof import('yaml');
let yamlModule: Yaml | undefined;
/** The YAML parser (about 9 MB resident), loaded on the first import rather than at start-up. */
const yaml = (): Yaml => {
  yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yamlModule;
};

export type PathKey = string | number;

export interface SourceDocument {
  /** 1-based position in the stream. */
  readonly number: number;
  readonly value: unknown;
  /** Line of the value at `path`, or of the nearest enclosing value the file has. */
  lineOf(path: readonly PathKey[]): number | undefined;
}

export interface StructuredSource {
  readonly syntax: 'json' | 'yaml';
  readonly documents: readonly SourceDocument[];
}

export type LoadResult =
  | { readonly ok: true; readonly source: StructuredSource }
  | { readonly ok: false; readonly errors: readonly (Place & { readonly message: string })[] };

/**
 * The YAML parser reads about 0.5 MB a second, and parsing blocks the bot's event loop (other
 * people's requests must be acked within 3 s). Larger YAML is refused with a pointer to JSON, and
 * large JSON gets no line numbers in its errors (finding them means a YAML parse).
 */
export const MAX_YAML_BYTES = 1024 * 1024;

/** Aliases can expand exponentially ("billion laughs"); a catalog or graph never needs many. */
const MAX_ALIAS_COUNT = 100;

export function loadStructured(text: string, expectJson: boolean): LoadResult {
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    try {
      const value: unknown = JSON.parse(text);
      return { ok: true, source: jsonSource(text, value) };
    } catch (error) {
      // Not JSON; it may still be YAML flow style (`{services: [...]}`).
      const yaml = loadYaml(text);
      if (yaml.ok || !(expectJson || text.trimStart().startsWith('{"') || start === '[')) return yaml;
      return { ok: false, errors: [jsonSyntaxError(text, error)] };
    }
  }
  return loadYaml(text);
}

function jsonSource(text: string, value: unknown): StructuredSource {
  let parsed: ReturnType<typeof parseYaml> | undefined;
  const lineOf = (path: readonly PathKey[]): number | undefined => {
    if (text.length > MAX_YAML_BYTES) return undefined;
    parsed ??= parseYaml(text);
    const document = parsed.documents[0];
    return document === undefined ? undefined : lineAt(document, parsed.lineCounter, path);
  };
  return { syntax: 'json', documents: [{ number: 1, value, lineOf }] };
}

function parseYaml(text: string): { documents: Document.Parsed[]; lineCounter: LineCounter } {
  const lineCounter = new (yaml().LineCounter)();
  const documents = yaml().parseAllDocuments(text, { lineCounter, prettyErrors: false });
  return { documents: [...documents], lineCounter };
}

function loadYaml(text: string): LoadResult {
  if (Buffer.byteLength(text, 'utf8') > MAX_YAML_BYTES) {
    const message = `YAML files are read up to ${MAX_YAML_BYTES / (1024 * 1024)} MB; save a larger graph as JSON (read up to 5 MB)`;
    return { ok: false, errors: [{ where: '', message }] };
  }
  const { documents, lineCounter } = parseYaml(text);
  const errors: (Place & { message: string })[] = [];
  for (const [index, document] of documents.entries()) {
    for (const error of document.errors) {
      const line = lineCounter.linePos(error.pos[0]).line;
      const where = documents.length > 1 ? `document ${index + 1}, line ${line}` : `line ${line}`;
      errors.push({ where, line, message: `YAML syntax: ${lowerFirst(error.message)}` });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const loaded: SourceDocument[] = [];
  for (const [index, document] of documents.entries()) {
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        errors: [{ where: `document ${index + 1}`, message: `cannot be read: ${lowerFirst(message)}` }],
      };
    }
    loaded.push({ number: index + 1, value, lineOf: (path) => lineAt(document, lineCounter, path) });
  }
  return { ok: true, source: { syntax: 'yaml', documents: loaded } };
}

function lineAt(document: Document.Parsed, lineCounter: LineCounter, path: readonly PathKey[]): number | undefined {
  const { isAlias, isMap, isNode, isScalar, isSeq } = yaml();
  const lineOfNode = (node: unknown): number | undefined => {
    if (!isNode(node) || !node.range) return undefined;
    return lineCounter.linePos(node.range[0]).line;
  };
  let node: unknown = document.contents;
  let line = lineOfNode(node);
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
      if (pair === undefined) break;
      line = lineOfNode(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key];
    } else {
      break;
    }
    if (node === null || node === undefined) break;
    line = lineOfNode(node) ?? line;
  }
  return line;
}

/** V8 says "... in JSON at position 123" (Node 20) or adds "(line 4 column 5)" (Node 22). */
function jsonSyntaxError(text: string, error: unknown): Place & { message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(raw)?.[1];
  const words = raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s+in JSON at position \d+/, '');
  const message = `JSON syntax: ${lowerFirst(words)}`;
  if (position === undefined) return { where: '', message };
  const line = countLines(text, Number(position));
  return { where: `line ${line}`, line, message };
}

function countLines(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
