import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replanInTx } from '../../src/services/planning.ts';
import { CALLBACK, IMPORT } from '../../src/slack/ids.ts';
import { migrationByName } from '../../src/store/migrations.ts';
import {
  auditLogTable,
  dependenciesTable,
  importsTable,
  migrationsTable,
  servicesTable,
} from '../../src/store/schema.ts';
import type { ApiCall } from '../support/fake-slack.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { CHANNEL, TEAM, USER } from '../support/slack-requests.ts';

const BOB = 'U0BOB';
const NOW = new Date('2026-11-25T10:00:00Z');

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');

/** Slack caps the paste box at 3,000 characters: the Backstage fixture without its non-service documents and prose. */
function trimmedBackstage(): string {
  const docs = fixture('backstage-catalog.yaml')
    .split(/^---$/m)
    .filter((d) => !/kind: (Group|System|User|Domain)\b/.test(d));
  return docs
    .join('---')
    .split('\n')
    .filter(
      (l) => !/^\s*(#|description:|lifecycle:|github\.com|system:|tags:|definition:|openapi:|info:|paths:)/.test(l),
    )
    .join('\n');
}

function values(input: { paste?: string; file?: Record<string, string>; format?: string }) {
  return {
    [IMPORT.pasteBlock]: { [IMPORT.pasteAction]: { type: 'plain_text_input', value: input.paste ?? null } },
    [IMPORT.fileBlock]: { [IMPORT.fileAction]: { type: 'file_input', files: input.file ? [input.file] : [] } },
    [IMPORT.formatBlock]: {
      [IMPORT.formatAction]: {
        type: 'static_select',
        selected_option: { value: input.format ?? 'auto', text: { type: 'plain_text', text: 'x' } },
      },
    },
  };
}

const textOf = (c: ApiCall) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks ?? [])}`;

describe('/migrate import', () => {
  let h: Harness;
  let metadata: string;
  beforeEach(async () => {
    h = await startHarness({ now: () => NOW });
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage');
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  const count = (table: typeof servicesTable | typeof dependenciesTable | typeof importsTable) =>
    h.bot.store.db.select().from(table).all().length;
  const service = (name: string) =>
    h.bot.store.db.select().from(servicesTable).where(eq(servicesTable.name, name)).get();
  const migration = () => migrationByName(h.bot.store.db, TEAM, 'Move');

  async function openModal(): Promise<Record<string, unknown>> {
    const before = h.fake.callsTo('views.open').length;
    await h.slash('import');
    const call = await h.fake.waitForCall('views.open', () => true, before);
    const view = call.args.view as Record<string, unknown>;
    metadata = String(view.private_metadata);
    return view;
  }

  async function submit(input: Parameters<typeof values>[0], userId = USER) {
    const res = await h.submitView({
      callbackId: CALLBACK.importGraph,
      privateMetadata: metadata,
      values: values(input),
      userId,
    });
    return { status: res.status, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : null };
  }

  /** The n-th (0-based) import report posted to the channel. */
  const report = (skip = 0) =>
    h.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === CHANNEL && !c.args.thread_ts && String(c.args.text).includes(': import of'),
      skip,
    );

  it('opens a modal with a paste box, a file upload and a format choice', async () => {
    const view = await openModal();
    expect(view.callback_id).toBe(CALLBACK.importGraph);
    expect(JSON.parse(metadata)).toEqual({ migrationId: migration()?.id, channelId: CHANNEL });
    const blocks = view.blocks as { block_id?: string; element?: Record<string, unknown> }[];
    const byId = new Map(blocks.map((b) => [b.block_id, b.element]));
    expect(byId.get(IMPORT.pasteBlock)).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(byId.get(IMPORT.fileBlock)).toMatchObject({
      type: 'file_input',
      max_files: 1,
      filetypes: ['yaml', 'yml', 'json', 'csv'],
    });
    const select = byId.get(IMPORT.formatBlock) as { options: { value: string }[]; initial_option: { value: string } };
    expect(select.options.map((o) => o.value)).toEqual(['auto', 'native', 'backstage', 'traces', 'csv']);
    expect(select.initial_option.value).toBe('auto');
  });

  const pasted = [
    ['native-graph.yaml', 'auto', 'Native YAML/JSON', 'orders'],
    ['native-graph.json', 'native', 'Native YAML/JSON', 'checkout'],
    ['jaeger-dependencies.json', 'auto', 'Jaeger/Zipkin dependency links', 'redis-manual'],
    ['zipkin-dependencies.json', 'traces', 'Jaeger/Zipkin dependency links', 'postgres'],
    ['edges.csv', 'auto', 'CSV edge list', 'fraud-check'],
  ] as const;

  it.each(pasted)('imports a pasted %s (format %s) and reports it in the channel', async (file, format, label, one) => {
    await openModal();
    const res = await submit({ paste: fixture(file), format });
    expect(res).toEqual({ status: 200, body: null });
    const post = textOf(await report());
    expect(post).toContain(label);
    expect(post).toContain('*Added*');
    expect(post).toContain(`\`${one}\``);
    expect(service(one)).toBeDefined();
    const audit = h.bot.store.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'graph.import')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ added: count(servicesTable) });
    expect(migration()?.graphChangedAt).toEqual(NOW);
  });

  it('imports a pasted Backstage catalog, resolving owners by email', async () => {
    h.fake.emails.set('vendor-risk@example.com', 'U0VENDOR');
    await openModal();
    await submit({ paste: trimmedBackstage(), format: 'auto' });
    const post = textOf(await report());
    expect(post).toContain('Backstage catalog');
    expect(service('checkout')).toMatchObject({
      tier: 1,
      effortDays: 7.5,
      owner: 'user:default/jane',
      ownerKind: 'team',
    });
    expect(service('orders-db')?.stateful).toBe(true);

    await openModal();
    await submit({ paste: fixture('native-graph.json') });
    await report(1);
    expect(service('fraud-check')).toMatchObject({ owner: 'U0VENDOR', ownerKind: 'user' });
    expect(service('payments')).toMatchObject({ owner: 'team-payments', ownerKind: 'team' });
  });

  it('answers a bad paste on the paste box with located errors and writes nothing', async () => {
    await openModal();
    const before = [count(servicesTable), count(dependenciesTable), count(importsTable)];
    const res = await submit({ paste: fixture('bad-native-types.yaml') });
    const errors = (res.body as { response_action: string; errors: Record<string, string> }).errors;
    expect(res.body?.response_action).toBe('errors');
    expect(errors[IMPORT.pasteBlock]).toMatch(/Nothing was imported: \d+ problems/);
    expect(errors[IMPORT.pasteBlock]).toContain('services[0].tier, line 3');
    expect(errors[IMPORT.pasteBlock]?.length).toBeLessThanOrEqual(2000);
    expect([count(servicesTable), count(dependenciesTable), count(importsTable)]).toEqual(before);
  });

  it('asks for one input: not both, not neither', async () => {
    await openModal();
    const neither = await submit({});
    expect(neither.body).toMatchObject({
      response_action: 'errors',
      errors: { [IMPORT.pasteBlock]: expect.any(String) },
    });
    const both = await submit({
      paste: 'from,to\na,b',
      file: { id: 'F1', name: 'g.csv', filetype: 'csv', url_private_download: h.fake.hostFile('F1', 'from,to\na,b') },
    });
    expect(JSON.stringify(both.body)).toContain('Use one or the other');
    expect(count(servicesTable)).toBe(0);
  });

  it('imports an uploaded file after the modal closes and answers by DM', async () => {
    await openModal();
    const url = h.fake.hostFile('F0CATALOG', fixture('backstage-catalog.yaml'));
    const res = await submit({
      file: { id: 'F0CATALOG', name: 'catalog-info.yaml', filetype: 'yaml', url_private_download: url },
    });
    expect(res).toEqual({ status: 200, body: null });
    const dm = await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === USER);
    expect(textOf(dm)).toContain('Imported *catalog-info.yaml* (Backstage catalog) into *Move*: 11 added');
    const post = textOf(await report());
    expect(post).toContain('Importer notes: ignored entities that are not services');
    expect(count(servicesTable)).toBe(11);
  });

  it('lists the located errors of a bad upload by DM and writes nothing', async () => {
    await openModal();
    const url = h.fake.hostFile('F0BAD', fixture('bad-csv-rows.csv'));
    await submit({ file: { id: 'F0BAD', name: 'edges.csv', filetype: 'csv', url_private_download: url } });
    const dm = textOf(await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === USER));
    expect(dm).toContain('*edges.csv* was not imported as CSV edge list');
    expect(dm).toContain('Nothing was written');
    expect(dm).toMatch(/line 3/);
    expect([count(servicesTable), count(dependenciesTable), count(importsTable)]).toEqual([0, 0, 0]);
  });

  it('re-imports: reports what was added, changed and removed, keeps a started service, re-plans', async () => {
    const first = [
      'services:',
      '  - name: api',
      '    tier: 2',
      '    depends_on: [orders, legacy, old-worker]',
      '  - name: orders',
      '  - name: legacy',
      '  - name: old-worker',
    ].join('\n');
    await openModal();
    await submit({ paste: first });
    await report();
    const m = migration();
    if (!m) throw new Error('no migration');
    h.bot.store.db.transaction((tx) => replanInTx(tx, m, USER, NOW));
    h.bot.store.db.update(servicesTable).set({ state: 'shadow' }).where(eq(servicesTable.name, 'legacy')).run();

    const second = [
      'services:',
      '  - name: api',
      '    tier: 1',
      '    depends_on: [orders, search]',
      '  - name: orders',
      '  - name: search',
    ].join('\n');
    await openModal();
    await submit({ paste: second });
    const post = textOf(await report(1));
    expect(post).toContain('*Added* (1): `search`');
    expect(post).toContain('*Changed* (1): `api` (tier)');
    expect(post).toContain('*Removed* (1): `old-worker`');
    expect(post).toContain('*Kept* (1)');
    expect(post).toContain('`legacy`');
    expect(post).toContain('`/migrate remove <service>` drops one after a confirmation');
    expect(post).toContain('2 removed');
    expect(post).toContain('*Plan*: re-planned as version 2');
    expect(service('legacy')?.state).toBe('shadow');
    expect(service('old-worker')).toBeUndefined();
  });

  it('refuses a non-lead, at the command and at submission', async () => {
    expect(await h.ask('import', { user_id: BOB })).toContain('Only the leads of *Move* may import a graph');
    await openModal();
    const res = await submit({ paste: 'from,to\na,b' }, BOB);
    expect(JSON.stringify(res.body)).toContain('Only the leads of Move may import a graph: @U0ALICE');
    expect(count(servicesTable)).toBe(0);
  });

  it('refuses an archived migration', async () => {
    await openModal();
    h.bot.store.db.update(migrationsTable).set({ status: 'archived' }).run();
    const res = await submit({ paste: 'from,to\na,b' });
    expect(JSON.stringify(res.body)).toContain('archived');
  });

  it('stays within Block Kit limits at 600 services, with the full lists in the thread', async () => {
    const rows = ['from,to'];
    for (let i = 0; i < 600; i++) rows.push(`consumer-service-number-${i},core-${i % 3}`);
    await openModal();
    const url = h.fake.hostFile('F0BIG', rows.join('\n'));
    await submit({ file: { id: 'F0BIG', name: 'big.csv', filetype: 'csv', url_private_download: url } });
    const post = await report();
    expect(textOf(post)).toMatch(/…and \d+ more/);
    expect(textOf(post)).toContain('The full lists are in the thread');
    const replies = await h.fake.waitForCall('chat.postMessage', (c) => c.args.thread_ts !== undefined);
    expect(textOf(replies)).toContain('consumer-service-number-0');
    expect(count(servicesTable)).toBe(603);

    const service = await h.ask('service core-1');
    expect(service).toContain('*Depended on by* (200)');
    expect(service).toMatch(/…and \d+ more/);
    expect(service).toContain('200 services depend on it');
  });
});
