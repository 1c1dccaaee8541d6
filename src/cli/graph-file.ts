// A graph file as the command line reads it: the same parser as the bot's `/migrate import`, its
// errors listed with their places, and the planner's view of the result.
import { basename } from 'node:path';
import { formatImportError, type ImportResult, parseGraphFile } from '../domain/import/index.ts';
import { IMPORT_FORMATS, type ImportFormat, type ServiceGraph } from '../domain/model.ts';
import { type CliIo, failure, readTextFile } from './io.ts';

export type ParsedGraph = Extract<ImportResult, { ok: true }>;
export type FormatChoice = ImportFormat | 'auto';
export const FORMAT_CHOICES = ['auto', ...IMPORT_FORMATS] as const satisfies readonly FormatChoice[];

/**
 * Reads and parses `path`; a file with errors fails listing the first of them (the parser caps the
 * list) and how many more there are. `outcome` says what did not happen, e.g. "nothing was written".
 */
export function loadGraphFile(io: CliIo, path: string, format: FormatChoice, outcome: string): ParsedGraph {
  const text = readTextFile(io, path);
  const parsed = parseGraphFile(text, format, { fileName: basename(path) });
  if (parsed.ok) return parsed;
  const as = parsed.format ? ` as ${parsed.format}` : '';
  const count = parsed.errorCount === 1 ? '1 problem' : `${parsed.errorCount} problems`;
  const lines = [`${path}: ${count} reading it${as}; ${outcome}.`];
  for (const e of parsed.errors) lines.push(`  ${formatImportError(e)}`);
  const rest = parsed.errorCount - parsed.errors.length;
  if (rest > 0) lines.push(`  …and ${rest} more`);
  throw failure(lines.join('\n'));
}

/** What the planner needs: facts a file leaves out take the planner's neutral values. */
export function toPlanGraph(parsed: ParsedGraph): ServiceGraph {
  const seen = new Set<string>();
  const edges = [];
  for (const d of parsed.graph.dependencies) {
    const key = `${d.from}>${d.to}>${d.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: d.from, to: d.to, kind: d.kind, origin: d.origin, callCount: d.callCount ?? null });
  }
  return {
    services: parsed.graph.services.map((s) => ({
      name: s.name,
      tier: s.tier ?? null,
      stateful: s.stateful ?? false,
      external: s.external ?? false,
      effortDays: s.effortDays ?? null,
    })),
    edges,
  };
}
