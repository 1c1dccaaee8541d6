import { describe, expect, it } from 'vitest';
import { compareDeclaredAndTraced, type DriftEdge } from '../../../src/domain/drift.ts';
import { driftMessage } from '../../../src/slack/views/drift-message.ts';
import { expectMessagesWithinLimits, json, many } from '../../support/views.ts';

const declared = (from: string, to: string, kind: DriftEdge['kind'] = 'sync'): DriftEdge => ({
  from,
  to,
  kind,
  origin: 'declared',
  callCount: null,
});
const traced = (from: string, to: string, callCount: number): DriftEdge => ({
  from,
  to,
  kind: 'sync',
  origin: 'traced',
  callCount,
});

const view = (edges: DriftEdge[], canAdd = true) => ({
  migrationId: 4,
  migrationName: 'Shop to Kafka',
  report: compareDeclaredAndTraced(edges),
  canAdd,
});

describe('driftMessage', () => {
  it('five services: hidden calls, an unseen dependency and an untraced one', async () => {
    const message = driftMessage(
      view([
        declared('orders', 'inventory'),
        traced('orders', 'inventory', 12_400),
        declared('orders', 'payments'),
        traced('shipping', 'orders', 3_100),
        traced('notifications', 'shipping', 1),
        declared('inventory', 'payments', 'shared-db'),
        declared('payments', 'fraud-check'),
        declared('shipping', 'warehouse'),
      ]),
    );
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/drift-message.five.json');
  });

  it('nothing traced yet, and everything declared', async () => {
    const untraced = driftMessage(view([declared('orders', 'inventory')]));
    const clean = driftMessage(view([declared('orders', 'inventory'), traced('orders', 'inventory', 40)], false));
    expectMessagesWithinLimits([untraced, clean]);
    await expect(json({ untraced, clean })).toMatchFileSnapshot('./__snapshots__/drift-message.edge-cases.json');
  });

  it('three hundred hidden calls are cut to fit', async () => {
    const names = many(301);
    const edges = [declared('svc-001', 'svc-002'), declared('svc-300', 'svc-301'), traced('svc-002', 'svc-001', 5)];
    // Each consumer is described by a declaration, so each of its traced calls is compared.
    for (let i = 0; i < 300; i++) edges.push(declared(names[i] ?? '', 'config'));
    for (let i = 0; i < 300; i++) edges.push(traced(names[i] ?? '', names[i + 1] ?? '', 1000 - i));
    const message = driftMessage(view(edges));
    expectMessagesWithinLimits(message);
    expect(JSON.stringify(message)).toContain('more');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/drift-message.large.json');
  });

  it('a catalog, then traces of services it never mentions: their calls are not flagged', () => {
    const edges = [declared('orders', 'payments'), traced('orders', 'payments', 9)];
    for (let i = 0; i < 1200; i++) edges.push(traced(`svc-${i}`, `svc-${i + 1}`, 4));
    const message = driftMessage(view(edges));
    expectMessagesWithinLimits(message);
    const text = JSON.stringify(message);
    expect(text).not.toContain('declared by nobody');
    expect(text).not.toContain('add_hidden_dependencies');
    expect(text).toContain(
      '*Nothing declared about 1,200 services* that tracing saw, so drift did not compare their 1,200 traced calls',
    );
  });
});
