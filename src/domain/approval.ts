// Who may approve a cutover, how many approvals it needs, the rollback-rehearsal gate for
// critical services, and when to remind approvers. Pure: time is a parameter.

import type { MigrationSettings } from './settings.ts';

export interface TieredService {
  /** 1 is most critical; null when unknown (never critical). */
  readonly tier: number | null;
}

type ApprovalSettings = Pick<MigrationSettings, 'critical-tier' | 'approvals-critical' | 'approvals-default'>;

/** What the rehearsal gate still needs; at least one is true. */
export interface RehearsalGap {
  /** The runbook's `rollback-procedure` step is not done. */
  readonly rollbackProcedure: boolean;
  /** No rollback rehearsal is recorded. */
  readonly rehearsal: boolean;
}

export type GateCheck = { readonly ok: true } | { readonly ok: false; readonly gap: RehearsalGap };

export const APPROVAL_REFUSALS = ['not_approver', 'self_approval', 'already_approved'] as const;
export type ApprovalRefusal = (typeof APPROVAL_REFUSALS)[number];

export type ApproveCheck = { readonly ok: true } | { readonly ok: false; readonly code: ApprovalRefusal };

export interface ApproveRequest {
  readonly approverId: string;
  readonly requesterId: string;
  /** User ids allowed to approve, members of approver groups already resolved. */
  readonly approverSet: ReadonlySet<string> | readonly string[];
  /** User ids that have approved this request so far. */
  readonly alreadyApproved: readonly string[];
}

export interface RehearsalGateInput {
  readonly critical: boolean;
  readonly gateEnabled: boolean;
  /** The runbook's `rollback-procedure` step is done. */
  readonly rollbackProcedureDone: boolean;
  /** Recorded rehearsal length; null or undefined when none was recorded. */
  readonly rehearsalMinutes?: number | null;
}

export interface ApprovalStatus {
  readonly complete: boolean;
  readonly remaining: number;
  /** Distinct approvers so far. */
  readonly approved: number;
  readonly required: number;
}

/** A tier at or below `critical-tier` is critical; `critical-tier` 0 makes nothing critical. */
export function isCritical(service: TieredService, settings: Pick<MigrationSettings, 'critical-tier'>): boolean {
  const criticalTier = settings['critical-tier'];
  return criticalTier > 0 && service.tier !== null && service.tier <= criticalTier;
}

export function requiredApprovals(service: TieredService, settings: ApprovalSettings): number {
  return isCritical(service, settings) ? settings['approvals-critical'] : settings['approvals-default'];
}

/** A batch switches at once, so it needs what its most demanding member needs. */
export function requiredApprovalsForBatch(services: readonly TieredService[], settings: ApprovalSettings): number {
  return services.reduce((most, s) => Math.max(most, requiredApprovals(s, settings)), settings['approvals-default']);
}

/** Whether this approver may add an approval now; checks membership, then self-approval, then repeats. */
export function canApprove(request: ApproveRequest): ApproveCheck {
  if (!new Set(request.approverSet).has(request.approverId)) return { ok: false, code: 'not_approver' };
  if (request.approverId === request.requesterId) return { ok: false, code: 'self_approval' };
  if (request.alreadyApproved.includes(request.approverId)) return { ok: false, code: 'already_approved' };
  return { ok: true };
}

/** Critical services with the gate on need a written rollback procedure and a recorded rehearsal. */
export function rehearsalGate(input: RehearsalGateInput): GateCheck {
  if (!input.critical || !input.gateEnabled) return { ok: true };
  const gap = {
    rollbackProcedure: !input.rollbackProcedureDone,
    rehearsal: input.rehearsalMinutes === null || input.rehearsalMinutes === undefined,
  };
  return gap.rollbackProcedure || gap.rehearsal ? { ok: false, gap } : { ok: true };
}

export function approvalStatus(required: number, approvals: readonly string[]): ApprovalStatus {
  const approved = new Set(approvals).size;
  const remaining = Math.max(0, required - approved);
  return { complete: remaining === 0, remaining, approved, required };
}

export function reminderDueAt(requestedAt: Date, reminderHours: number): Date {
  return new Date(requestedAt.getTime() + reminderHours * 3_600_000);
}

/** One reminder per request, once it has waited `reminderHours`. */
export function isReminderDue(requestedAt: Date, now: Date, reminderHours: number, alreadyReminded: boolean): boolean {
  return !alreadyReminded && now.getTime() >= reminderDueAt(requestedAt, reminderHours).getTime();
}
