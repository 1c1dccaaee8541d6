// `migrate-bot workspace delete <id>`: every row the bot keeps for one workspace (a team id, or an
// enterprise id for an org-wide install), deleted in one transaction. Uninstalling keeps the data
// (a reinstall finds it again); this is the operator's explicit erase. Without the confirmation
// flag it only lists what would go and exits 1, so a mistyped id or a stray run deletes nothing.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { plural } from '../domain/words.ts';
import { applySchema, openStore } from '../store/db.ts';
import { installationOf } from '../store/installations.ts';
import { deleteWorkspaceData, workspaceRowCounts } from '../store/workspace-data.ts';
import { DEFAULT_DATABASE_URL, databasePath } from './import.ts';
import { type CliIo, EXIT_FAILED, EXIT_OK, failure, parseOrUsage, usageError, writeLines } from './io.ts';

const CONFIRM = 'yes-delete-all-data';

export const WORKSPACE_USAGE = `Usage: migrate-bot workspace delete <workspace-id> [--${CONFIRM}]

Deletes every row the bot keeps for one workspace from its database (DATABASE_URL, default
${DEFAULT_DATABASE_URL}): migrations, services, plans, approvals, audit log, queued messages, health
checks and the installation, in one transaction. <workspace-id> is the team id (T…), or the
enterprise id (E…) of an Enterprise Grid org-wide install.
  --${CONFIRM}   delete; without it, the command lists what would be deleted and exits 1

Uninstalling the app keeps the data; this cannot be undone (take a \`migrate-bot backup\` first).`;

export function runWorkspace(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseOrUsage(
    () =>
      parseArgs({
        args: [...argv],
        allowPositionals: true,
        strict: true,
        options: { [CONFIRM]: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      }),
    [CONFIRM],
  );
  if (values.help) {
    io.stdout.write(`${WORKSPACE_USAGE}\n`);
    return EXIT_OK;
  }
  const [action, workspaceId, ...extra] = positionals;
  if (action !== 'delete') throw usageError('workspace has one action: delete <workspace-id>.');
  if (workspaceId === undefined) throw usageError('workspace delete needs the workspace id (T… or E…).');
  if (extra.length > 0) throw usageError(`workspace delete takes one id; also given: ${extra.join(' ')}.`);

  const path = databasePath(io);
  if (path !== ':memory:' && !existsSync(path)) {
    throw failure(`no database at ${path}: point DATABASE_URL at the bot's database file.`);
  }
  const store = openStore(path);
  try {
    applySchema(store);
    const counts = workspaceRowCounts(store.db, workspaceId);
    if (counts.length === 0) throw failure(`the database holds nothing for workspace ${workspaceId}.`);
    const total = counts.reduce((sum, c) => sum + c.rows, 0);
    const lines = counts.map((c) => `  ${c.table}: ${c.rows}`);
    const installed = installationOf(store.db, workspaceId) !== undefined;
    if (!values[CONFIRM]) {
      writeLines(io.stdout, [
        `Would delete ${plural(total, 'row')} of workspace ${workspaceId}${installed ? ' (still installed)' : ''}:`,
        ...lines,
        `Nothing was deleted. Run again with --${CONFIRM} to delete them.`,
      ]);
      return EXIT_FAILED;
    }
    deleteWorkspaceData(store.db, workspaceId);
    writeLines(io.stdout, [`Deleted ${plural(total, 'row')} of workspace ${workspaceId}:`, ...lines]);
    return EXIT_OK;
  } finally {
    store.close();
  }
}
