// Test set-up through the store: a graph merged as an import would, without going through Slack.
import { readFileSync } from 'node:fs';
import { parseGraphFile } from '../../src/domain/import/index.ts';
import type { Store } from '../../src/store/db.ts';
import { mergeImport } from '../../src/store/graph-import.ts';
import type { MigrationRow } from '../../src/store/migrations.ts';

export function exampleGraph(): string {
  return readFileSync(new URL('../../examples/shop-graph.yaml', import.meta.url), 'utf8');
}

/** A native-format graph of `n` services in layers, about 2.5 dependencies each, no cycles. */
export function layeredGraphYaml(n: number): string {
  const lines = ['services:'];
  for (let i = 0; i < n; i++) {
    const deps = [i + 1, i + 7, i + 31].filter((j) => j < n && (j - i) % 2 === 1).map((j) => `svc-${j}`);
    lines.push(`  - name: svc-${i}`, `    owner: team-${i % 9}`, `    tier: ${1 + (i % 4)}`);
    if (deps.length) lines.push(`    depends_on: [${deps.join(', ')}]`);
  }
  return lines.join('\n');
}

export function seedGraph(store: Store, migration: MigrationRow, text: string, userId = 'U0ALICE'): void {
  const parsed = parseGraphFile(text, 'auto');
  if (!parsed.ok) throw new Error(`bad seed graph: ${JSON.stringify(parsed.errors)}`);
  store.db.transaction((tx) => {
    mergeImport(tx, {
      migration,
      userId,
      format: parsed.format,
      fileName: null,
      graph: parsed.graph,
      owners: new Map(),
      now: new Date('2026-11-20T09:00:00Z'),
    });
  });
}
