import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { replanInTx } from '../../src/services/planning.ts';
import { auditFor } from '../../src/store/audit.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { edgesOf, servicesOf } from '../../src/store/graph.ts';
import { archiveMigration, insertMigration, type MigrationRow, migrationById } from '../../src/store/migrations.ts';
import { currentPlan } from '../../src/store/plans.ts';
import { importsTable } from '../../src/store/schema.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = 'examples/shop-graph.yaml';
const NOW = new Date('2026-11-25T10:00:00Z');

describe('migrate-bot import', () => {
  let dir: string;
  let dbPath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'migrate-bot-cli-'));
    dbPath = join(dir, 'bot.db');
    withStore((store) => addMigration(store, 'T0ACME', 'C0SHOP', 'shop-kafka'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function withStore<T>(fn: (store: Store) => T): T {
    const store = openStore(dbPath);
    try {
      applySchema(store);
      return fn(store);
    } finally {
      store.close();
    }
  }

  function addMigration(store: Store, workspaceId: string, channelId: string, name: string): MigrationRow {
    return insertMigration(store.db, {
      workspaceId,
      channelId,
      channelPrivate: false,
      name,
      fromPlatform: 'RabbitMQ',
      toPlatform: 'Kafka',
      strategy: 'hybrid',
      createdBy: 'U0ALICE',
      digestTz: 'UTC',
      createdAt: NOW,
    });
  }

  const migration = (store: Store) => migrationById(store.db, 'T0ACME', 1) as MigrationRow;

  async function run(argv: string[], env: Record<string, string> = { DATABASE_URL: dbPath }) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      env,
      cwd: ROOT,
      now: () => NOW,
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('merges the example into the migration in one go, audited as the cli, and reports it', async () => {
    const r = await run(['import', EXAMPLE, '--migration', 'Shop-Kafka']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Imported examples/shop-graph.yaml (native) into shop-kafka (workspace T0ACME).');
    expect(r.stdout).toContain('services: 31 added, 0 changed, 0 removed');
    expect(r.stdout).toContain('dependencies: 49 added, 0 removed');
    expect(r.stdout).toContain('plan: none yet');
    expect(r.stdout).toContain('1 owner email is kept as text');
    withStore((store) => {
      const m = migration(store);
      const services = servicesOf(store.db, m);
      expect(services).toHaveLength(31);
      expect(services.find((s) => s.name === 'stripe-gateway')).toMatchObject({
        owner: 'partners@shop.example',
        ownerKind: 'team',
      });
      expect(edgesOf(store.db, m).length).toBe(49);
      expect(m.graphChangedAt?.toISOString()).toBe(NOW.toISOString());
      const audit = auditFor(store.db, 'T0ACME', m.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: 'cli', action: 'graph.import', toValue: 'native' });
      expect(store.db.select().from(importsTable).all()).toMatchObject([
        { userId: 'cli', fileName: 'shop-graph.yaml' },
      ]);
    });

    const again = await run(['import', EXAMPLE, '--migration', 'shop-kafka']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing changed');
  });

  it('re-plans in the same transaction when the migration has a plan', async () => {
    await run(['import', EXAMPLE, '--migration', 'shop-kafka']);
    withStore((store) => store.db.transaction((tx) => replanInTx(tx, migration(store), 'U0ALICE', NOW)));
    const csv = join(dir, 'extra.csv');
    writeFileSync(csv, 'from,to,kind\nadmin-portal,search,sync\nnew-service,catalog,async\n');
    const r = await run(['import', csv, '--migration', 'shop-kafka', '--format', 'csv']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('services: 1 added');
    expect(r.stdout).toContain('added: new-service');
    expect(r.stdout).toContain('dependencies: 2 added');
    expect(r.stdout).toMatch(/plan: re-planned as v2/);
    withStore((store) => {
      const stored = currentPlan(store.db, migration(store));
      expect(stored?.plan.version).toBe(2);
      expect(stored?.entries).toHaveLength(32);
    });
  });

  it('reads a mention as a Slack user and keeps other owners as text', async () => {
    const file = join(dir, 'owners.yaml');
    writeFileSync(
      file,
      ['services:', '  - name: api', '    owner: "<@U0BOB>"', '  - name: db', '    owner: team-data', ''].join('\n'),
    );
    expect((await run(['import', file, '--migration', 'shop-kafka'])).code).toBe(0);
    withStore((store) => {
      const byName = new Map(servicesOf(store.db, migration(store)).map((s) => [s.name, s]));
      expect(byName.get('api')).toMatchObject({ owner: 'U0BOB', ownerKind: 'user' });
      expect(byName.get('db')).toMatchObject({ owner: 'team-data', ownerKind: 'team' });
    });
  });

  it('writes nothing when the file has errors, and lists them with their lines', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      ['services:', '  - name: api', '    tier: high', '    depends_on: [not a name]', ''].join('\n'),
    );
    const r = await run(['import', file, '--migration', 'shop-kafka']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('2 problems reading it as native; nothing was written.');
    expect(r.stderr).toContain('services[0].tier, line 3:');
    expect(r.stderr).toContain('line 4:');
    withStore((store) => {
      const m = migration(store);
      expect(servicesOf(store.db, m)).toHaveLength(0);
      expect(store.db.select().from(importsTable).all()).toHaveLength(0);
      expect(auditFor(store.db, 'T0ACME', m.id)).toHaveLength(0);
      expect(m.graphChangedAt).toBeNull();
    });
  });

  it('names an unknown migration and the known ones', async () => {
    const r = await run(['import', EXAMPLE, '--migration', 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('migrate-bot import: no migration named "nope". Known: shop-kafka.\n');
  });

  it('asks for --workspace when two workspaces have a migration of that name', async () => {
    withStore((store) => addMigration(store, 'T0OTHER', 'C0ELSE', 'shop-kafka'));
    const r = await run(['import', EXAMPLE, '--migration', 'shop-kafka']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 migrations are named "shop-kafka", in workspaces T0ACME, T0OTHER');
    expect(r.stderr).toContain('--workspace <id>');
    const picked = await run(['import', EXAMPLE, '--migration', 'shop-kafka', '--workspace', 'T0OTHER']);
    expect(picked.code).toBe(0);
    expect(picked.stdout).toContain('(workspace T0OTHER)');
    withStore((store) => expect(servicesOf(store.db, migration(store))).toHaveLength(0));
  });

  it('refuses an archived migration', async () => {
    withStore((store) => archiveMigration(store.db, migration(store), NOW));
    const r = await run(['import', EXAMPLE, '--migration', 'shop-kafka']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"shop-kafka" was archived on 2026-11-25: archived migrations stay readable');
  });

  it('does not create a database that is not there, and needs --migration', async () => {
    const missing = join(dir, 'elsewhere', 'none.db');
    const r = await run(['import', EXAMPLE, '--migration', 'shop-kafka'], { DATABASE_URL: missing });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no database at ${missing}`);
    // A newcomer hears the order that works.
    expect(r.stderr).toContain('start the bot once (`npm start` creates the database)');
    expect(r.stderr).toContain('create the migration in Slack with `/migrate new <name>`, then run this again');
    const noName = await run(['import', EXAMPLE]);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('import needs --migration <name>.');
  });
});
