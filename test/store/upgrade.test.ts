// The upgrade ring: a database written by the real bot under an older schema opens at start-up
// (openStore + applySchema) with every row kept. A later schema change adds its tables to TABLES
// and, when it reshapes a table, a check of its own to CHECKS.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';

type Row = Record<string, unknown>;

interface Fixture {
  readonly file: string;
  /** Row counts the fixture's README states; read from the file too, so both must agree. */
  readonly counts: Readonly<Record<string, number>>;
  readonly serviceStates: Readonly<Record<string, number>>;
  readonly approvalStatuses: Readonly<Record<string, number>>;
}

/** Every table of the schema the fixtures were made under (0000_initial). */
const TABLES = [
  'migrations',
  'assessments',
  'migration_people',
  'services',
  'imports',
  'dependencies',
  'plans',
  'plan_entries',
  'runbook_steps',
  'approval_requests',
  'approvals',
  'audit_log',
  'pending_actions',
  'digest_runs',
] as const;
type Table = (typeof TABLES)[number];

/** Tables later schema files add: present and empty after the upgrade, each ready for its first row. */
const ADDED_TABLES: Readonly<Record<string, string>> = {
  outbox: "insert into outbox (workspace_id, lane, kind, payload) values ('T1', 'C1', 'post', '{}')",
  health_sources:
    "insert into health_sources (workspace_id, migration_id, url, created_by) values ('T0001', 1, 'http://prom:9090', 'U1')",
  health_templates:
    "insert into health_templates (workspace_id, migration_id, key, name, query, threshold, unit, position, created_by) values ('T0001', 1, 'k', 'n', 'up', '{}', 'ratio', 0, 'U1')",
  health_checks:
    "insert into health_checks (workspace_id, service_id, key, origin, created_by) values ('T0001', 1, 'k', 'command', 'U1')",
  health_results:
    "insert into health_results (workspace_id, service_id, check_key, check_name, state, reason, evaluated_at) values ('T0001', 1, 'k', 'n', 'green', 'ok', 0)",
  health_runs: "insert into health_runs (service_id, workspace_id, claimed_at) values (1, 'T0001', 0)",
  request_keys: "insert into request_keys (key, seen_at) values ('trigger:1', 0)",
  installations:
    "insert into installations (workspace_id, team_id, is_enterprise_install, sealed_bot_token, bot_user_id, scopes, installer_user_id, installed_at) values ('T0001', 'T0001', 0, 'v1:x', 'UBOT', 'commands', 'U1', 0)",
};

const FIXTURES: readonly Fixture[] = [
  {
    file: 'before-architecture.db',
    counts: {
      migrations: 1,
      assessments: 1,
      migration_people: 2,
      services: 31,
      imports: 1,
      dependencies: 49,
      plans: 1,
      plan_entries: 31,
      runbook_steps: 98,
      approval_requests: 1,
      approvals: 1,
      audit_log: 33,
      pending_actions: 1,
      digest_runs: 2,
    },
    serviceStates: { done: 4, planned: 24, rolled_back: 3 },
    approvalStatuses: { approved: 1 },
  },
];

/** Per-table checks beyond "every old column of every old row reads back the same". */
const CHECKS: Partial<Record<Table, (before: Row[], after: Row[]) => void>> = {
  services: (before, after) => {
    const states = (rows: Row[]) => rows.map((r) => [r.id, r.name, r.state]);
    expect(states(after)).toEqual(states(before));
  },
  approval_requests: (before, after) => {
    const decided = (rows: Row[]) => rows.map((r) => [r.id, r.status, r.decided_by]);
    expect(decided(after)).toEqual(decided(before));
  },
  audit_log: (before, after) => {
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
  },
};

const journal = JSON.parse(readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8')) as {
  entries: { tag: string }[];
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const columnsOf = (db: Database.Database, table: string): string[] =>
  (db.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
const tablesOf = (db: Database.Database): string[] =>
  (
    db
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
const rowsOf = (db: Database.Database, table: string, columns: readonly string[]): Row[] =>
  db.prepare(`select ${columns.map(quote).join(', ')} from ${quote(table)} order by rowid`).all() as Row[];
const countOf = (db: Database.Database, table: string): number =>
  (db.prepare(`select count(*) as n from ${quote(table)}`).get() as { n: number }).n;
const tally = (rows: Row[], column: string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of rows) out[String(r[column])] = (out[String(r[column])] ?? 0) + 1;
  return out;
};

describe.each(FIXTURES)('upgrading $file', (fixture) => {
  let dir: string;
  let store: Store;
  const columns = new Map<string, string[]>();
  const before = new Map<string, Row[]>();
  let tablesBefore: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'migrate-bot-upgrade-'));
    const path = join(dir, fixture.file);
    copyFileSync(new URL(`../fixtures/upgrade/${fixture.file}`, import.meta.url), path);
    const old = new Database(path, { readonly: true });
    try {
      tablesBefore = tablesOf(old);
      for (const table of tablesBefore) {
        const cols = columnsOf(old, table);
        columns.set(table, cols);
        before.set(table, rowsOf(old, table, cols));
      }
    } finally {
      old.close();
    }
    // What start-up does.
    store = openStore(path);
    applySchema(store);
  });

  afterAll(() => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the tables and rows its README describes', () => {
    expect(tablesBefore).toEqual([...TABLES].sort());
    for (const table of TABLES) expect([table, before.get(table)?.length]).toEqual([table, fixture.counts[table]]);
    expect(tally(before.get('services') ?? [], 'state')).toEqual(fixture.serviceStates);
    expect(tally(before.get('approval_requests') ?? [], 'status')).toEqual(fixture.approvalStatuses);
  });

  it('applies every schema file', () => {
    const applied = store.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    for (const table of TABLES) expect(tablesOf(store.sqlite)).toContain(table);
  });

  it.each(TABLES)('keeps every row of %s, old columns unchanged', (table) => {
    const cols = columns.get(table) ?? [];
    expect(cols.length).toBeGreaterThan(0);
    const after = rowsOf(store.sqlite, table, cols);
    const old = before.get(table) ?? [];
    expect(after.length).toBe(fixture.counts[table]);
    expect(after).toEqual(old);
    CHECKS[table]?.(old, after);
  });

  it.each(Object.entries(ADDED_TABLES))('adds %s, empty and writable', (table, insert) => {
    expect(tablesOf(store.sqlite)).toContain(table);
    expect(countOf(store.sqlite, table)).toBe(0);
    store.sqlite.transaction(() => {
      store.sqlite.prepare(insert).run();
      expect(countOf(store.sqlite, table)).toBe(1);
      store.sqlite.prepare(`delete from ${quote(table)}`).run();
    })();
  });

  it('passes integrity and foreign-key checks', () => {
    expect(store.sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
  });

  it('applies the schema again as a no-op, as the next start-up does', () => {
    applySchema(store);
    const applied = store.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    expect(rowsOf(store.sqlite, 'services', ['id'])).toHaveLength(fixture.counts.services ?? -1);
  });
});
