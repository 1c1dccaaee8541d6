import { describe, expect, it } from 'vitest';
import { compareDeclaredAndTraced, type DriftEdge } from '../../src/domain/drift.ts';

const declared = (from: string, to: string, kind: DriftEdge['kind'] = 'sync'): DriftEdge => ({
  from,
  to,
  kind,
  origin: 'declared',
  callCount: null,
});
const traced = (from: string, to: string, callCount: number | null): DriftEdge => ({
  from,
  to,
  kind: 'sync',
  origin: 'traced',
  callCount,
});

describe('compareDeclaredAndTraced', () => {
  it('lists undeclared calls, most called first, and declared pairs tracing never saw', () => {
    const report = compareDeclaredAndTraced([
      declared('frontend', 'customer'),
      declared('frontend', 'driver'),
      declared('driver', 'redis', 'shared-cache'),
      traced('frontend', 'customer', 52),
      traced('frontend', 'route', 520),
      traced('customer', 'mysql', 52),
      traced('driver', 'redis-manual', 741),
    ]);
    expect(report.hasDeclared && report.hasTraced).toBe(true);
    expect(report.hidden).toEqual([
      { from: 'driver', to: 'redis-manual', kind: 'sync', callCount: 741 },
      { from: 'frontend', to: 'route', kind: 'sync', callCount: 520 },
      { from: 'customer', to: 'mysql', kind: 'sync', callCount: 52 },
    ]);
    // frontend and driver both appear in traces, the call between them never does.
    expect(report.unseen).toEqual([{ from: 'frontend', to: 'driver', kinds: ['sync'] }]);
    // redis never appears in traces: nothing can be said about driver -> redis.
    expect(report.untraced).toBe(1);
  });

  it('compares pairs whatever the kind, counts hand-added edges as declared, and sums counts', () => {
    const report = compareDeclaredAndTraced([
      declared('a', 'b', 'async'),
      { from: 'a', to: 'c', kind: 'sync', origin: 'manual', callCount: null },
      traced('a', 'b', 3),
      traced('a', 'c', null),
      traced('c', 'd', 2),
      { from: 'c', to: 'd', kind: 'async', origin: 'traced', callCount: 5 },
    ]);
    expect(report.hidden).toEqual([{ from: 'c', to: 'd', kind: 'sync', callCount: 7 }]);
    expect(report.unseen).toEqual([]);
    expect(report.untraced).toBe(0);
  });

  it('says which side is missing', () => {
    expect(compareDeclaredAndTraced([declared('a', 'b')])).toMatchObject({ hasDeclared: true, hasTraced: false });
    expect(compareDeclaredAndTraced([traced('a', 'b', 1)])).toMatchObject({
      hasDeclared: false,
      hasTraced: true,
      hidden: [{ from: 'a', to: 'b', callCount: 1 }],
    });
    expect(compareDeclaredAndTraced([])).toEqual({
      hasDeclared: false,
      hasTraced: false,
      hidden: [],
      unseen: [],
      untraced: 0,
      undescribed: { calls: 0, services: 0 },
    });
  });

  it('breaks count ties by name so the list is stable', () => {
    // a and b are declared consumers, so their undeclared calls are compared.
    const report = compareDeclaredAndTraced([
      declared('a', 'x'),
      declared('b', 'x'),
      traced('a', 'x', 1),
      traced('b', 'x', 1),
      traced('b', 'z', 1),
      traced('a', 'z', 1),
      traced('a', 'y', 1),
    ]);
    expect(report.hidden.map((h) => `${h.from}>${h.to}`)).toEqual(['a>y', 'a>z', 'b>z']);
  });

  it('compares only the calls of services some declaration describes', () => {
    // A catalog of orders and payments, then traces of a platform the catalog never mentions.
    const edges = [declared('orders', 'payments'), traced('orders', 'payments', 9), traced('orders', 'audit', 4)];
    for (let i = 0; i < 40; i++) edges.push(traced(`svc-${i}`, `svc-${i + 1}`, 100 + i));
    edges.push(traced('svc-7', 'orders', 3));
    const report = compareDeclaredAndTraced(edges);
    expect(report.hidden).toEqual([{ from: 'orders', to: 'audit', kind: 'sync', callCount: 4 }]);
    expect(report.undescribed).toEqual({ calls: 41, services: 40 });
  });
});
