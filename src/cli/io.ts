// What every command of the command line shares: the streams and environment it is handed (never
// the process globals, so tests run it in-process), one error type for a user's mistake, argument
// parsing with Node's own parser, and reading a file a user named.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { similarNames } from '../domain/words.ts';

export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths (files, DATABASE_URL) are resolved against it. */
  readonly cwd: string;
  /** The clock, for tests; the system clock when absent. */
  readonly now?: () => Date;
}

export const EXIT_OK = 0;
/** The input was understood but cannot be used: a bad file, an unknown migration. */
export const EXIT_FAILED = 1;
/** The command line itself is wrong: unknown command or option, a bad value. */
export const EXIT_USAGE = 2;

/**
 * A mistake the user can fix: printed as its message alone, never with a stack trace. The message's
 * first line says what is wrong; any further lines, indented, list the details.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_FAILED | typeof EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The command line itself is wrong; the user is pointed at the command's --help. */
export const usageError = (message: string) => new CliError(message, EXIT_USAGE);
export const failure = (message: string) => new CliError(message, EXIT_FAILED);

/** A summary line, then the problems indented; a single problem stands alone. */
export function problemList(summary: string, problems: readonly string[]): string {
  return problems.length === 1 ? (problems[0] as string) : [summary, ...problems.map((p) => `  ${p}`)].join('\n');
}

/** ` Did you mean --x?` for a mistyped option, when one of `known` is near; else empty. */
function optionHint(message: string, known: readonly string[]): string {
  const unknown = /^Unknown option '--([^']+)'/.exec(message);
  const near = unknown ? similarNames(unknown[1] as string, known)[0] : undefined;
  return near ? ` Did you mean --${near}?` : '';
}

/**
 * Runs util.parseArgs (or any parser) and turns its errors into a usage error; an unknown option
 * near one of `known` (names without `--`) gets a "did you mean".
 */
export function parseOrUsage<T>(parse: () => T, known: readonly string[] = []): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      const ambiguous = /^Option '([^' ]+)' argument is ambiguous/.exec(err.message);
      if (ambiguous) {
        const flag = ambiguous[1] as string;
        throw usageError(`${flag} is missing its value (write ${flag}=-1 for a value that starts with "-").`);
      }
      // Node's other messages go on to explain `--` quoting; the first sentence is the point.
      const first = (err.message.split(/\.\s/)[0] ?? err.message).replace(
        / <value>' argument missing$/,
        "' needs a value",
      );
      throw usageError(`${first.endsWith('.') ? first : `${first}.`}${optionHint(first, known)}`);
    }
    throw err;
  }
}

export interface FileCommandSpec<T> {
  readonly name: string;
  readonly usage: string;
  /** The command's `--name value` options; `--help` is added. */
  readonly options: readonly string[];
  /** The command's `--name` switches, given to `schema` as true when present. */
  readonly flags?: readonly string[];
  readonly schema: z.ZodType<T>;
}

/**
 * The shape `plan` and `import` share: string options checked by `schema`, `--help`, and exactly
 * one file. Null when help was printed.
 */
export function parseFileCommand<T>(
  argv: readonly string[],
  io: CliIo,
  spec: FileCommandSpec<T>,
): { file: string; options: T } | null {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const o of spec.options) options[o] = { type: 'string' };
  for (const f of spec.flags ?? []) options[f] = { type: 'boolean' };
  const { values, positionals } = parseOrUsage(
    () =>
      parseArgs({
        args: [...argv],
        allowPositionals: true,
        strict: true,
        options: { ...options, help: { type: 'boolean', short: 'h' } },
      }),
    [...spec.options, ...(spec.flags ?? []), 'help'],
  );
  if (values.help) {
    io.stdout.write(`${spec.usage}\n`);
    return null;
  }
  const { help: _help, ...given } = values;
  const parsed = spec.schema.safeParse(given);
  if (!parsed.success) throw usageError(optionProblems(parsed.error));
  const [file, ...extra] = positionals;
  if (file === undefined) throw usageError(`${spec.name} needs a graph file, e.g. examples/shop-graph.yaml.`);
  if (extra.length > 0) throw usageError(`${spec.name} takes one file; also given: ${extra.join(' ')}.`);
  return { file, options: parsed.data };
}

/** The problems of a failed zod parse of option values, one line each, named by their flag. */
export function optionProblems(error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    const key = issue.path[0];
    return key === undefined ? issue.message : `--${String(key)} ${issue.message}`;
  });
  return problemList(`${problems.length} options are wrong:`, problems);
}

/** A zod enum whose error names the values it takes and the one it got; any case is accepted. */
export function choiceOf<T extends readonly [string, ...string[]]>(values: T) {
  const list = `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
  return z
    .string()
    .trim()
    .toLowerCase()
    .pipe(
      z.enum(values, {
        error: (issue) => {
          const near = similarNames(String(issue.input), values)[0];
          return `takes ${list}, not "${String(issue.input)}"${near ? ` (did you mean "${near}"?)` : ''}`;
        },
      }),
    );
}

const READ_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** A file's text as UTF-8; a clear one-line failure when it cannot be read. */
export function readTextFile(io: CliIo, path: string): string {
  try {
    return readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    const why = READ_PROBLEMS[code] ?? (err instanceof Error ? err.message : String(err));
    throw failure(`cannot read ${path}: ${why}`);
  }
}

export function writeLines(stream: CliIo['stdout'], lines: readonly string[]): void {
  stream.write(`${lines.join('\n')}\n`);
}
