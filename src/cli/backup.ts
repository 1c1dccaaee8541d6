// `migrate-bot backup <file>`: a consistent copy of the bot's database while the bot runs, through
// SQLite's online backup API (better-sqlite3's db.backup). The pages are copied in one step, inside
// one read transaction: in WAL mode the bot keeps writing meanwhile, and the copy is the database as
// of one moment. It is written beside the target and renamed into place once it passes
// `PRAGMA integrity_check`, so a half-written backup never carries the target's name.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DEFAULT_DATABASE_URL, databasePath } from './import.ts';
import { type CliIo, EXIT_OK, failure, parseOrUsage, usageError } from './io.ts';

export const BACKUP_USAGE = `Usage: migrate-bot backup <file> [--force]

Copies the bot's database (DATABASE_URL, default ${DEFAULT_DATABASE_URL}) to <file> while the bot
runs, with SQLite's online backup API, and checks the copy with PRAGMA integrity_check.
  --force   replace <file> if it exists

Restore: stop the bot, copy <file> over the database file (and delete any -wal and -shm files
beside it), start the bot.`;

export async function runBackup(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }),
  );
  if (values.help) {
    io.stdout.write(`${BACKUP_USAGE}\n`);
    return EXIT_OK;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) throw usageError('backup needs the file to write, e.g. backups/migrate-bot.db.');
  if (extra.length > 0) throw usageError(`backup takes one file; also given: ${extra.join(' ')}.`);

  const source = databasePath(io);
  if (source === ':memory:') throw usageError('DATABASE_URL is :memory:, there is nothing to back up.');
  if (!existsSync(source)) {
    throw failure(`no database at ${source}: point DATABASE_URL at the bot's database file.`);
  }
  const target = resolve(io.cwd, file);
  if (target === source) throw usageError('the backup cannot be the database itself.');
  if (existsSync(target) && !values.force) throw failure(`${target} exists; pass --force to replace it.`);
  if (!existsSync(dirname(target))) throw failure(`no folder ${dirname(target)} to write the backup in.`);

  const partial = join(dirname(target), `.${basename(target)}.partial`);
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // One step with every page: a snapshot of one moment, however busy the bot is.
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial, { readonly: true });
    let check: unknown;
    try {
      check = copy.pragma('integrity_check', { simple: true });
    } finally {
      copy.close();
    }
    if (check !== 'ok') throw failure(`the copy failed PRAGMA integrity_check: ${String(check)}; ${target} untouched.`);
    renameSync(partial, target);
    io.stdout.write(`backed up ${source} to ${target} (${totalPages} pages, integrity_check ok)\n`);
    return EXIT_OK;
  } finally {
    db.close();
    rmSync(partial, { force: true });
  }
}
