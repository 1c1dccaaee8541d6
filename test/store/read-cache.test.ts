// A cached answer is reused only while nothing but the replay guard has written: any write by this
// connection, in a transaction or not, and any commit by another connection to the file (the CLI, a
// second bot) makes the next read work the answer out again from what is stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { casServiceState, serviceById } from '../../src/store/lifecycle.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';
import { cachedRead } from '../../src/store/read-cache.ts';
import { forgetRequestsBefore, rememberRequest } from '../../src/store/request-keys.ts';
import { minutesAfter, must, seedMigration, seedServices, T0 } from '../support/store.ts';

let dir: string;
let bot: Store;
let cli: Store;
let m: MigrationRow;
let serviceId: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-bot-read-cache-'));
  const path = join(dir, 'bot.db');
  bot = openStore(path);
  applySchema(bot);
  cli = openStore(path);
  m = seedMigration(bot.db);
  serviceId = must(seedServices(bot.db, m, [{ name: 'orders' }]).get('orders'), 'orders').id;
});
afterEach(() => {
  bot.close();
  cli.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the cached read returns for the one service's state, and how often it was worked out. */
function reader(store: Store) {
  let computed = 0;
  const read = () =>
    cachedRead(store.db, 'state', 'orders', () => {
      computed += 1;
      return serviceById(store.db, m.workspaceId, serviceId)?.state;
    });
  return { read, computed: () => computed };
}

describe('cachedRead', () => {
  it('reuses the answer while only the replay guard writes, including its pruning', () => {
    const { read, computed } = reader(bot);
    expect(read()).toBe('planned');
    expect(rememberRequest(bot.db, 'trigger:1', T0)).toBe(true);
    expect(rememberRequest(bot.db, 'trigger:1', T0)).toBe(false);
    expect(forgetRequestsBefore(bot.db, minutesAfter(T0, 1))).toBe(1);
    expect(read()).toBe('planned');
    expect(computed()).toBe(1);
  });

  it('works the answer out again after a write on the same connection', () => {
    const { read, computed } = reader(bot);
    read();
    expect(casServiceState(bot.db, serviceId, 'planned', 'shadow', T0)).toBe(true);
    expect(read()).toBe('shadow');
    expect(computed()).toBe(2);
  });

  it('works the answer out again after a write inside a transaction, even one rolled back', () => {
    const { read, computed } = reader(bot);
    read();
    expect(() =>
      bot.db.transaction((tx) => {
        casServiceState(tx, serviceId, 'planned', 'shadow', T0);
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    expect(read()).toBe('planned');
    expect(computed()).toBe(2);
  });

  it('works the answer out again after another connection commits, and sees its write', () => {
    const { read, computed } = reader(bot);
    read();
    expect(casServiceState(cli.db, serviceId, 'planned', 'shadow', T0)).toBe(true);
    expect(read()).toBe('shadow');
    expect(computed()).toBe(2);
    // The other connection's replay guard is a commit like any other: safe, if not reused.
    rememberRequest(cli.db, 'trigger:2', T0);
    read();
    expect(computed()).toBe(3);
  });

  it('keeps answers apart by key, frozen, and caches nothing inside a transaction', () => {
    const a = cachedRead(bot.db, 'test', 'a', () => ({ key: 'a' }));
    expect(cachedRead(bot.db, 'test', 'b', () => ({ key: 'b' }))).toEqual({ key: 'b' });
    expect(cachedRead(bot.db, 'test', 'a', () => ({ key: 'again' }))).toBe(a);
    // Shared by every later reader, so nobody may change it.
    expect(() => Object.assign(a, { key: 'changed' })).toThrow(TypeError);
    expect(cachedRead(bot.db, 'other', 'a', () => ({ key: 'another answer' }))).toEqual({ key: 'another answer' });
    bot.db.transaction((tx) => {
      expect(cachedRead(tx, 'test', 'a', () => ({ key: 'in a transaction' }))).toEqual({ key: 'in a transaction' });
    });
  });
});
