// The SQLite settings the bot relies on, as src/store/db.ts writes them down.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';

describe('the database file', () => {
  it('opens in WAL mode with foreign keys on, a 5 s busy timeout and synchronous NORMAL', () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'migrate-bot-db-')), 'bot.db'));
    try {
      expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
      // 1 is NORMAL: see db.ts for what it means for a power cut.
      expect(store.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      store.close();
    }
  });
});
