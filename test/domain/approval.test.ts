import { describe, expect, it } from 'vitest';
import {
  approvalStatus,
  canApprove,
  isCritical,
  isReminderDue,
  rehearsalGate,
  reminderDueAt,
  requiredApprovals,
  requiredApprovalsForBatch,
} from '../../src/domain/approval.ts';
import { DEFAULT_SETTINGS, withDefaults } from '../../src/domain/settings.ts';
import { approvalRefusalText, rehearsalGateText } from '../../src/slack/views/lifecycle-text.ts';

describe('requiredApprovals', () => {
  // Defaults: critical-tier 1, approvals-critical 2, approvals-default 1.
  it.each([
    [1, 2],
    [2, 1],
    [5, 1],
    [null, 1],
  ] as const)('tier %s needs %i with default settings', (tier, expected) => {
    expect(requiredApprovals({ tier }, DEFAULT_SETTINGS)).toBe(expected);
  });

  it('every tier at or below critical-tier is critical', () => {
    const settings = withDefaults({ 'critical-tier': 2, 'approvals-critical': 3, 'approvals-default': 1 });
    expect([1, 2, 3, 4].map((tier) => requiredApprovals({ tier }, settings))).toEqual([3, 3, 1, 1]);
  });

  it('critical-tier 0 makes nothing critical', () => {
    const settings = withDefaults({ 'critical-tier': 0, 'approvals-critical': 3 });
    for (const tier of [0, 1, 2, null]) {
      expect(isCritical({ tier }, settings)).toBe(false);
      expect(requiredApprovals({ tier }, settings)).toBe(1);
    }
  });

  it('a batch needs the most any member needs', () => {
    expect(requiredApprovalsForBatch([{ tier: 3 }, { tier: 1 }, { tier: null }], DEFAULT_SETTINGS)).toBe(2);
    expect(requiredApprovalsForBatch([{ tier: 3 }, { tier: 2 }], DEFAULT_SETTINGS)).toBe(1);
    expect(requiredApprovalsForBatch([], DEFAULT_SETTINGS)).toBe(1);
  });

  it('approvals-default may exceed approvals-critical', () => {
    const settings = withDefaults({ 'approvals-critical': 1, 'approvals-default': 3 });
    expect(requiredApprovalsForBatch([{ tier: 1 }, { tier: 4 }], settings)).toBe(3);
  });
});

describe('canApprove', () => {
  const base = { approverId: 'U2', requesterId: 'U1', approverSet: ['U1', 'U2', 'U3'], alreadyApproved: [] };

  it('an approver other than the requester may approve once', () => {
    expect(canApprove(base)).toEqual({ ok: true });
    expect(canApprove({ ...base, approverSet: new Set(['U2']) })).toEqual({ ok: true });
  });

  it('refuses a non-approver and says who may approve', () => {
    const result = canApprove({ ...base, approverId: 'U9' });
    expect(result).toEqual({ ok: false, code: 'not_approver' });
    expect(approvalRefusalText('not_approver', { ids: base.approverSet })).toBe(
      'You are not an approver for this migration. Who may approve: <@U1>, <@U2>, <@U3>.',
    );
    const described = approvalRefusalText('not_approver', {
      ids: base.approverSet,
      description: 'the @sre-leads group',
    });
    expect(described).toContain('the @sre-leads group');
  });

  it('says so when no approvers are set', () => {
    const result = canApprove({ ...base, approverSet: [] });
    expect(result).toEqual({ ok: false, code: 'not_approver' });
    expect(approvalRefusalText('not_approver', { ids: [] })).toContain('no approvers');
  });

  it('refuses self-approval, even from an approver', () => {
    expect(canApprove({ ...base, approverId: 'U1' })).toMatchObject({ ok: false, code: 'self_approval' });
  });

  it('refuses a second approval by the same person', () => {
    expect(canApprove({ ...base, alreadyApproved: ['U3', 'U2'] })).toMatchObject({
      ok: false,
      code: 'already_approved',
    });
  });
});

describe('rehearsalGate', () => {
  const cases = [false, true].flatMap((critical) =>
    [false, true].flatMap((gateEnabled) =>
      [false, true].flatMap((rollbackProcedureDone) =>
        [null, 0, 15].map((rehearsalMinutes) => ({ critical, gateEnabled, rollbackProcedureDone, rehearsalMinutes })),
      ),
    ),
  );

  it.each(cases)('%o', (input) => {
    const result = rehearsalGate(input);
    const blocks =
      input.critical && input.gateEnabled && (!input.rollbackProcedureDone || input.rehearsalMinutes === null);
    expect(result.ok).toBe(!blocks);
    if (result.ok) return;
    expect(result.gap).toEqual({
      rollbackProcedure: !input.rollbackProcedureDone,
      rehearsal: input.rehearsalMinutes === null,
    });
    const message = rehearsalGateText(result.gap, 'billing');
    expect(message).toContain('critical');
    expect(message.includes('`rollback-procedure`')).toBe(!input.rollbackProcedureDone);
    expect(message.includes('record a rollback rehearsal with `/migrate rehearsal billing <minutes>`')).toBe(
      input.rehearsalMinutes === null,
    );
  });

  it('counts no rehearsal recorded as missing, and names the service in the command to run', () => {
    const result = rehearsalGate({ critical: true, gateEnabled: true, rollbackProcedureDone: true });
    expect(result).toEqual({ ok: false, gap: { rollbackProcedure: false, rehearsal: true } });
    if (result.ok) return;
    expect(rehearsalGateText(result.gap, 'billing')).toBe(
      'This is a critical service: before its cutover, record a rollback rehearsal with `/migrate rehearsal billing <minutes>`.',
    );
  });
});

describe('approvalStatus', () => {
  it.each([
    [1, [], false, 1],
    [1, ['U1'], true, 0],
    [2, ['U1'], false, 1],
    [2, ['U1', 'U1'], false, 1],
    [2, ['U1', 'U2'], true, 0],
    [2, ['U1', 'U2', 'U3'], true, 0],
  ] as const)('required %i with %o', (required, approvals, complete, remaining) => {
    expect(approvalStatus(required, approvals)).toMatchObject({ complete, remaining, required });
  });
});

describe('isReminderDue', () => {
  const requestedAt = new Date('2025-03-10T08:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('is due once the wait reaches reminder-hours, and only once', () => {
    expect(isReminderDue(requestedAt, at('2025-03-10T11:59:59Z'), 4, false)).toBe(false);
    expect(isReminderDue(requestedAt, at('2025-03-10T12:00:00Z'), 4, false)).toBe(true);
    expect(isReminderDue(requestedAt, at('2025-03-11T12:00:00Z'), 4, false)).toBe(true);
    expect(isReminderDue(requestedAt, at('2025-03-11T12:00:00Z'), 4, true)).toBe(false);
  });

  it('reminderDueAt', () => {
    expect(reminderDueAt(requestedAt, 4).toISOString()).toBe('2025-03-10T12:00:00.000Z');
  });
});
