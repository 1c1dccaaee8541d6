// The import report's health line: what the file's `health:` entries set, overrode, removed and
// dropped, in words, and no line when the file touched no check.
import { describe, expect, it } from 'vitest';
import { type ImportedChecks, importedChecksWords } from '../../../src/domain/import/health-counts.ts';
import { importReport } from '../../../src/slack/views/import-report.ts';
import { expectMessagesWithinLimits, FIVE, json } from '../../support/views.ts';

const NONE: ImportedChecks = { set: 0, overrode: 0, removed: 0, dropped: 0, services: 0 };

const report = (health: ImportedChecks) =>
  importReport({
    migrationName: 'Shop to Kafka',
    by: 'U0LEAD',
    format: 'native',
    fileName: 'shop-graph.yaml',
    report: {
      importId: 3,
      added: [],
      changed: [],
      removed: [],
      keptStarted: [],
      dependenciesAdded: 0,
      dependenciesRemoved: 0,
    },
    notes: [],
    totals: { services: FIVE.length, dependencies: 6 },
    plan: { kind: 'kept', version: 2 },
    health,
  }).message;

describe('the import report’s health line', () => {
  it('counts each kind of entry in words, and the checks a re-import dropped', async () => {
    const message = report({ set: 1, overrode: 2, removed: 1, dropped: 3, services: 2 });
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-import-report.json');
    expect(JSON.stringify(message.blocks)).toContain(
      '*Health checks* of 2 services: 1 new check set, 2 template checks overridden, 1 template check removed and 3 checks of the last import dropped (no longer in the file).',
    );
  });

  it('names only what happened, with thousands written out', () => {
    expect(importedChecksWords({ ...NONE, overrode: 1, services: 1 })).toBe(
      'of 1 service: 1 template check overridden',
    );
    expect(importedChecksWords({ ...NONE, set: 12_000, removed: 2, services: 1_500 })).toBe(
      'of 1,500 services: 12,000 new checks set and 2 template checks removed',
    );
  });

  it('has no health line when the file touched no check', () => {
    expect(importedChecksWords(NONE)).toBeNull();
    expect(JSON.stringify(report(NONE).blocks)).not.toContain('Health checks');
  });
});
