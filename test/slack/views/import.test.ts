// The import modal, the import report with its thread, and the messages for a refused file.
import { describe, expect, it } from 'vitest';
import type { ImportError } from '../../../src/domain/import/index.ts';
import { importModal } from '../../../src/slack/views/import-modal.ts';
import {
  type ImportReportView,
  importDoneMessage,
  importErrorsMessage,
  importReport,
  pasteErrorText,
} from '../../../src/slack/views/import-report.ts';
import { expectMessagesWithinLimits, FIVE, json, many, problemsOfView } from '../../support/views.ts';

const reportView = (extra: Partial<ImportReportView> = {}): ImportReportView => ({
  migrationName: 'Shop to Kafka',
  by: 'U0LEAD',
  format: 'native',
  fileName: 'shop-graph.yaml',
  report: {
    importId: 3,
    added: ['notifications', 'shipping'],
    changed: [
      { name: 'orders', fields: ['tier', 'effortDays', 'ownerKind', 'owner'] },
      { name: 'inventory', fields: [] },
    ],
    removed: ['legacy-cart'],
    keptStarted: ['payments'],
    dependenciesAdded: 4,
    dependenciesRemoved: 1,
  },
  notes: ['line 14: `owner` partnerships@example.com is not a Slack user; kept as text'],
  totals: { services: FIVE.length, dependencies: 6 },
  health: { set: 0, overrode: 0, removed: 0, dropped: 0, services: 0 },
  plan: {
    kind: 'replanned',
    version: 3,
    changes: [
      {
        service: 'shipping',
        kind: 'added',
        from: null,
        to: { position: 4, phase: 2, step: null, batch: 2, track: 'parallel' },
        text: 'shipping: added in batch 2',
      },
    ],
  },
  ...extra,
});

describe('importModal', () => {
  it('offers paste, file and format', async () => {
    const view = importModal({ migrationId: 4, channelId: 'C0MOVE' }, 'Shop <to> Kafka');
    expect(problemsOfView(view)).toEqual([]);
    await expect(json(view)).toMatchFileSnapshot('./__snapshots__/import-modal.json');
  });
});

describe('importReport', () => {
  it('a re-import of five services', async () => {
    const { message, thread } = importReport(reportView());
    expectMessagesWithinLimits([message, ...thread]);
    expect(thread).toEqual([]);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/import-report.five.json');
  });

  it('a first import that changed nothing of the plan, and one with nothing new', async () => {
    const first = importReport(
      reportView({
        fileName: null,
        format: 'csv',
        report: {
          importId: 1,
          added: [...FIVE],
          changed: [],
          removed: [],
          keptStarted: [],
          dependenciesAdded: 6,
          dependenciesRemoved: 0,
        },
        notes: [],
        plan: { kind: 'none' },
      }),
    );
    const same = importReport(
      reportView({
        report: {
          importId: 2,
          added: [],
          changed: [],
          removed: [],
          keptStarted: [],
          dependenciesAdded: 0,
          dependenciesRemoved: 0,
        },
        notes: [],
        plan: { kind: 'kept', version: 2 },
      }),
    );
    expectMessagesWithinLimits([first.message, same.message]);
    await expect(json({ first: first.message, same: same.message })).toMatchFileSnapshot(
      './__snapshots__/import-report.first-and-same.json',
    );
  });

  it('an import of 2,000 services: lists cut, the full ones in the thread', async () => {
    const names = many(2000);
    const { message, thread } = importReport(
      reportView({
        fileName: 'catalog-info.yaml',
        format: 'backstage',
        report: {
          importId: 9,
          added: names.slice(0, 1500),
          changed: names.slice(1500, 1900).map((name) => ({ name, fields: ['tier'] })),
          removed: names.slice(1900, 1960),
          keptStarted: names.slice(1960),
          dependenciesAdded: 4200,
          dependenciesRemoved: 12,
        },
        totals: { services: 2000, dependencies: 5100 },
        plan: {
          kind: 'replanned',
          version: 7,
          changes: names.slice(0, 40).map((service, i) => ({
            service,
            kind: 'moved' as const,
            from: { position: i + 1, phase: 1, step: null, batch: 1, track: 'parallel' as const },
            to: { position: i + 1, phase: 2, step: null, batch: 2, track: 'parallel' as const },
            text: `${service}: batch 1 -> batch 2`,
          })),
        },
      }),
    );
    expectMessagesWithinLimits([message, ...thread]);
    expect(thread.length).toBeGreaterThan(1);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/import-report.large.json');
    await expect(json(thread.map((m) => ({ text: m.text, blocks: m.blocks?.length })))).toMatchFileSnapshot(
      './__snapshots__/import-report.large-thread-outline.json',
    );
  });
});

describe('importReport summary at any size', () => {
  it('long lists of long names keep every part: Added, Changed, Removed and Dependencies, each cut whole', () => {
    const long = (i: number) => `team-payments-settlement-reconciliation-worker-${String(i).padStart(4, '0')}`;
    const names = Array.from({ length: 1200 }, (_, i) => long(i));
    const { message } = importReport(
      reportView({
        report: {
          importId: 9,
          added: names.slice(0, 500),
          changed: names.slice(500, 1000).map((name) => ({ name, fields: ['tier', 'owner'] })),
          removed: names.slice(1000, 1200),
          keptStarted: [],
          dependenciesAdded: 4271,
          dependenciesRemoved: 1038,
        },
        totals: { services: 1238, dependencies: 4271 },
      }),
    );
    expectMessagesWithinLimits(message);
    const summary = JSON.stringify(message.blocks?.[1]);
    expect(summary).toContain('*Added* (500): ');
    expect(summary).toContain('*Changed* (500): ');
    expect(summary).toContain('*Removed* (200): ');
    expect(summary).toContain('*Dependencies*: 4,271 added, 1,038 removed.');
    expect(summary).toMatch(/`, …and \d+ more\\n\*Changed\*/);
    expect(JSON.stringify(message.blocks?.[0])).toContain('It now has 1,238 services and 4,271 dependencies.');
  });

  it('a pasted CSV graph is named without brackets inside brackets', () => {
    const { message } = importReport(reportView({ fileName: null, format: 'csv' }));
    expect(JSON.stringify(message)).toContain('imported a pasted graph (CSV edge list) into');
  });
});

describe('importDoneMessage', () => {
  it('answers the uploader', async () => {
    const message = importDoneMessage(reportView(), 'C0MOVE');
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/import-done.json');
  });
});

describe('refused files', () => {
  const errors: ImportError[] = [
    { where: 'services[3].tier, line 14', line: 14, message: 'must be a whole number from 1 to 4, not "high"' },
    { where: 'services[5]', line: 20, message: 'name `orders` appears twice (first at services[0])' },
    { where: '', message: 'the file is not valid YAML: unexpected end of the stream' },
  ];

  it('three problems', async () => {
    const message = importErrorsMessage({ fileName: 'shop-graph.yaml', format: 'native', errors, errorCount: 3 });
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/import-errors.three.json');
    await expect(`${pasteErrorText(errors, 3)}\n`).toMatchFileSnapshot('./__snapshots__/paste-error.three.txt');
  });

  it('two hundred problems, fifty listed', async () => {
    const listed = Array.from({ length: 50 }, (_, i) => ({
      where: `line ${i + 2}`,
      line: i + 2,
      message: `column \`kind\` must be one of sync, async, shared-db, shared-cache, endpoint, not "rpc-${i}"`,
    }));
    const message = importErrorsMessage({ fileName: 'edges.csv', format: undefined, errors: listed, errorCount: 200 });
    expectMessagesWithinLimits(message);
    const paste = pasteErrorText(listed, 200);
    expect(paste.length).toBeLessThanOrEqual(2000);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/import-errors.large.json');
    await expect(`${paste}\n`).toMatchFileSnapshot('./__snapshots__/paste-error.large.txt');
  });
});
