// The sentences about lifecycle facts the domain returns: why a transition is refused, why it asks
// first, what the rehearsal gate still needs, why an approval does not count, and what to keep
// before decommissioning. Slack mrkdwn and `/migrate` hints are written here, never in the domain.

import type { ApprovalRefusal, RehearsalGap } from '../../domain/approval.ts';
import {
  ACTION_COMMANDS,
  type ConfirmationNeed,
  formatDuration,
  type LifecycleAction,
  STATE_LABELS,
  type TransitionRefusal,
} from '../../domain/lifecycle.ts';
import type { ServiceState } from '../../domain/model.ts';
import type { DecommissionHold } from '../../domain/wip.ts';
import { plural } from '../../domain/words.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, truncate } from '../escape.ts';
import { mentionUser } from '../format.ts';
import { firstOf } from './paginate.ts';

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

/** A service that could not move, and why. */
interface RefusedService {
  readonly service: { readonly name: string };
  readonly refusal: TransitionRefusal;
}

/** The refusals as lines a person reads, at most `max` of them. */
export function refusalLines(refused: readonly RefusedService[], max = 10): string {
  const lines = refused.slice(0, max).map((r) => `*${escapeInline(r.service.name)}*: ${refusalText(r.refusal)}`);
  if (refused.length > max) lines.push(`…and ${refused.length - max} more services refused the same way.`);
  return lines.join('\n');
}

/** A short note naming services left as they were, for a batch where only some could move. */
export function skippedNote(refused: readonly RefusedService[]): string | null {
  if (refused.length === 0) return null;
  return `Left as they were:\n${refusalLines(refused, 5)}`;
}

const VERBS: Readonly<Record<LifecycleAction, string>> = {
  start: 'started',
  cutover: 'asked for cutover approval of',
  withdraw: 'withdrew the cutover request of',
  reject: 'rejected the cutover of',
  'approve-complete': 'approved the cutover of',
  switched: 'switched the traffic of',
  done: 'marked done',
  rollback: 'rolled back',
};

interface Moved {
  readonly service: { readonly name: string };
  readonly from: ServiceState;
  readonly to: ServiceState;
}

/** `<@U> started *api* (planned → shadow).` or, for several, the names and the new state. */
export function transitionSentence(
  actorId: string,
  action: LifecycleAction,
  label: string,
  changes: readonly Moved[],
): string {
  const who = `${mentionUser(actorId)} ${VERBS[action]}`;
  const first = changes[0];
  // A batch label counts the whole batch; when only some of it moved, say how many of how many,
  // so the count and the names listed always agree.
  const batch = /^batch (\d+) \(([\d,]+) services?\)$/.exec(label);
  const total = batch ? Number((batch[2] ?? '').replace(/,/g, '')) : changes.length;
  const partOf = batch && total !== changes.length ? `of the ${plural(total, 'service')} of batch ${batch[1]}` : null;
  if (changes.length === 1 && first) {
    const move = `(${STATE_LABELS[first.from]} → *${STATE_LABELS[first.to]}*)`;
    if (partOf) return `${who} *${escapeInline(first.service.name)}* ${move}, 1 ${partOf}.`;
    return `${who} ${label} ${move}.`;
  }
  const what = partOf ? `${plural(changes.length, 'service')} ${partOf}` : label;
  const names = firstOf(
    changes.map((c) => escapeInline(c.service.name)),
    15,
  );
  const to = first ? STATE_LABELS[first.to] : '';
  return `${who} ${what}: ${names} → *${to}*.`;
}

/** The channel announcement of a change: its lines (empty ones left out) in one section. */
/**
 * What comes after a start, with the commands written out for what was started: a batch's
 * cutover is the batch's, one service's runbook and cutover are its own.
 */
export function startHint(target: { readonly batch: number | null; readonly services: readonly string[] }): string {
  const only = target.batch === null && target.services.length === 1 ? target.services[0] : undefined;
  const runbook = only ? escapeInline(only) : '<service>';
  const cutover = target.batch !== null ? ` batch ${target.batch}` : only ? ` ${escapeInline(only)}` : ' <service>';
  return `The new platform now runs beside the old one with part of the traffic. Runbook: \`/migrate runbook ${runbook}\`; when validated, \`/migrate cutover${cutover}\`.`;
}

/** After a rollback: where the traffic is, and the start command that tries again. */
export function rollbackHint(target: { readonly batch: number | null; readonly services: readonly string[] }): string {
  const only = target.batch === null && target.services.length === 1 ? target.services[0] : undefined;
  const what = target.batch !== null ? ` batch ${target.batch}` : only ? ` ${escapeInline(only)}` : ' <service>';
  const it = target.services.length === 1 ? 'it' : 'them';
  return `Traffic goes back to the old platform. Once fixed, \`/migrate start${what}\` puts ${it} in shadow again.`;
}

export function announcement(lines: readonly (string | null)[]): Message {
  const text = truncate(lines.filter((l): l is string => Boolean(l)).join('\n'), 3000);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
