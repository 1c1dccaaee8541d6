import { describe, expect, it } from 'vitest';
import type { ServiceState } from '../../src/domain/model.ts';
import {
  checkStart as checkStartFacts,
  decommissionWarning,
  nextInPlan,
  type PlanEntry,
} from '../../src/domain/wip.ts';
import { decommissionText } from '../../src/slack/views/lifecycle-text.ts';
import { objectionText, reminderText } from '../../src/slack/views/wip-text.ts';

/** The check with its facts in the words a person reads (the view's), so expectations read as sentences. */
function checkStart(...args: Parameters<typeof checkStartFacts>) {
  const result = checkStartFacts(...args);
  const reminders = result.reminders.map(reminderText);
  return result.ok
    ? { ok: true as const, reminders }
    : { ok: false as const, needsConfirmation: result.needsConfirmation.map(objectionText), reminders };
}

function seq(...services: string[]): PlanEntry[] {
  return services.map((service, i) => ({ service, position: i + 1, batch: null, track: 'sequential' }));
}

/** Batches given as arrays: [['a','b'],['c']] is batch 1 = a, b and batch 2 = c. */
function par(batches: string[][], firstPosition = 1): PlanEntry[] {
  let position = firstPosition;
  return batches.flatMap((members, i) =>
    members.map((service) => ({ service, position: position++, batch: i + 1, track: 'parallel' as const })),
  );
}

describe('checkStart: sequential', () => {
  it('returns facts: codes and names, no sentences', () => {
    const plan = seq('a', 'b', 'c');
    expect(checkStartFacts('sequential', plan, { a: 'shadow' }, ['c'])).toEqual({
      ok: false,
      needsConfirmation: [
        { code: 'in_flight', rule: { track: 'sequential', hybrid: false }, service: 'a', state: 'shadow', group: null },
        { code: 'out_of_order', service: 'c', earlier: ['b'] },
      ],
      reminders: [],
    });
  });

  const plan = seq('a', 'b', 'c');

  it('allows the first service in order with nothing in flight', () => {
    expect(checkStart('sequential', plan, {}, ['a'])).toEqual({ ok: true, reminders: [] });
  });

  it('allows the next one once the previous is done, reminding to keep its old platform', () => {
    const result = checkStart('sequential', plan, { a: 'done' }, ['b']);
    expect(result).toEqual({ ok: true, reminders: ["keep a's old platform running until b is validated."] });
  });

  it('flags another service in flight', () => {
    const result = checkStart('sequential', plan, { a: 'shadow' }, ['b']);
    expect(result).toMatchObject({
      ok: false,
      needsConfirmation: ['over the limit: sequential allows one service in flight and a is in shadow'],
    });
  });

  it.each(['shadow', 'awaiting_approval', 'cutover', 'monitoring'] as const)('counts %s as in flight', (state) => {
    expect(checkStart('sequential', plan, { a: state }, ['b']).ok).toBe(false);
  });

  it('flags starting out of plan order', () => {
    const result = checkStart('sequential', plan, {}, ['c']);
    expect(result).toMatchObject({ ok: false, needsConfirmation: ['starting out of plan order: a, b come before c'] });
  });

  it('a rolled-back earlier service still comes first', () => {
    const result = checkStart('sequential', plan, { a: 'rolled_back' }, ['b']);
    expect(result).toMatchObject({ ok: false, needsConfirmation: ['starting out of plan order: a comes before b'] });
  });

  it('restarting a rolled-back service in order is fine', () => {
    expect(checkStart('sequential', plan, { a: 'rolled_back' }, ['a']).ok).toBe(true);
  });

  it('flags starting two at once', () => {
    const result = checkStart('sequential', plan, {}, ['a', 'b']);
    expect(result).toMatchObject({
      ok: false,
      needsConfirmation: ['over the limit: sequential allows one service in flight and this starts a, b together'],
    });
  });

  it('ignores the track field: every entry is sequential', () => {
    const mixed: PlanEntry[] = [
      { service: 'a', position: 1, batch: 1, track: 'parallel' },
      { service: 'b', position: 2, batch: 1, track: 'parallel' },
    ];
    expect(checkStart('sequential', mixed, { a: 'shadow' }, ['b']).ok).toBe(false);
  });

  it('orders by position, then name', () => {
    const plan2: PlanEntry[] = [
      { service: 'z', position: 1, batch: null, track: 'sequential' },
      { service: 'b', position: 2, batch: null, track: 'sequential' },
      { service: 'a', position: 2, batch: null, track: 'sequential' },
    ];
    expect(checkStart('sequential', plan2, { z: 'done' }, ['a']).ok).toBe(true);
    expect(checkStart('sequential', plan2, { z: 'done' }, ['b'])).toMatchObject({
      needsConfirmation: ['starting out of plan order: a comes before b'],
    });
  });

  it('flags a service that is not in the plan', () => {
    const result = checkStart('sequential', plan, {}, ['ghost']);
    expect(result).toMatchObject({ ok: false, needsConfirmation: [expect.stringContaining('ghost has no place')] });
  });

  it('does not treat prototype names as known states', () => {
    const odd = seq('constructor', 'toString');
    expect(checkStart('sequential', odd, {}, ['constructor']).ok).toBe(true);
  });

  it('shortens long name lists', () => {
    const long = seq('s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8');
    expect(checkStart('sequential', long, {}, ['s8'])).toMatchObject({
      needsConfirmation: ['starting out of plan order: s1, s2, s3, s4, s5 and 2 more come before s8'],
    });
  });
});

describe('checkStart: parallel', () => {
  const plan = par([['a', 'b'], ['c', 'd'], ['e']]);

  it('allows the whole current batch at once', () => {
    expect(checkStart('parallel', plan, {}, ['a', 'b'])).toEqual({ ok: true, reminders: [] });
  });

  it('allows a batch-mate while the other is in flight', () => {
    expect(checkStart('parallel', plan, { a: 'cutover' }, ['b']).ok).toBe(true);
  });

  it('moves to the next batch once the current one is all done', () => {
    expect(checkStart('parallel', plan, { a: 'done', b: 'done' }, ['c', 'd']).ok).toBe(true);
  });

  it('flags a later batch while the current one is unfinished', () => {
    const result = checkStart('parallel', plan, { a: 'done', b: 'monitoring' }, ['c']);
    expect(result).toMatchObject({
      ok: false,
      needsConfirmation: [
        'starting out of plan order: batch 1 comes before batch 2 and b is not done yet',
        'over the limit: parallel allows one batch in flight and b (batch 1) is in monitoring',
      ],
    });
  });

  it('flags a later batch even when nothing is in flight', () => {
    const result = checkStart('parallel', plan, {}, ['e']);
    expect(result).toMatchObject({
      ok: false,
      needsConfirmation: ['starting out of plan order: batch 1 comes before batch 3 and a, b are not done yet'],
    });
  });

  it('flags two batches at once', () => {
    const result = checkStart('parallel', plan, {}, ['a', 'c']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.needsConfirmation).toContain(
      'over the limit: parallel allows one batch in flight and this starts batch 1, batch 2 together',
    );
  });

  it('a rolled-back batch member keeps its batch current', () => {
    const result = checkStart('parallel', plan, { a: 'done', b: 'rolled_back' }, ['c']);
    expect(result.ok).toBe(false);
    expect(checkStart('parallel', plan, { a: 'done', b: 'rolled_back' }, ['b']).ok).toBe(true);
  });

  it('treats unbatched entries as batches of their own after the numbered ones', () => {
    const loose: PlanEntry[] = [
      { service: 'x', position: 1, batch: null, track: 'parallel' },
      { service: 'a', position: 2, batch: 1, track: 'parallel' },
    ];
    expect(checkStart('parallel', loose, {}, ['a']).ok).toBe(true);
    expect(checkStart('parallel', loose, {}, ['x'])).toMatchObject({
      needsConfirmation: ['starting out of plan order: batch 1 comes before x (no batch) and a is not done yet'],
    });
  });
});

describe('checkStart: hybrid', () => {
  const plan: PlanEntry[] = [...seq('core1', 'core2'), ...par([['r1', 'r2'], ['r3']], 10)];

  it('allows one sequential service plus the current batch together', () => {
    expect(checkStart('hybrid', plan, { core1: 'shadow' }, ['r1', 'r2']).ok).toBe(true);
    expect(checkStart('hybrid', plan, { r1: 'shadow', r2: 'cutover' }, ['core1']).ok).toBe(true);
  });

  it('names the track in the limit', () => {
    expect(checkStart('hybrid', plan, { core1: 'shadow' }, ['core2'])).toMatchObject({
      needsConfirmation: ['over the limit: the sequential track allows one service in flight and core1 is in shadow'],
    });
    const parallel = checkStart('hybrid', plan, { r1: 'shadow' }, ['r3']);
    expect(parallel.ok).toBe(false);
    if (parallel.ok) return;
    expect(parallel.needsConfirmation).toContain(
      'over the limit: the parallel track allows one batch in flight and r1 (batch 1) is in shadow',
    );
  });
});

describe('nextInPlan', () => {
  it('sequential: the first not-started service once nothing is in flight', () => {
    const plan = seq('a', 'b', 'c');
    expect(nextInPlan('sequential', plan, {})).toEqual([{ track: 'sequential', batch: null, services: ['a'] }]);
    expect(nextInPlan('sequential', plan, { a: 'monitoring' })).toEqual([]);
    expect(nextInPlan('sequential', plan, { a: 'done' })).toEqual([
      { track: 'sequential', batch: null, services: ['b'] },
    ]);
    expect(nextInPlan('sequential', plan, { a: 'rolled_back', b: 'done' })).toEqual([
      { track: 'sequential', batch: null, services: ['a'] },
    ]);
    expect(nextInPlan('sequential', plan, { a: 'done', b: 'done', c: 'done' })).toEqual([]);
  });

  it('parallel: the not-started members of the current batch', () => {
    const plan = par([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(nextInPlan('parallel', plan, {})).toEqual([{ track: 'parallel', batch: 1, services: ['a', 'b'] }]);
    expect(nextInPlan('parallel', plan, { a: 'done', b: 'monitoring' })).toEqual([]);
    expect(nextInPlan('parallel', plan, { a: 'done', b: 'done' })).toEqual([
      { track: 'parallel', batch: 2, services: ['c', 'd'] },
    ]);
  });

  it('hybrid: both tracks', () => {
    const plan: PlanEntry[] = [...seq('core1', 'core2'), ...par([['r1'], ['r2']], 10)];
    const states: Record<string, ServiceState> = { core1: 'done', r1: 'done' };
    expect(nextInPlan('hybrid', plan, states)).toEqual([
      { track: 'sequential', batch: null, services: ['core2'] },
      { track: 'parallel', batch: 2, services: ['r2'] },
    ]);
  });
});

describe('decommissionWarning', () => {
  it('sequential: premature until the next service is validated', () => {
    const plan = seq('a', 'b', 'c');
    const hold = decommissionWarning('sequential', plan, { a: 'done', b: 'shadow' }, 'a');
    expect(hold).toEqual({ code: 'next_not_validated', service: 'a', next: 'b', nextState: 'shadow' });
    expect(hold && decommissionText(hold)).toBe(
      "keep a's old platform up until b (next in order, now *shadow*) is validated.",
    );
    const waiting = decommissionWarning('sequential', plan, { a: 'done', b: 'awaiting_approval' }, 'a');
    expect(waiting && decommissionText(waiting)).toContain('keep');
    for (const b of ['cutover', 'monitoring', 'done'] as const) {
      expect(decommissionWarning('sequential', plan, { a: 'done', b }, 'a')).toBeNull();
    }
    expect(decommissionWarning('sequential', plan, { a: 'done', b: 'done', c: 'done' }, 'c')).toBeNull();
  });

  it('premature while the service itself is not done', () => {
    const hold = decommissionWarning('sequential', seq('a'), { a: 'monitoring' }, 'a');
    expect(hold).toEqual({ code: 'not_done', service: 'a', state: 'monitoring' });
    expect(hold && decommissionText(hold)).toBe('a is *monitoring*, not done: its old platform is still the way back.');
  });

  it('parallel: premature until every batch has succeeded', () => {
    const plan = par([['a'], ['b', 'c']]);
    const hold = decommissionWarning('parallel', plan, { a: 'done', b: 'done' }, 'a');
    expect(hold).toEqual({ code: 'batches_unfinished', unfinished: ['c'] });
    expect(hold && decommissionText(hold)).toBe(
      'keep the old platform up until every batch has succeeded: c is not done yet.',
    );
    expect(decommissionWarning('parallel', plan, { a: 'done', b: 'done', c: 'done' }, 'a')).toBeNull();
  });

  it('unknown service: nothing to say', () => {
    expect(decommissionWarning('parallel', par([['a']]), {}, 'ghost')).toBeNull();
  });
});
