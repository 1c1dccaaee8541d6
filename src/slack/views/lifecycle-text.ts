// The sentences about lifecycle facts the domain returns: why a transition is refused, why it asks
// first, what the rehearsal gate still needs, why an approval does not count, and what to keep
// before decommissioning. Slack mrkdwn and `/migrate` hints are written here, never in the domain.
import type { ApprovalRefusal, RehearsalGap } from '../../domain/approval.ts';
import {
  ACTION_COMMANDS,
  type ConfirmationNeed,
  formatDuration,
  STATE_LABELS,
  type TransitionRefusal,
} from '../../domain/lifecycle.ts';
import type { DecommissionHold } from '../../domain/wip.ts';
import { escapeCode, escapeInline } from '../escape.ts';
import { mentionUser } from '../format.ts';

/** `` `done` is not possible now: the service is *shadow*. From *shadow* you can: cutover, rollback. `` */
export function refusalText(refusal: TransitionRefusal): string {
  const command = ACTION_COMMANDS[refusal.action];
  const label = STATE_LABELS[refusal.state];
  if (refusal.code === 'reason_required') {
    return `\`${command}\` from *${label}* needs a reason: \`/migrate ${command} <service> <reason>\`.`;
  }
  const actions = refusal.allowed.map((a) => ACTION_COMMANDS[a]).join(', ');
  return `\`${command}\` is not possible now: the service is *${label}*. From *${label}* you can: ${actions}.`;
}

export function confirmationText(need: ConfirmationNeed): string {
  switch (need.code) {
    case 'rollback_from_done':
      return 'the service is *done*: rolling back sends its traffic back to the old platform, which may already be decommissioned.';
    case 'window_unrecorded':
      return 'the end of the monitoring window is not recorded, so it may still be running.';
    case 'window_running':
      return `the monitoring window still has ${formatDuration(need.remainingMs)} to run (it ends ${utc(need.endsAt)}).`;
  }
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What a critical service still needs before its cutover can be approved. */
export function rehearsalGateText(gap: RehearsalGap, service: string): string {
  const missing: string[] = [];
  if (gap.rollbackProcedure) missing.push('mark the runbook step `rollback-procedure` done');
  if (gap.rehearsal)
    missing.push(`record a rollback rehearsal with \`/migrate rehearsal ${escapeCode(service)} <minutes>\``);
  return `This is a critical service: before its cutover, ${missing.join(' and ')}.`;
}

/**
 * Why a click on Approve does not count. `approvers` names who may (mentions, groups included);
 * when absent, the approver ids the check used are mentioned.
 */
export function approvalRefusalText(
  code: ApprovalRefusal,
  approvers: { readonly description?: string | null; readonly ids?: Iterable<string> } = {},
): string {
  switch (code) {
    case 'not_approver': {
      const ids = [...(approvers.ids ?? [])];
      const who = approvers.description ?? (ids.length === 0 ? null : ids.map(mentionUser).join(', '));
      return who === null
        ? 'You are not an approver, and no approvers are set for this migration yet: a lead has to name them first.'
        : `You are not an approver for this migration. Who may approve: ${who}.`;
    }
    case 'self_approval':
      return 'You requested this cutover, so you cannot approve it: another approver has to.';
    case 'already_approved':
      return 'You have already approved this cutover.';
  }
}

/** Why decommissioning a service's old platform would be premature. */
export function decommissionText(hold: DecommissionHold): string {
  switch (hold.code) {
    case 'not_done':
      return `${escapeInline(hold.service)} is *${STATE_LABELS[hold.state]}*, not done: its old platform is still the way back.`;
    case 'next_not_validated':
      return `keep ${escapeInline(hold.service)}'s old platform up until ${escapeInline(hold.next)} (next in order, now *${STATE_LABELS[hold.nextState]}*) is validated.`;
    case 'batches_unfinished': {
      const shown = hold.unfinished.slice(0, 5).map(escapeInline);
      const more = hold.unfinished.length - shown.length;
      const list = more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
      return `keep the old platform up until every batch has succeeded: ${list} ${hold.unfinished.length === 1 ? 'is' : 'are'} not done yet.`;
    }
  }
}
