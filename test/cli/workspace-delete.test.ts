import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { replanInTx } from '../../src/services/planning.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { installationOf, saveInstallation } from '../../src/store/installations.ts';
import { insertMigration, migrationById } from '../../src/store/migrations.ts';
import { WORKSPACE_TABLES, workspaceRowCounts } from '../../src/store/workspace-data.ts';
import { exampleGraph, seedGraph } from '../support/seed.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = new Date('2026-11-25T10:00:00Z');

describe('migrate-bot workspace delete', () => {
  let dir: string;
  let dbPath: string;

  function withStore<T>(fn: (store: Store) => T): T {
    const store = openStore(dbPath);
    try {
      applySchema(store);
      return fn(store);
    } finally {
      store.close();
    }
  }

  function addWorkspace(store: Store, workspaceId: string): void {
    const m = insertMigration(store.db, {
      workspaceId,
      channelId: 'C0SHOP',
      channelPrivate: false,
      name: 'shop',
      fromPlatform: null,
      toPlatform: null,
      strategy: 'sequential',
      createdBy: 'U0ALICE',
      digestTz: 'UTC',
      createdAt: NOW,
    });
    seedGraph(store, m, exampleGraph());
    store.db.transaction((tx) => replanInTx(tx, m, 'U0ALICE', NOW));
    saveInstallation(store.db, {
      workspaceId,
      teamId: workspaceId,
      enterpriseId: null,
      isEnterpriseInstall: false,
      sealedBotToken: 'v1:sealed',
      botUserId: 'UBOT',
      botId: 'BBOT',
      scopes: 'commands',
      installerUserId: 'U0ALICE',
      installedAt: NOW,
    });
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'migrate-bot-ws-'));
    dbPath = join(dir, 'bot.db');
    withStore((store) => {
      addWorkspace(store, 'T0GONE');
      addWorkspace(store, 'T0STAYS');
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env: { DATABASE_URL: dbPath },
      cwd: ROOT,
      now: () => NOW,
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('without the confirmation flag lists what would go, deletes nothing and exits 1', async () => {
    const before = withStore((store) => workspaceRowCounts(store.db, 'T0GONE'));
    const r = await run(['workspace', 'delete', 'T0GONE']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('of workspace T0GONE (still installed):');
    expect(r.stdout).toContain('  services: 31');
    expect(r.stdout).toContain('  plans: 1');
    expect(r.stdout).toContain('  installations: 1');
    expect(r.stdout).toContain('Nothing was deleted. Run again with --yes-delete-all-data');
    expect(withStore((store) => workspaceRowCounts(store.db, 'T0GONE'))).toEqual(before);
  });

  it('with it deletes every row of that workspace and none of the other', async () => {
    const other = withStore((store) => workspaceRowCounts(store.db, 'T0STAYS'));
    const r = await run(['workspace', 'delete', 'T0GONE', '--yes-delete-all-data']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Deleted \d+ rows of workspace T0GONE:/);
    withStore((store) => {
      expect(workspaceRowCounts(store.db, 'T0GONE')).toEqual([]);
      expect(installationOf(store.db, 'T0GONE')).toBeUndefined();
      expect(migrationById(store.db, 'T0GONE', 1)).toBeNull();
      expect(workspaceRowCounts(store.db, 'T0STAYS')).toEqual(other);
      // Rows without a workspace_id of their own went with their parents.
      const entries = store.sqlite
        .prepare('select count(*) as n from plan_entries where plan_id not in (select id from plans)')
        .get() as { n: number };
      expect(entries.n).toBe(0);
      expect(store.sqlite.prepare('select count(*) as n from plan_entries').get()).toEqual({ n: 31 });
    });
  });

  it('refuses an id the database holds nothing for, and a missing id', async () => {
    const unknown = await run(['workspace', 'delete', 'T0NOPE', '--yes-delete-all-data']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nothing for workspace T0NOPE');
    const missing = await run(['workspace', 'delete']);
    expect(missing.code).toBe(2);
  });

  it('knows every table that has a workspace_id', () => {
    const tables = withStore((store) =>
      (store.sqlite.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[])
        .map((t) => t.name)
        .filter((name) =>
          (store.sqlite.prepare(`select name from pragma_table_info(?)`).all(name) as { name: string }[]).some(
            (c) => c.name === 'workspace_id',
          ),
        ),
    );
    expect(WORKSPACE_TABLES.map((t) => t.name).sort()).toEqual(tables.sort());
  });
});
