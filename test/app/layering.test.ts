// The layering of docs/architecture.md, checked on the import lines: SQL only in src/store, a domain
// free of Slack, the store and the clock, views that import no commands or services, and no import
// cycle between the top-level folders. Imports are read with the TypeScript compiler (type-only
// imports and re-exports count: they tie the folders together as much as value imports do).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The folders whose dependencies must form no cycle; files directly in src/ belong to none.
 * src/slack/listeners counts apart from the rest of src/slack: it is the entry (Bolt calls it, it
 * calls the command registry), while commands return the Effects of src/slack/effect.ts, so as
 * one folder src/slack and commands would form a loop by design.
 */
const FOLDERS = [
  'commands',
  'src/services',
  'src/domain',
  'src/store',
  'src/slack/listeners',
  'src/slack',
  'src/schedule',
  'src/cli',
  'src/chart',
] as const;

type Rule = 'sql-outside-store' | 'domain-imports' | 'domain-clock' | 'view-imports' | 'folder-cycle';

interface Violation {
  readonly rule: Rule;
  /** Repository-relative, with forward slashes. */
  readonly file: string;
  /** The imported module (a repository path or a package name), or the clock call. */
  readonly what: string;
}

/**
 * Violations that other parts of issue 10 remove, each naming the file and what it imports: delete
 * an entry when its part lands. The test fails on an entry that no longer occurs, so the list only
 * shrinks.
 *
 * src/services and src/slack import each other: src/slack/command.ts (the Command contract) and
 * src/slack/port.ts (the SlackPort) need Deps from src/services/deps.ts, which is the direction the
 * target keeps, while these services still write Slack (Effect, mrkdwn escapes, mentions, Block Kit
 * builders). "Results are Slack-free data" moves that writing into src/slack and empties this list.
 */
const SLACK_IN_SERVICES: Readonly<Record<string, readonly string[]>> = {
  'src/services/approvals.ts': [
    'src/slack/effect.ts',
    'src/slack/escape.ts',
    'src/slack/format.ts',
    'src/slack/views/reject-modal.ts',
  ],
  'src/services/approvers.ts': ['src/slack/mentions.ts'],
  'src/services/confirmations.ts': ['src/slack/effect.ts', 'src/slack/views/confirm-message.ts'],
  'src/services/digest.ts': ['src/slack/effect.ts', 'src/slack/views/digest-message.ts'],
  'src/services/graph-edit.ts': ['src/slack/effect.ts', 'src/slack/escape.ts'],
  // The HomeMigration type the home view takes.
  'src/services/home-input.ts': ['src/slack/views/home-view.ts'],
  'src/services/lifecycle.ts': [
    'src/slack/effect.ts',
    'src/slack/escape.ts',
    'src/slack/views/approval-message.ts',
    'src/slack/views/paginate.ts',
  ],
  'src/services/owners.ts': ['src/slack/escape.ts'],
  'src/services/people.ts': ['src/slack/effect.ts', 'src/slack/escape.ts', 'src/slack/mentions.ts'],
  'src/services/runbooks.ts': ['src/slack/effect.ts', 'src/slack/escape.ts', 'src/slack/views/runbook-message.ts'],
  'src/services/scope.ts': ['src/slack/escape.ts'],
  'src/services/targets.ts': ['src/slack/escape.ts'],
};

const ALLOWED: readonly Violation[] = Object.entries(SLACK_IN_SERVICES).flatMap(([file, targets]) =>
  targets.map((what) => ({ rule: 'folder-cycle' as const, file, what })),
);

interface Import {
  readonly file: string;
  /** A repository path for a relative specifier, else the package name as written. */
  readonly target: string;
}

function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true })) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const FILES = [...sourceFiles('src'), ...sourceFiles('commands')].sort();
const TEXT = new Map(FILES.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

function importsOf(file: string): Import[] {
  const { importedFiles } = ts.preProcessFile(TEXT.get(file) ?? '', true, true);
  return importedFiles.map(({ fileName }) => ({
    file,
    target: fileName.startsWith('.')
      ? relative(ROOT, resolve(ROOT, dirname(file), fileName))
          .split('\\')
          .join('/')
      : fileName,
  }));
}

const IMPORTS = FILES.flatMap(importsOf);

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
const isPackage = (target: string, name: string) => target === name || target.startsWith(`${name}/`);

function sqlOutsideStore(): Violation[] {
  return IMPORTS.filter(
    (i) => !within(i.file, 'src/store') && (isPackage(i.target, 'drizzle-orm') || i.target === 'src/store/schema.ts'),
  ).map((i) => ({ rule: 'sql-outside-store', file: i.file, what: i.target }));
}

function domainImports(): Violation[] {
  const forbidden = (t: string) =>
    t.startsWith('@slack/') ||
    within(t, 'src/slack') ||
    within(t, 'src/store') ||
    isPackage(t, 'drizzle-orm') ||
    isPackage(t, 'better-sqlite3');
  return IMPORTS.filter((i) => within(i.file, 'src/domain') && forbidden(i.target)).map((i) => ({
    rule: 'domain-imports',
    file: i.file,
    what: i.target,
  }));
}

/** `new Date()` with no argument and `Date.now()`: the domain takes the time as an input. */
function domainClock(): Violation[] {
  const out: Violation[] = [];
  for (const file of FILES.filter((f) => within(f, 'src/domain'))) {
    const source = ts.createSourceFile(file, TEXT.get(file) ?? '', ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const isDate = (e: ts.Expression) => ts.isIdentifier(e) && e.text === 'Date';
      if (ts.isNewExpression(node) && isDate(node.expression) && (node.arguments?.length ?? 0) === 0) {
        out.push({ rule: 'domain-clock', file, what: 'new Date()' });
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        isDate(node.expression.expression) &&
        node.expression.name.text === 'now'
      ) {
        out.push({ rule: 'domain-clock', file, what: 'Date.now()' });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

function viewImports(): Violation[] {
  return IMPORTS.filter(
    (i) => within(i.file, 'src/slack/views') && (within(i.target, 'commands') || within(i.target, 'src/services')),
  ).map((i) => ({ rule: 'view-imports', file: i.file, what: i.target }));
}

const folderOf = (path: string) => FOLDERS.find((f) => within(path, f));

interface Crossing extends Import {
  readonly from: string;
  readonly to: string;
}

/** Whether folder `from` reaches folder `to` along these imports. */
function reaches(edges: readonly Crossing[], from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  for (let v = queue.shift(); v !== undefined; v = queue.shift()) {
    for (const e of edges) {
      if (e.from !== v || seen.has(e.to)) continue;
      if (e.to === to) return true;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return false;
}

/**
 * An import from one folder into another that the other reaches back, closing a loop. Allowed
 * imports are left out of the loops the others are judged by (so each allowed one can hide a
 * loop), and are themselves judged with every import counted (so a stale entry shows).
 */
function folderCycles(allowed: ReadonlySet<string>): Violation[] {
  const crossing: Crossing[] = IMPORTS.flatMap((i) => {
    const from = folderOf(i.file);
    const to = folderOf(i.target);
    return from && to && from !== to ? [{ ...i, from, to }] : [];
  });
  const isAllowed = (i: Crossing) => allowed.has(keyOf({ rule: 'folder-cycle', file: i.file, what: i.target }));
  const counted = crossing.filter((i) => !isAllowed(i));
  return crossing
    .filter((i) => reaches(isAllowed(i) ? crossing : counted, i.to, i.from))
    .map((i) => ({ rule: 'folder-cycle', file: i.file, what: i.target }));
}

const keyOf = (v: Violation) => `${v.rule}: ${v.file} -> ${v.what}`;

describe('layering', () => {
  const allowed = new Set(ALLOWED.map(keyOf));
  const found = [
    ...sqlOutsideStore(),
    ...domainImports(),
    ...domainClock(),
    ...viewImports(),
    ...folderCycles(allowed),
  ];

  it('finds the files it checks and the imports in them', () => {
    // Guards the scan itself: an empty file list or an unread import would let every rule pass.
    expect(FILES).toContain('src/store/db.ts');
    expect(FILES).toContain('commands/index.ts');
    expect(IMPORTS).toContainEqual({ file: 'src/store/db.ts', target: 'drizzle-orm/better-sqlite3' });
  });

  it('keeps SQL in src/store, the domain pure, views away from commands and services, and folders acyclic', () => {
    const unexpected = [...new Set(found.map(keyOf))].filter((k) => !allowed.has(k));
    expect(unexpected).toEqual([]);
  });

  it('allows only violations that still occur', () => {
    const current = new Set(found.map(keyOf));
    expect([...allowed].filter((k) => !current.has(k))).toEqual([]);
  });
});
