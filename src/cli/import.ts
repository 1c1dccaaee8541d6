// `migrate-bot import <file> --migration <name>`: merges a graph file into the bot's own database, as
// `/migrate import` does, with no Slack: the whole file is checked first, then one transaction merges,
// audits, marks the graph changed and re-plans when a plan exists. Owners: a `<@U…>` mention is a
// user; anything else (emails too, as no Slack call can look them up here) stays as team text.
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { importedChecksWords } from '../domain/import/health-counts.ts';
import type { ImportedService } from '../domain/import/index.ts';
import { type AppliedImport, applyImportInTx } from '../services/import.ts';
import { ownerWithoutLookup } from '../services/owners.ts';
import { applySchema, type Db, openStore } from '../store/db.ts';
import type { ResolvedOwner } from '../store/graph.ts';
import { nothingChanged } from '../store/graph-import.ts';
import {
  type MigrationRow,
  migrationById,
  migrationNamesInAnyWorkspace,
  migrationsNamedInAnyWorkspace,
} from '../store/migrations.ts';
import { FORMAT_CHOICES, loadGraphFile, type ParsedGraph } from './graph-file.ts';
import { type CliIo, choiceOf, EXIT_OK, failure, parseFileCommand, usageError, writeLines } from './io.ts';

export const DEFAULT_DATABASE_URL = './data/migrate-bot.db';
/** Who the store and the audit log name as having done it. */
export const CLI_ACTOR = 'cli';

export const IMPORT_USAGE = `Usage: migrate-bot import <file> --migration <name> [options]

Merges a dependency graph file into a migration in the bot's database (DATABASE_URL, default
${DEFAULT_DATABASE_URL}), re-planning it if it has a plan. The whole file is checked before anything
is written. No Slack calls: owner emails stay as text and the channel is not told.

Options:
  --migration <name>                         the migration, as created with /migrate new
  --workspace <id>                           its Slack workspace (team) id, when several share the name
  --format auto|native|backstage|traces|csv  the file's format; default auto
  -h, --help                                 this help`;

const zImportOptions = z.object({
  migration: z.string().trim().min(1, { error: 'names the migration, e.g. --migration shop-kafka' }).optional(),
  workspace: z.string().trim().min(1, { error: 'takes a workspace id such as T0123ABCD' }).optional(),
  format: choiceOf(FORMAT_CHOICES).default('auto'),
});

/** Only DATABASE_URL: the command line needs no Slack settings. */
const zCliEnv = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : DEFAULT_DATABASE_URL)),
});

/** The database file, resolved against the working folder; `:memory:` as is. */
export function databasePath(io: CliIo): string {
  const url = zCliEnv.parse(io.env).DATABASE_URL;
  if (url === ':memory:') return url;
  return url.startsWith('file:') ? fileURLToPath(url) : resolve(io.cwd, url);
}

export function runImport(argv: readonly string[], io: CliIo): number {
  const command = parseFileCommand(argv, io, {
    name: 'import',
    usage: IMPORT_USAGE,
    options: ['migration', 'workspace', 'format'],
    schema: zImportOptions,
  });
  if (!command) return EXIT_OK;
  const { file } = command;
  const { migration: name, workspace, format } = command.options;
  if (name === undefined) throw usageError('import needs --migration <name>.');

  // The file first: a bad one is refused before the database is even opened.
  const parsed = loadGraphFile(io, file, format, 'nothing was written');
  const path = databasePath(io);
  if (path !== ':memory:' && !existsSync(path)) {
    throw failure(
      `no database at ${path}. Import writes into a migration the bot already has: start the bot once (\`npm start\` creates the database), create the migration in Slack with \`/migrate new <name>\`, then run this again. If the bot runs elsewhere, point DATABASE_URL at its database file (default ${DEFAULT_DATABASE_URL}, relative to the current folder).`,
    );
  }
  const store = openStore(path);
  try {
    applySchema(store);
    const migration = findMigration(store.db, name, workspace);
    const now = io.now?.() ?? new Date();
    const result = applyFileImport(store.db, migration, parsed, basename(file), now);
    writeLines(io.stdout, reportLines(file, migration, parsed, result));
    return EXIT_OK;
  } finally {
    store.close();
  }
}

/** The one migration of that name (any case), in `workspaceId` if given, else across workspaces. */
function findMigration(db: Db, name: string, workspaceId: string | undefined): MigrationRow {
  const named = migrationsNamedInAnyWorkspace(db, name);
  const matches = workspaceId === undefined ? named : named.filter((m) => m.workspaceId === workspaceId);
  const where = workspaceId === undefined ? '' : ` in workspace ${workspaceId}`;
  if (matches.length === 0) {
    if (named.length > 0) {
      const elsewhere = named.map((m) => m.workspaceId).join(', ');
      throw failure(`no migration named "${name}"${where}; there is one in workspace ${elsewhere}.`);
    }
    const all = migrationNamesInAnyWorkspace(db);
    const known = all.length
      ? `Known: ${firstOf([...new Set(all)], 10)}.`
      : 'The database has no migrations yet: create one in Slack with `/migrate new <name>`.';
    throw failure(`no migration named "${name}". ${known}`);
  }
  if (matches.length > 1) {
    const ids = matches.map((m) => m.workspaceId).join(', ');
    throw usageError(
      `${matches.length} migrations are named "${name}", in workspaces ${ids}: add --workspace <id> to pick one.`,
    );
  }
  const migration = matches[0] as MigrationRow;
  refuseArchived(migration);
  return migration;
}

function refuseArchived(m: MigrationRow): void {
  if (m.status === 'active') return;
  const since = m.archivedAt ? ` on ${m.archivedAt.toISOString().slice(0, 10)}` : '';
  throw failure(`"${m.name}" was archived${since}: archived migrations stay readable but take no imports.`);
}

/** Owners without Slack: a mention is a user, anything else (an email included) is team text. */
export function ownersWithoutSlack(services: readonly ImportedService[]): {
  owners: Map<string, ResolvedOwner>;
  emailsAsText: number;
} {
  const owners = new Map<string, ResolvedOwner>();
  let emailsAsText = 0;
  for (const s of services) {
    if (s.owner === undefined || owners.has(s.owner)) continue;
    const direct = ownerWithoutLookup(s.owner);
    if (direct) {
      owners.set(s.owner, direct);
      continue;
    }
    emailsAsText += 1;
    const email = s.owner.trim().replace(/^<mailto:([^|>]+)(?:\|[^>]*)?>$/, '$1');
    owners.set(s.owner, { owner: email, ownerKind: 'team' });
  }
  return { owners, emailsAsText };
}

interface ImportResultView extends AppliedImport {
  readonly emailsAsText: number;
}

/** One transaction, taken at once (BEGIN IMMEDIATE) as it reads before it writes. */
function applyFileImport(
  db: Db,
  migration: MigrationRow,
  parsed: ParsedGraph,
  fileName: string,
  now: Date,
): ImportResultView {
  const { owners, emailsAsText } = ownersWithoutSlack(parsed.graph.services);
  return db.transaction(
    (tx): ImportResultView => {
      // The bot may have archived it since it was looked up.
      const current = migrationById(tx, migration.workspaceId, migration.id);
      if (!current) throw failure(`"${migration.name}" no longer exists; nothing was written.`);
      refuseArchived(current);
      const applied = applyImportInTx(tx, current, {
        actorId: CLI_ACTOR,
        format: parsed.format,
        fileName,
        graph: parsed.graph,
        owners,
        now,
        via: 'cli',
      });
      return { ...applied, emailsAsText };
    },
    { behavior: 'immediate' },
  );
}

function firstOf(items: readonly string[], n: number): string {
  const shown = items.slice(0, n).join(', ');
  return items.length > n ? `${shown}, …and ${items.length - n} more` : shown;
}

function reportLines(file: string, m: MigrationRow, parsed: ParsedGraph, v: ImportResultView): string[] {
  const { report } = v;
  const lines = [`Imported ${file} (${parsed.format}) into ${m.name} (workspace ${m.workspaceId}).`];
  if (nothingChanged(report)) {
    lines.push('  Nothing changed: the graph already matched the file.');
  } else {
    lines.push(
      `  services: ${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed`,
    );
    if (report.added.length) lines.push(`    added: ${firstOf(report.added, 20)}`);
    if (report.changed.length) {
      const changed = report.changed.map((c) => `${c.name} (${c.fields.join(', ')})`);
      lines.push(`    changed: ${firstOf(changed, 20)}`);
    }
    if (report.removed.length) lines.push(`    removed: ${firstOf(report.removed, 20)}`);
    lines.push(`  dependencies: ${report.dependenciesAdded} added, ${report.dependenciesRemoved} removed`);
  }
  if (report.keptStarted.length) {
    lines.push(
      `  kept, though the file leaves them out, as they have started: ${firstOf(report.keptStarted, 20)} (remove one in Slack with /migrate remove <service>)`,
    );
  }
  const health = importedChecksWords(v.health);
  if (health !== null) lines.push(`  health checks ${health}`);
  lines.push(`  the graph now: ${v.totals.services} services, ${v.totals.dependencies} dependencies`);
  if (v.plan.kind === 'none') lines.push('  plan: none yet; /migrate plan in Slack makes one.');
  else if (v.plan.kind === 'kept') lines.push(`  plan: v${v.plan.version} stands (nothing changed).`);
  else {
    const moved = v.plan.changes.length;
    lines.push(
      `  plan: re-planned as v${v.plan.version}; ${moved === 1 ? '1 service' : `${moved} services`} changed place.`,
    );
    for (const c of v.plan.changes.slice(0, 10)) lines.push(`    ${c.text}`);
    if (moved > 10) lines.push(`    …and ${moved - 10} more`);
  }
  const notes = [...parsed.notes];
  const named = parsed.migration?.name;
  if (named && named.toLowerCase() !== m.name.toLowerCase()) {
    notes.push(`the file names the migration "${named}"; it was imported into ${m.name}`);
  }
  if (v.emailsAsText > 0) {
    notes.push(
      `${v.emailsAsText === 1 ? '1 owner email is' : `${v.emailsAsText} owner emails are`} kept as text: the command line makes no Slack calls (import from Slack to link them to users)`,
    );
  }
  notes.push('the channel was not told: the command line posts nothing to Slack');
  lines.push('notes:', ...notes.map((n) => `  - ${n}`));
  return lines;
}
