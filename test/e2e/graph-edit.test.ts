import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replanInTx } from '../../src/services/planning.ts';
import { ACTION, CALLBACK, IMPORT } from '../../src/slack/ids.ts';
import { appendAudit } from '../../src/store/audit.ts';
import { edgesOf } from '../../src/store/graph.ts';
import { type MigrationRow, migrationByName } from '../../src/store/migrations.ts';
import { currentPlan } from '../../src/store/plans.ts';
import { auditLogTable, migrationsTable, servicesTable } from '../../src/store/schema.ts';
import type { ApiCall } from '../support/fake-slack.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { CHANNEL, TEAM, USER } from '../support/slack-requests.ts';

const BOB = 'U0BOB';
const NOW = new Date('2026-11-25T10:00:00Z');

const example = (name: string): string => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');
const textOf = (c: ApiCall) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks ?? [])}`;

function pendingIdFrom(answer: string): string {
  const m = /"action_id":"confirm_pending".*?"value":"([0-9a-f]+)"/.exec(answer);
  if (!m?.[1]) throw new Error(`no confirm button in ${answer}`);
  return m[1];
}

describe('editing the graph by hand', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => NOW });
    await h.slash('new Move');
    await h.fake.waitForCall('chat.postMessage');
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  const db = () => h.bot.store.db;
  const migration = () => migrationByName(db(), TEAM, 'Move') as MigrationRow;
  const service = (name: string) => db().select().from(servicesTable).where(eq(servicesTable.name, name)).get();
  const setState = (name: string, state: 'done' | 'shadow' | 'monitoring') =>
    db().update(servicesTable).set({ state }).where(eq(servicesTable.name, name)).run();
  const edges = () => edgesOf(db(), migration()).map((e) => `${e.from}>${e.to}:${e.kind}:${e.origin}`);
  const audit = (action: string) => db().select().from(auditLogTable).where(eq(auditLogTable.action, action)).all();
  const plan = () => {
    db().transaction((tx) => replanInTx(tx, migration(), USER, NOW));
  };

  /** Imports through the modal: pasted text, or an uploaded file when `fileName` is given. */
  async function importGraph(text: string, fileName?: string): Promise<void> {
    const opened = h.fake.callsTo('views.open').length;
    const posted = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL).length;
    await h.slash('import');
    const view = (await h.fake.waitForCall('views.open', () => true, opened)).args.view as { private_metadata: string };
    const file = fileName
      ? [{ id: fileName, name: fileName, filetype: 'yaml', url_private_download: h.fake.hostFile(fileName, text) }]
      : [];
    await h.submitView({
      callbackId: CALLBACK.importGraph,
      privateMetadata: view.private_metadata,
      values: {
        [IMPORT.pasteBlock]: { [IMPORT.pasteAction]: { value: fileName ? null : text } },
        [IMPORT.fileBlock]: { [IMPORT.fileAction]: { files: file } },
        [IMPORT.formatBlock]: { [IMPORT.formatAction]: { selected_option: { value: 'auto' } } },
      },
    });
    await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL, posted);
  }

  /** The next message the bot posts to the channel after `run`. */
  async function channelPost(run: () => Promise<unknown>): Promise<string> {
    const before = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL).length;
    await run();
    return textOf(await h.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL, before));
  }

  const SMALL = [
    'services:',
    '  - name: web',
    '    depends_on: [orders, billing]',
    '  - name: orders',
    '  - name: billing',
    '    owner: team-billing',
    '    tier: 1',
    '    depends_on: [{service: ledger, kind: shared-db}]',
    '  - name: ledger',
    '    stateful: true',
  ].join('\n');

  describe('depend', () => {
    it('warns plainly when the new dependency joins two services that cut over together in one batch', async () => {
      await importGraph(SMALL);
      db().update(migrationsTable).set({ strategy: 'parallel' }).run();
      plan();
      const entries = currentPlan(db(), migration())?.entries ?? [];
      const batchOf = (name: string) => entries.find((e) => e.service === name)?.batch;
      expect(batchOf('orders')).toBe(batchOf('billing'));
      setState('orders', 'done');
      setState('billing', 'done');

      const post = await channelPost(() => h.slash('depend orders on billing async'));
      expect(post).toContain('recorded that *orders* depends on *billing* (async)');
      expect(post).toContain(
        `Warning: *orders* and *billing* were cut over together in batch ${batchOf('orders')}, but *orders* depends on *billing*.`,
      );
      expect(post).toContain('*Plan*: re-planned as version 2');
      expect(edges()).toContain('orders>billing:async:manual');
      expect(audit('dependency.add')).toMatchObject([
        { serviceName: 'orders', toValue: 'billing', actor: USER, detail: { kind: 'async' } },
      ]);
      expect(migration().graphChangedAt).toEqual(NOW);
      expect(currentPlan(db(), migration())?.plan.version).toBe(2);
    });

    it('warns when a provider cut over before its new consumer under leaf-first, from the audit log', async () => {
      await importGraph(SMALL);
      plan();
      setState('ledger', 'done');
      setState('orders', 'monitoring');
      const at = (iso: string) => new Date(iso);
      for (const [name, when] of [
        ['ledger', '2026-11-01T10:00:00Z'],
        ['orders', '2026-11-10T10:00:00Z'],
      ] as const) {
        appendAudit(db(), {
          workspaceId: TEAM,
          migrationId: migration().id,
          serviceId: service(name)?.id,
          serviceName: name,
          actor: USER,
          action: 'service.transition',
          fromValue: 'awaiting_approval',
          toValue: 'cutover',
          createdAt: at(when),
        });
      }
      const post = await channelPost(() => h.slash('depend orders on ledger shared-db'));
      expect(post).toContain(
        'Warning: ledger moved before orders, which depends on it: leaf-first moves consumers first.',
      );
    });

    it('says nothing alarming when nothing moved, and notes a cycle it closes', async () => {
      await importGraph(SMALL);
      const post = await channelPost(() => h.slash('depend ledger on web'));
      expect(post).not.toContain('Warning');
      expect(post).toContain('this closes a cycle');
      expect(post).toContain('No plan yet');
    });

    it('refuses unknown services with the closest names, a self dependency, a bad kind and a non-lead', async () => {
      await importGraph(SMALL);
      expect(await h.ask('depend ordrs on billing')).toContain(
        'There is no service `ordrs` in *Move*. Did you mean `orders`?',
      );
      expect(await h.ask('depend orders on orders')).toContain('cannot depend on itself');
      expect(await h.ask('depend orders on billing rpc')).toContain('does not know the kind `rpc`');
      expect(await h.ask('depend orders billing')).toContain('takes `&lt;a&gt; on &lt;b&gt; [kind]`');
      expect(await h.ask('depend orders on billing', { user_id: BOB })).toContain(
        'Only the leads of *Move* may change its dependency graph',
      );
      expect(await h.ask('depend web on orders')).toContain('already depends on *orders* (sync, known from native)');
      expect(audit('dependency.add')).toEqual([]);
    });
  });

  describe('undepend', () => {
    it('removes every edge of the pair, whatever its origin, audits and re-plans', async () => {
      await importGraph(SMALL);
      await importGraph(JSON.stringify([{ parent: 'web', child: 'orders', callCount: 9 }]));
      await channelPost(() => h.slash('depend web on orders endpoint'));
      plan();
      expect(edges().filter((e) => e.startsWith('web>orders'))).toHaveLength(3);

      const post = await channelPost(() => h.slash('undepend web on orders'));
      expect(post).toContain('removed the dependency of *web* on *orders*');
      expect(post).toContain('importing a file or traces that list it again brings it back');
      expect(post).toContain('*Plan*: re-planned as version 2');
      expect(edges().filter((e) => e.startsWith('web>orders'))).toEqual([]);
      expect(audit('dependency.remove')).toMatchObject([{ serviceName: 'web', fromValue: 'orders' }]);
      expect(await h.ask('undepend web on orders')).toContain(
        '*web* does not depend on *orders* directly; nothing changed.',
      );
      expect(await h.ask('undepend ledger on billing')).toContain('`/migrate undepend billing on ledger`');
    });
  });

  describe('remove', () => {
    it('removes a planned service at once, with its dependencies, and re-plans', async () => {
      await importGraph(SMALL);
      plan();
      const post = await channelPost(() => h.slash('remove orders'));
      expect(post).toContain('removed *orders* from *Move*, with its 1 dependency');
      expect(post).toContain('*Plan*: re-planned as version 2');
      expect(service('orders')).toBeUndefined();
      expect(edges().some((e) => e.includes('orders'))).toBe(false);
      expect(audit('service.remove')).toMatchObject([{ serviceName: 'orders', fromValue: 'planned' }]);
    });

    it('asks first for a service under way, then removes it once', async () => {
      await importGraph(SMALL);
      setState('billing', 'shadow');
      const question = await h.ask('remove billing');
      expect(question).toContain('Remove *billing* from *Move*? It is already under way (*shadow*)');
      expect(service('billing')).toBeDefined();
      const id = pendingIdFrom(question);
      const post = await channelPost(() => h.clickAnswer({ actionId: ACTION.confirm, value: id }));
      expect(post).toContain('removed *billing* from *Move* while it was *shadow*, with its 2 dependencies');
      expect(service('billing')).toBeUndefined();
      expect(await h.clickAnswer({ actionId: ACTION.confirm, value: id })).toContain('already confirmed');
      expect(audit('service.remove')).toHaveLength(1);
    });
  });

  describe('drift', () => {
    it('explains what to import when the graph has only one kind of dependency', async () => {
      await importGraph(SMALL);
      const answer = await h.ask('drift');
      expect(answer).toContain('no traced dependencies');
      expect(answer).not.toContain(ACTION.addHiddenDependencies);
    });

    it('lists hidden and unseen dependencies and adds the hidden ones once, for a lead', async () => {
      await importGraph(example('shop-graph.yaml'), 'shop-graph.yaml');
      await importGraph(example('traces.json'), 'traces.json');
      const answer = await h.ask('drift');
      expect(answer).toContain('Seen in traces, declared by nobody');
      expect(answer).toContain('Declared, never seen in traces');
      const button = /"text":"Add (\d+) hidden dependenc(?:y|ies)"},"value":"(\d+)"/.exec(answer);
      expect(button).not.toBeNull();
      const [, count, value] = button as RegExpExecArray;
      const manual = () => edges().filter((e) => e.endsWith(':manual'));

      expect(
        await h.clickAnswer({ actionId: ACTION.addHiddenDependencies, value: value as string, userId: BOB }),
      ).toContain('Only the leads of *Move* may add dependencies to it');
      expect(manual()).toEqual([]);

      const post = await channelPost(() => h.click({ actionId: ACTION.addHiddenDependencies, value: value as string }));
      expect(post).toContain(`added ${count} hidden dependenc`);
      expect(manual()).toHaveLength(Number(count));
      const added = edgesOf(db(), migration()).filter((e) => e.origin === 'manual');
      expect(added.every((e) => e.hidden)).toBe(true);
      expect(audit('dependency.add')).toHaveLength(Number(count));

      expect(await h.clickAnswer({ actionId: ACTION.addHiddenDependencies, value: value as string })).toContain(
        'Nothing new to add',
      );
      expect(manual()).toHaveLength(Number(count));
      expect(await h.ask('drift')).toContain('Every call seen in traces is declared');
    });
  });

  describe('service', () => {
    it('shows facts and their sources, dependencies both ways, blast radius and place in the plan', async () => {
      await importGraph(SMALL);
      await importGraph(JSON.stringify([{ parent: 'billing', child: 'ledger', callCount: 1204 }]));
      plan();
      const answer = await h.ask('service billing', { user_id: BOB });
      expect(answer).toContain('"text":"billing"');
      expect(answer).toContain('*Owner*\\nteam-billing');
      expect(answer).toContain('*Tier*\\n1 (critical)');
      expect(answer).toContain('created by a Native YAML/JSON import; owner and tier from the same import.');
      expect(answer).toContain('`ledger`: shared-db, sync · declared (Native YAML/JSON), traced (1,204 calls)');
      expect(answer).toContain('*Depended on by* (1):\\n• `web`: sync · declared (Native YAML/JSON)');
      expect(answer).toContain('*Blast radius*: 1 service depends on it');
      expect(answer).toMatch(/\*Plan\* \(version 1\): position \d+ of 4, step \d+, sequential track/);
      expect(await h.ask('service bililng')).toContain('Did you mean `billing`?');
    });
  });
});
