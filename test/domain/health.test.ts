import { describe, expect, it } from 'vitest';
import { formatValue, judge, type QueryAnswer } from '../../src/domain/health.ts';
import {
  approvalGate,
  type CheckStatus,
  currentStatuses,
  doneNeedsConfirmation,
  transitions,
  turnedRed,
  worstState,
} from '../../src/domain/health-gate.ts';

const one = (value: number): QueryAnswer => ({ ok: true, samples: [{ labels: {}, value }] });
const none: QueryAnswer = { ok: true, samples: [] };
const down: QueryAnswer = { ok: false, reason: 'unreachable', detail: 'connection refused' };

describe('judge', () => {
  it('an absolute threshold: error ratio below 1% is green at 0.5% and red at 2%', () => {
    expect(judge({ kind: 'below', value: 0.01 }, 'ratio', one(0.005), null)).toEqual({
      state: 'green',
      value: 0.005,
      reference: null,
      unknown: null,
      reason: '0.5% < 1%',
    });
    expect(judge({ kind: 'below', value: 0.01 }, 'ratio', one(0.02), null)).toMatchObject({
      state: 'red',
      reason: '2% ≥ 1%',
    });
    // On the bound itself "below" is not met.
    expect(judge({ kind: 'below', value: 0.01 }, 'ratio', one(0.01), null).state).toBe('red');
  });

  it('"above": request rate must be more than zero', () => {
    expect(judge({ kind: 'above', value: 0 }, 'per_second', one(12.5), null)).toMatchObject({
      state: 'green',
      reason: '12.5/s > 0/s',
    });
    expect(judge({ kind: 'above', value: 0 }, 'per_second', one(0), null)).toMatchObject({
      state: 'red',
      reason: '0/s ≤ 0/s',
    });
  });

  it('a relative threshold: p99 of new at most 10% above old', () => {
    const t = { kind: 'relative', maxIncrease: 0.1 } as const;
    expect(judge(t, 'seconds', one(0.21), one(0.2))).toMatchObject({
      state: 'green',
      value: 0.21,
      reference: 0.2,
      reason: '210 ms vs 200 ms on old (within +10%)',
    });
    expect(judge(t, 'seconds', one(0.25), one(0.2))).toMatchObject({
      state: 'red',
      reason: '250 ms vs 200 ms on old (more than +10%)',
    });
    // Faster than old is always fine.
    expect(judge(t, 'seconds', one(0.05), one(0.2)).state).toBe('green');
  });

  it('parity: the ratio of the two queries within the tolerance, either way', () => {
    const t = { kind: 'parity', tolerance: 0.05 } as const;
    expect(judge(t, 'per_second', one(98), one(100)).state).toBe('green');
    expect(judge(t, 'per_second', one(104), one(100)).state).toBe('green');
    expect(judge(t, 'per_second', one(90), one(100))).toMatchObject({
      state: 'red',
      reason: '90/s vs 100/s (outside ±5%)',
    });
    expect(judge(t, 'per_second', one(0), one(0)).state).toBe('green');
    expect(judge(t, 'per_second', one(1), one(0)).state).toBe('red');
  });

  it('unknown is amber with the reason: unreachable, no data, NaN, several series', () => {
    const t = { kind: 'below', value: 0.01 } as const;
    expect(judge(t, 'ratio', down, null)).toEqual({
      state: 'amber',
      value: null,
      reference: null,
      unknown: 'unreachable',
      reason: 'new platform: connection refused',
    });
    expect(judge(t, 'ratio', none, null)).toMatchObject({ state: 'amber', unknown: 'no_data' });
    expect(judge(t, 'ratio', one(Number.NaN), null)).toMatchObject({ state: 'amber', unknown: 'no_data' });
    const two: QueryAnswer = {
      ok: true,
      samples: [
        { labels: { pod: 'a' }, value: 0 },
        { labels: { pod: 'b' }, value: 0 },
      ],
    };
    expect(judge(t, 'ratio', two, null)).toMatchObject({ state: 'amber', unknown: 'ambiguous' });
  });

  it('a comparison with an unreadable old platform is amber, keeping the new value', () => {
    expect(judge({ kind: 'relative', maxIncrease: 0.1 }, 'seconds', one(0.2), none)).toMatchObject({
      state: 'amber',
      value: 0.2,
      unknown: 'no_data',
      reason: 'old platform: the query returned no data',
    });
    expect(judge({ kind: 'parity', tolerance: 0.1 }, 'number', one(1), null)).toMatchObject({
      state: 'amber',
      unknown: 'not_evaluated',
    });
  });
});

describe('formatValue', () => {
  it('shows ratios as percent, seconds as ms below one second, and infinities', () => {
    expect(formatValue(0.0123, 'ratio')).toBe('1.23%');
    expect(formatValue(0.2504, 'seconds')).toBe('250 ms');
    expect(formatValue(2.5, 'seconds')).toBe('2.5 s');
    expect(formatValue(1234.5, 'number')).toBe('1230');
    expect(formatValue(Number.POSITIVE_INFINITY, 'seconds')).toBe('∞');
  });
});

const T0 = new Date('2026-11-25T10:00:00Z');
const green = { state: 'green', value: 0, reference: null, unknown: null, reason: '0% < 1%' } as const;
const red = { state: 'red', value: 0.2, reference: null, unknown: null, reason: '20% ≥ 1%' } as const;
const status = (key: string, verdict: CheckStatus['verdict']): CheckStatus => ({
  key,
  name: key,
  dashboardUrl: null,
  verdict,
  evaluatedAt: T0,
});

describe('the gate', () => {
  it('is open when every check is green, and with no checks at all', () => {
    expect(approvalGate([status('a', green), status('b', green)])).toEqual({ open: true, checks: 2 });
    expect(approvalGate([])).toEqual({ open: true, checks: 0 });
    expect(doneNeedsConfirmation([status('a', green)])).toEqual({ ask: false, reasons: [] });
  });

  it('is closed while a check is red or unknown, red reasons first', () => {
    const amber = judge({ kind: 'below', value: 1 }, 'number', down, null);
    const gate = approvalGate([status('latency', amber), status('errors', red), status('rate', green)]);
    expect(gate).toEqual({
      open: false,
      checks: 3,
      blockers: [
        { key: 'errors', name: 'errors', state: 'red', reason: '20% ≥ 1%' },
        { key: 'latency', name: 'latency', state: 'amber', reason: 'new platform: connection refused' },
      ],
    });
    expect(doneNeedsConfirmation([status('latency', amber)])).toEqual({
      ask: true,
      reasons: ['latency: unknown — new platform: connection refused'],
    });
  });

  it('a check never evaluated, or last evaluated too long ago, is unknown', () => {
    const checks = [
      { key: 'a', name: 'a', dashboardUrl: null },
      { key: 'b', name: 'b', dashboardUrl: null },
    ];
    const latest = [{ key: 'a', name: 'a', dashboardUrl: null, verdict: green, evaluatedAt: T0 }];
    const fresh = currentStatuses(checks, latest, new Date(T0.getTime() + 60_000), 5 * 60_000);
    expect(fresh.map((s) => [s.key, s.verdict.state, s.verdict.unknown])).toEqual([
      ['a', 'green', null],
      ['b', 'amber', 'not_evaluated'],
    ]);
    const old = currentStatuses(checks, latest, new Date(T0.getTime() + 10 * 60_000), 5 * 60_000);
    expect(old[0]?.verdict).toMatchObject({ state: 'amber', unknown: 'stale', reason: 'last evaluated 10 min ago' });
    expect(approvalGate(old).open).toBe(false);
  });
});

describe('changes between evaluations', () => {
  it('worst state, transitions and the ones that turned red', () => {
    expect(worstState([])).toBeNull();
    expect(worstState([status('a', green), status('b', red)])).toBe('red');
    const before = [status('a', green), status('b', red)];
    const after = [status('a', red), status('b', red), status('c', green)];
    const changes = transitions(before, after);
    expect(changes).toEqual([
      { key: 'a', from: 'green', to: 'red' },
      { key: 'c', from: null, to: 'green' },
    ]);
    expect(turnedRed(changes)).toEqual([{ key: 'a', from: 'green', to: 'red' }]);
  });
});
