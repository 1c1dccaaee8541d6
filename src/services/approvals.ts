// The Approve and Reject buttons of a cutover request. A click counts once: the approval is an
// INSERT that conflicts on a repeat, and the request leaves `pending` by one compare-and-set in the
// same transaction that moves its services to cutover. Slow reads (a user group's members)
// happen before that transaction; the checks that matter are repeated inside it.

import type { Actor, Deps } from '../deps.ts';
import { approvalStatus, canApprove, isCritical, rehearsalGate } from '../domain/approval.ts';
import { isStepDone, ROLLBACK_PROCEDURE_KEY } from '../domain/runbook.ts';
import { withDefaults } from '../domain/settings.ts';
import { plural } from '../domain/words.ts';
import { conflict } from '../errors.ts';
import type { Effect } from '../slack/effect.ts';
import { reply } from '../slack/effect.ts';
import { escapeCode, escapeInline, escapeText } from '../slack/escape.ts';
import { mentionUser, slackDate } from '../slack/format.ts';
import { healthRefusalText } from '../slack/views/approval-health.ts';
import { approvalRefusalText, rehearsalGateText } from '../slack/views/lifecycle-text.ts';
import { reasonModal } from '../slack/views/reject-modal.ts';
import { type ApprovalRequestRow, addApproval, approversOf, requestById, settleRequest } from '../store/approvals.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { servicesByIds } from '../store/lifecycle.ts';
import { type MigrationRow, migrationById } from '../store/migrations.ts';
import { runbookStepsOf } from '../store/runbooks.ts';
import { directApprovers, resolveApprovers } from './approvers.ts';
import { commit, outboxContext } from './commit.ts';
import { gateBlockers, OVERRIDE_DETAIL } from './health-gate.ts';
import { applyTransitions, type Change, planTransitions, requestTitle, requestUpdate } from './lifecycle.ts';
import { ownerIds } from './targets.ts';

export type Clicker = Pick<Actor, 'workspaceId' | 'userId'>;

/** What a click on a request that is no longer open hears. */
export function staleAnswer(request: ApprovalRequestRow): string {
  const by = request.decidedBy ? `${mentionUser(request.decidedBy)}` : 'someone';
  const when = request.decidedAt ? ` ${slackDate(request.decidedAt)}` : '';
  switch (request.status) {
    case 'approved':
      return `This cutover was already approved${when}; nothing more is needed and your click changed nothing.`;
    case 'rejected':
      return `This cutover request was already rejected by ${by}${when}: ${escapeText(request.reason ?? '')}. Your click changed nothing.`;
    case 'withdrawn':
      return `This cutover request was withdrawn by ${by}${when}, so there is nothing to decide. A new request gets a new message.`;
    default:
      return 'This cutover request is still open.';
  }
}

interface Loaded {
  readonly request: ApprovalRequestRow;
  readonly migration: MigrationRow;
}

export function load(deps: Deps, clicker: Clicker, requestId: number): Loaded | Effect[] {
  const request = requestById(deps.store.db, clicker.workspaceId, requestId);
  const migration = request ? migrationById(deps.store.db, clicker.workspaceId, request.migrationId) : null;
  if (!request || !migration) return [reply({ text: 'That cutover request no longer exists.' })];
  if (request.status !== 'pending') return [reply({ text: staleAnswer(request) })];
  if (migration.status !== 'active') {
    return [reply({ text: `*${escapeInline(migration.name)}* is archived: nothing in it can be approved.` })];
  }
  return { request, migration };
}

/** Critical services with the gate on need their rollback procedure done and a rehearsal recorded. */
function gateRefusal(deps: Deps, migration: MigrationRow, request: ApprovalRequestRow): string | null {
  const settings = withDefaults(migration.settings);
  const services = servicesByIds(deps.store.db, migration, request.serviceIds);
  const steps = runbookStepsOf(
    deps.store.db,
    services.map((s) => s.id),
  );
  const refusals = services.flatMap((s) => {
    const gate = rehearsalGate({
      critical: isCritical(s, settings),
      gateEnabled: migration.rehearsalGate,
      rollbackProcedureDone: isStepDone(steps.get(s.id) ?? [], ROLLBACK_PROCEDURE_KEY),
      rehearsalMinutes: s.rehearsalMinutes,
    });
    return gate.ok ? [] : [`*${escapeInline(s.name)}*: ${rehearsalGateText(gate.gap, s.name)}`];
  });
  if (refusals.length === 0) return null;
  return `Not yet: ${refusals.slice(0, 5).join('\n')}\nYour click changed nothing.`;
}

type Outcome =
  | { kind: 'stale'; request: ApprovalRequestRow }
  | { kind: 'repeat' }
  | { kind: 'gated'; text: string }
  | { kind: 'counted'; remaining: number; approved: number; required: number; overriding: boolean }
  | { kind: 'approved'; changes: Change[]; request: ApprovalRequestRow };

/**
 * Approve, or (with `override`) approve despite failing health checks with the approver's reason:
 * that counts as their one approval, and the audit row and the message show the reason.
 */
export async function approveCutover(
  deps: Deps,
  clicker: Clicker,
  requestId: number,
  override: { readonly reason: string } | null = null,
): Promise<Effect[]> {
  const loaded = load(deps, clicker, requestId);
  if (Array.isArray(loaded)) return loaded;
  const { request, migration } = loaded;
  const approvers = await resolveApprovers(deps, migration);
  const check = canApprove({
    approverId: clicker.userId,
    requesterId: request.requestedBy,
    approverSet: approvers.ids,
    alreadyApproved: approversOf(deps.store.db, request.id),
  });
  if (!check.ok) {
    const why = approvalRefusalText(check.code, { description: approvers.description, ids: approvers.ids });
    return [reply({ text: `${why} Nothing was recorded.` })];
  }
  const now = deps.now();
  const decide = (tx: Db): Outcome => {
    const current = requestById(tx, clicker.workspaceId, request.id);
    if (current?.status !== 'pending') return { kind: 'stale', request: current ?? request };
    const gate = gateRefusal(deps, migration, current);
    if (gate) return { kind: 'gated', text: gate };
    const blocked = gateBlockers(tx, migration, servicesByIds(tx, migration, current.serviceIds), now);
    if (blocked.length > 0 && override === null) return { kind: 'gated', text: healthRefusalText(blocked) };
    if (!addApproval(tx, current.id, clicker.userId, now)) return { kind: 'repeat' };
    // An override of checks that pass by now is an ordinary approval: there is nothing to excuse.
    const overriding = override !== null && blocked.length > 0;
    appendAudit(tx, {
      workspaceId: migration.workspaceId,
      migrationId: migration.id,
      actor: clicker.userId,
      action: 'approval.approve',
      ...(overriding ? { reason: override.reason } : {}),
      detail: {
        requestId: current.id,
        ...(overriding
          ? { [OVERRIDE_DETAIL]: true, failing: blocked.flatMap((b) => b.lines.map((l) => `${b.name}: ${l}`)) }
          : {}),
      },
      createdAt: now,
    });
    const status = approvalStatus(current.required, approversOf(tx, current.id));
    if (!status.complete) return { kind: 'counted', ...status, overriding };
    if (!settleRequest(tx, current.id, 'approved', clicker.userId, now)) {
      throw conflict('This request was decided at the same moment; your click changed nothing.');
    }
    const services = servicesByIds(tx, migration, current.serviceIds);
    const plan = planTransitions(
      services.filter((s) => s.state === 'awaiting_approval'),
      'approve-complete',
      { now },
    );
    const changes = applyTransitions(tx, {
      migration,
      actorId: clicker.userId,
      action: 'approve-complete',
      items: plan.eligible,
      batch: current.batch,
      now,
      detail: { requestId: current.id },
    });
    return { kind: 'approved', changes, request: current };
  };
  const updates = [requestUpdate(request)];
  const said = (outcome: Outcome): Effect[] => {
    switch (outcome.kind) {
      case 'stale':
        return [reply({ text: staleAnswer(outcome.request) })];
      case 'repeat':
        return [reply({ text: 'You have already approved this cutover; it counts once.' })];
      case 'gated':
        return [reply({ text: outcome.text })];
      case 'counted':
        return [
          ...updates,
          reply({
            text: `Your approval${outcome.overriding ? ' despite the failing checks, with your reason,' : ''} is recorded: ${outcome.approved} of ${outcome.required}, ${outcome.remaining} more needed.`,
          }),
        ];
      case 'approved':
        return [...updates, ...approvedNotices(deps, migration, outcome.request, outcome.changes, clicker.userId)];
    }
  };
  // The approval and its announcement commit together.
  return commit(deps, outboxContext(migration), (tx) => said(decide(tx)), { behavior: 'immediate' });
}

function approvedNotices(
  deps: Deps,
  migration: MigrationRow,
  request: ApprovalRequestRow,
  changes: readonly Change[],
  approverId: string,
): Effect[] {
  const title = requestTitle(deps, migration, request);
  // The command to run names its target, so it can be copied as it stands.
  const target =
    request.batch !== null ? `batch ${request.batch}` : changes.length === 1 ? (changes[0]?.service.name ?? '') : '';
  const command =
    target === '' ? '`/migrate switched <service>` for each' : `\`/migrate switched ${escapeCode(target)}\``;
  const text = `The cutover of *${escapeInline(title)}* in *${escapeInline(migration.name)}* is approved (last approval by ${mentionUser(approverId)}). Switch the traffic, then press *Traffic switched* on the request or run ${command}.`;
  const people = new Set([request.requestedBy, ...ownerIds(changes.map((c) => c.service))]);
  return [
    reply({ text: `Your approval completed the request: ${plural(changes.length, 'service')} moved to cutover.` }),
    ...[...people].map((user): Effect => ({ type: 'dm', user, message: { text } })),
  ];
}

/** Reject opens the reason modal; the requester is pointed to withdraw instead. */
export function rejectClick(deps: Deps, clicker: Clicker, requestId: number): Effect[] {
  const loaded = load(deps, clicker, requestId);
  if (Array.isArray(loaded)) return loaded;
  const { request, migration } = loaded;
  if (request.requestedBy === clicker.userId) {
    return [reply({ text: 'You asked for this cutover: take it back with `/migrate withdraw <service>` instead.' })];
  }
  // Only the store is read before the modal opens (the trigger expires in 3 s); group members are checked on submit.
  const direct = directApprovers(deps, migration);
  if (direct.usersOnly && !direct.ids.has(clicker.userId)) {
    const who = direct.description ? `Who may: ${direct.description}.` : 'No approvers are named yet.';
    return [reply({ text: `Only an approver may reject this cutover. ${who} Nothing changed.` })];
  }
  const title = requestTitle(deps, migration, request);
  return [{ type: 'openModal', view: reasonModal('reject', request.id, `Reject the cutover of ${title}`) }];
}

/**
 * What a reason modal's submission decides before it is acknowledged: an error for the reason field,
 * or the work to do once the modal has closed (Slack waits only 3 s for the answer).
 */
export type SubmitOutcome = { readonly error: string } | { readonly run: () => Promise<Effect[]> | Effect[] };

/**
 * The reject modal's submission. Only the store is read before the modal is answered; a user
 * group's members (a Slack call) are read after, and a refusal then comes by direct message.
 */
export function rejectCutover(deps: Deps, clicker: Clicker, requestId: number, reason: string): SubmitOutcome {
  const loaded = load(deps, clicker, requestId);
  if (Array.isArray(loaded)) return { run: () => loaded };
  const { request, migration } = loaded;
  if (!reason) return { error: 'Say why, so the requester knows what to fix.' };
  if (request.requestedBy === clicker.userId) return { error: 'You asked for this cutover: withdraw it instead.' };
  const direct = directApprovers(deps, migration);
  if (direct.usersOnly && !direct.ids.has(clicker.userId)) {
    return { error: `Only an approver may reject this cutover. Who may: ${direct.description ?? 'nobody yet'}.` };
  }
  return {
    run: async () => {
      if (!direct.ids.has(clicker.userId)) {
        const approvers = await resolveApprovers(deps, migration);
        if (!approvers.ids.has(clicker.userId)) {
          const who = approvers.description ?? 'nobody yet';
          return [reply({ text: `Only an approver may reject this cutover. Who may: ${who}. Nothing changed.` })];
        }
      }
      return decideReject(deps, clicker, request, migration, reason);
    },
  };
}

function decideReject(
  deps: Deps,
  clicker: Clicker,
  request: ApprovalRequestRow,
  migration: MigrationRow,
  reason: string,
): Effect[] {
  const now = deps.now();
  const decide = (tx: Db): Change[] | null => {
    if (!settleRequest(tx, request.id, 'rejected', clicker.userId, now, reason)) return null;
    const services = servicesByIds(tx, migration, request.serviceIds).filter((s) => s.state === 'awaiting_approval');
    const plan = planTransitions(services, 'reject', { now, reason });
    appendAudit(tx, {
      workspaceId: migration.workspaceId,
      migrationId: migration.id,
      actor: clicker.userId,
      action: 'approval.reject',
      reason,
      detail: { requestId: request.id },
      createdAt: now,
    });
    return applyTransitions(tx, {
      migration,
      actorId: clicker.userId,
      action: 'reject',
      items: plan.eligible,
      reason,
      batch: request.batch,
      now,
      detail: { requestId: request.id },
    });
  };
  // The rejection and its announcement commit together.
  return commit(
    deps,
    outboxContext(migration),
    (tx) => {
      const changes = decide(tx);
      return changes === null
        ? [reply({ text: staleAnswer(requestById(tx, clicker.workspaceId, request.id) ?? request) })]
        : rejectedNotices(deps, clicker, request, migration, reason, changes);
    },
    { behavior: 'immediate' },
  );
}

function rejectedNotices(
  deps: Deps,
  clicker: Clicker,
  request: ApprovalRequestRow,
  migration: MigrationRow,
  reason: string,
  changes: readonly Change[],
): Effect[] {
  const update = requestUpdate(request);
  const title = requestTitle(deps, migration, request);
  const text = `${mentionUser(clicker.userId)} rejected the cutover of *${escapeInline(title)}* in *${escapeInline(migration.name)}*: ${escapeText(reason)}\nIt is back in shadow; fix what is needed, then \`/migrate cutover\` again.`;
  const people = new Set([request.requestedBy, ...ownerIds(changes.map((c) => c.service))]);
  return [update, ...[...people].map((user): Effect => ({ type: 'dm', user, message: { text } }))];
}
