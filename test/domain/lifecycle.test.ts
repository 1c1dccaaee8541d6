import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  formatDuration,
  isInFlight,
  isStarted,
  LIFECYCLE_ACTIONS,
  type LifecycleAction,
  monitoringEndsAt,
  STATE_LABELS,
  transition,
} from '../../src/domain/lifecycle.ts';
import { SERVICE_STATES, type ServiceState } from '../../src/domain/model.ts';
import { confirmationText, refusalText } from '../../src/slack/views/lifecycle-text.ts';

// The documented transitions, written out independently of the implementation's table.
const EXPECTED: ReadonlyArray<readonly [ServiceState, LifecycleAction, ServiceState]> = [
  ['planned', 'start', 'shadow'],
  ['rolled_back', 'start', 'shadow'],
  ['shadow', 'cutover', 'awaiting_approval'],
  ['awaiting_approval', 'withdraw', 'shadow'],
  ['awaiting_approval', 'reject', 'shadow'],
  ['awaiting_approval', 'approve-complete', 'cutover'],
  ['cutover', 'switched', 'monitoring'],
  ['monitoring', 'done', 'done'],
  ['shadow', 'rollback', 'rolled_back'],
  ['awaiting_approval', 'rollback', 'rolled_back'],
  ['cutover', 'rollback', 'rolled_back'],
  ['monitoring', 'rollback', 'rolled_back'],
  ['done', 'rollback', 'rolled_back'],
];

function expectedTarget(state: ServiceState, action: LifecycleAction): ServiceState | undefined {
  return EXPECTED.find(([from, a]) => from === state && a === action)?.[2];
}

const NOW = new Date('2025-03-10T12:00:00Z');
const ENDED = new Date('2025-03-10T11:00:00Z');
const PAIRS = SERVICE_STATES.flatMap((state) => LIFECYCLE_ACTIONS.map((action) => [state, action] as const));

describe('transition: every (state, action) pair', () => {
  it.each(PAIRS)('%s + %s', (state, action) => {
    const result = transition(state, action, { now: NOW, monitoringEndsAt: ENDED, reason: 'flaky consumer' });
    const target = expectedTarget(state, action);
    if (target === undefined) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(refusalText(result.refusal)).toContain(`*${STATE_LABELS[state]}*`);
      expect(refusalText(result.refusal)).toContain(`From *${STATE_LABELS[state]}* you can: `);
    } else {
      expect(result).toMatchObject({ ok: true, to: target });
    }
  });
});

describe('transition: details', () => {
  it('lists what is possible from the current state', () => {
    const result = transition('shadow', 'done', { now: NOW });
    expect(result).toEqual({
      ok: false,
      refusal: { code: 'not_possible', action: 'done', state: 'shadow', allowed: ['cutover', 'rollback'] },
    });
    if (result.ok) return;
    expect(refusalText(result.refusal)).toBe(
      '`done` is not possible now: the service is *shadow*. From *shadow* you can: cutover, rollback.',
    );
  });

  it('uses human labels and the approve command in refusals', () => {
    const result = transition('awaiting_approval', 'start', { now: NOW });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(refusalText(result.refusal)).toContain(
      'From *awaiting approval* you can: withdraw, reject, approve, rollback.',
    );
  });

  it.each(['reject', 'rollback'] as const)('%s needs a reason', (action) => {
    const from: ServiceState = 'awaiting_approval';
    for (const reason of [undefined, '', '   ']) {
      const result = transition(from, action, { now: NOW, ...(reason === undefined ? {} : { reason }) });
      expect(result).toEqual({ ok: false, refusal: { code: 'reason_required', action, state: from } });
      if (result.ok) continue;
      expect(refusalText(result.refusal)).toContain('needs a reason');
      expect(refusalText(result.refusal)).toContain('*awaiting approval*');
    }
  });

  it('done before the window ends needs confirmation saying how long is left', () => {
    const endsAt = new Date('2025-03-10T14:30:00Z');
    const result = transition('monitoring', 'done', { now: NOW, monitoringEndsAt: endsAt });
    expect(result).toEqual({
      ok: true,
      to: 'done',
      needsConfirmation: { code: 'window_running', remainingMs: 150 * 60_000, endsAt },
    });
    if (!result.ok || !result.needsConfirmation) return;
    expect(confirmationText(result.needsConfirmation)).toBe(
      'the monitoring window still has 2 h 30 min to run (it ends 2025-03-10 14:30 UTC).',
    );
  });

  it('done after the window ends (or exactly at it) needs no confirmation', () => {
    expect(transition('monitoring', 'done', { now: NOW, monitoringEndsAt: ENDED })).toEqual({ ok: true, to: 'done' });
    expect(transition('monitoring', 'done', { now: NOW, monitoringEndsAt: NOW })).toEqual({ ok: true, to: 'done' });
  });

  it('done with no recorded window end needs confirmation', () => {
    for (const monitoringEndsAt of [null, undefined]) {
      const result = transition('monitoring', 'done', { now: NOW, monitoringEndsAt });
      expect(result).toEqual({ ok: true, to: 'done', needsConfirmation: { code: 'window_unrecorded' } });
      if (!result.ok || !result.needsConfirmation) continue;
      expect(confirmationText(result.needsConfirmation)).toContain('not recorded');
    }
  });

  it('rollback needs confirmation only from done', () => {
    for (const state of ['shadow', 'awaiting_approval', 'cutover', 'monitoring'] as const) {
      expect(transition(state, 'rollback', { now: NOW, reason: 'errors' })).toEqual({ ok: true, to: 'rolled_back' });
    }
    const fromDone = transition('done', 'rollback', { now: NOW, reason: 'errors' });
    expect(fromDone).toEqual({ ok: true, to: 'rolled_back', needsConfirmation: { code: 'rollback_from_done' } });
    if (!fromDone.ok || !fromDone.needsConfirmation) return;
    expect(confirmationText(fromDone.needsConfirmation)).toContain('*done*');
  });

  it('no other transition asks for confirmation', () => {
    for (const [from, action] of EXPECTED) {
      if (action === 'done' || (action === 'rollback' && from === 'done')) continue;
      const result = transition(from, action, { now: NOW, reason: 'r' });
      expect(result.ok && result.needsConfirmation).toBeFalsy();
    }
  });
});

describe('state predicates', () => {
  it.each(SERVICE_STATES)('allowedActions(%s) matches the documented transitions', (state) => {
    const expected = LIFECYCLE_ACTIONS.filter((a) => expectedTarget(state, a) !== undefined);
    expect(allowedActions(state)).toEqual(expected);
    expect(allowedActions(state).length).toBeGreaterThan(0);
  });

  it('isStarted and isInFlight', () => {
    const started = SERVICE_STATES.filter(isStarted);
    const inFlight = SERVICE_STATES.filter(isInFlight);
    expect(started).toEqual(['shadow', 'awaiting_approval', 'cutover', 'monitoring', 'done']);
    expect(inFlight).toEqual(['shadow', 'awaiting_approval', 'cutover', 'monitoring']);
  });

  it('labels every state', () => {
    expect(STATE_LABELS.awaiting_approval).toBe('awaiting approval');
    expect(STATE_LABELS.rolled_back).toBe('rolled back');
    for (const state of SERVICE_STATES) expect(STATE_LABELS[state]).toBeTruthy();
  });
});

describe('time helpers', () => {
  it('monitoringEndsAt adds the window', () => {
    expect(monitoringEndsAt(NOW, 24).toISOString()).toBe('2025-03-11T12:00:00.000Z');
    expect(monitoringEndsAt(NOW, 48).toISOString()).toBe('2025-03-12T12:00:00.000Z');
  });

  it('formatDuration rounds up to the minute', () => {
    expect(formatDuration(1)).toBe('1 min');
    expect(formatDuration(40 * 60_000)).toBe('40 min');
    expect(formatDuration(3 * 3_600_000)).toBe('3 h');
    expect(formatDuration(2 * 3_600_000 + 4 * 60_000 + 1)).toBe('2 h 5 min');
  });
});

describe('property: random action sequences from planned', () => {
  const stepFor = (action: fc.Arbitrary<LifecycleAction>) =>
    fc.record({
      action,
      reason: fc.option(fc.constantFrom('', 'broken consumer', '  '), { nil: undefined }),
      windowOffsetMinutes: fc.option(fc.integer({ min: -3000, max: 3000 }), { nil: null }),
    });
  // Uniform actions alone almost never walk the whole way to done, so runs of the forward
  // path are mixed in; every action still appears anywhere in any order.
  const forward = fc.tuple(
    ...(['start', 'cutover', 'approve-complete', 'switched', 'done'] as const).map((a) => stepFor(fc.constant(a))),
  );
  const steps = fc
    .array(
      fc.oneof(
        stepFor(fc.constantFrom(...LIFECYCLE_ACTIONS)).map((s) => [s]),
        forward,
      ),
      { maxLength: 20 },
    )
    .map((chunks) => chunks.flat());

  it('only ever takes documented transitions, and reaches done only from monitoring', () => {
    let reachedDone = 0;
    fc.assert(
      fc.property(steps, (sequence) => {
        let state: ServiceState = 'planned';
        for (const { action, reason, windowOffsetMinutes } of sequence) {
          const monitoringEnd =
            windowOffsetMinutes === null ? null : new Date(NOW.getTime() + windowOffsetMinutes * 60_000);
          const result = transition(state, action, {
            now: NOW,
            monitoringEndsAt: monitoringEnd,
            ...(reason === undefined ? {} : { reason }),
          });
          if (!result.ok) {
            expect(refusalText(result.refusal)).toContain(`*${STATE_LABELS[state]}*`);
            continue;
          }
          expect(result.to).toBe(expectedTarget(state, action));
          if (result.to === 'done') {
            expect(state).toBe('monitoring');
            reachedDone += 1;
          }
          state = result.to;
        }
      }),
      { numRuns: 500 },
    );
    // The generator must actually exercise the path to done, or the property says little.
    expect(reachedDone).toBeGreaterThan(0);
  });
});
