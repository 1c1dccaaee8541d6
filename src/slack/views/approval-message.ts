// The cutover approval request in the channel: what is asked for, how ready it is, who approved
// and what is still needed, and the buttons for the next step. Re-rendered from the store after
// every click and every transition, and updated in place. Stays inside Block Kit's limits for a
// batch of any size: long lists are cut with a pointer to `/migrate status`.
import type { KnownBlock } from '@slack/types';
import type { RehearsalGap } from '../../domain/approval.ts';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import type { ServiceState } from '../../domain/model.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, escapeText, truncate } from '../escape.ts';
import { mentionUser, slackDate } from '../format.ts';
import { ACTION } from '../ids.ts';
import { healthSection, overrideButton, overrideLines } from './approval-health.ts';
import type { CheckLineView } from './health-lines.ts';
import { rehearsalGateText } from './lifecycle-text.ts';
import { firstOf } from './paginate.ts';

export interface ApprovalServiceView {
  readonly name: string;
  readonly state: ServiceState;
  /** A mention or a team name, already formatted. */
  readonly owner: string;
  readonly critical: boolean;
  readonly blastRadius: number | null;
  readonly runbook: { readonly done: number; readonly skipped: number; readonly total: number } | null;
  /** Keys of validation steps still open. */
  readonly openValidation: readonly string[];
  /** What the rehearsal gate still needs; null when it is satisfied or does not apply. */
  readonly gate: RehearsalGap | null;
  /** Services this one depends on, with their states. */
  readonly dependsOn: readonly { readonly name: string; readonly state: ServiceState }[];
  readonly monitoringEndsAt: Date | null;
  /** Its health checks now; null when the migration has no metrics source. */
  readonly checks: readonly CheckLineView[] | null;
}

/** An approval given although checks did not pass, with the approver's written reason. */
export interface ApprovalOverrideView {
  readonly by: string;
  readonly reason: string;
}

export interface ApprovalView {
  readonly requestId: number;
  readonly migrationName: string;
  readonly batch: number | null;
  readonly status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly required: number;
  readonly approvals: readonly string[];
  /** Who may approve, as mentions; null when nobody is named yet. */
  readonly approvers: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly reason: string | null;
  readonly services: readonly ApprovalServiceView[];
  readonly overrides: readonly ApprovalOverrideView[];
}

const LIST_MAX = 20;
const DEPENDENCIES_MAX = 15;

export function approvalTitle(view: {
  readonly batch: number | null;
  readonly services: readonly { readonly name: string }[];
}): string {
  if (view.batch !== null)
    return `batch ${view.batch} (${view.services.length} service${view.services.length === 1 ? '' : 's'})`;
  return view.services.map((s) => s.name).join(', ') || 'no services';
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 2900) } };
}

function statusLine(view: ApprovalView): string {
  const got = new Set(view.approvals).size;
  const by = view.decidedBy ? mentionUser(view.decidedBy) : 'someone';
  const at = view.decidedAt ? ` ${slackDate(view.decidedAt)}` : '';
  switch (view.status) {
    case 'pending':
      return `:hourglass_flowing_sand: *Waiting for approval*: ${got} of ${view.required} (${Math.max(0, view.required - got)} still needed).`;
    case 'rejected':
      return `:no_entry: *Rejected* by ${by}${at}: ${escapeText(view.reason ?? '')}`;
    case 'withdrawn':
      return `:leftwards_arrow_with_hook: *Withdrawn* by ${by}${at}${view.reason ? `: ${escapeText(view.reason)}` : ''}.`;
    case 'approved':
      return `:white_check_mark: *Approved* (${got} of ${view.required})${at}. ${stageLine(view.services)}`;
  }
}

/** Once nothing of the request is in flight: how it ended, and what a rolled-back service needs next. */
function endLine(services: readonly ApprovalServiceView[]): string | null {
  const done = services.filter((s) => s.state === 'done').length;
  const back = services.filter((s) => s.state === 'rolled_back');
  if (done + back.length < services.length) return null;
  const again =
    back.length === 1
      ? `Once fixed, \`/migrate start ${escapeInline(back[0]?.name ?? '')}\` puts it in shadow again; its next cutover needs a new approval.`
      : 'Once fixed, `/migrate start` puts them in shadow again; their next cutover needs a new approval.';
  if (back.length === 0) {
    const only = services[0];
    return services.length === 1 && only
      ? `The cutover is complete: *${escapeInline(only.name)}* is done.`
      : `The cutover is complete: all ${services.length} services are done.`;
  }
  if (done === 0) {
    const only = back[0];
    return back.length === 1 && only
      ? `*${escapeInline(only.name)}* was rolled back after this approval. ${again}`
      : `All ${back.length} services were rolled back after this approval. ${again}`;
  }
  return `${done} done, ${back.length} rolled back after this approval. ${again}`;
}

function stageLine(services: readonly ApprovalServiceView[]): string {
  const ended = endLine(services);
  if (ended !== null) return ended;
  const count = (state: ServiceState) => services.filter((s) => s.state === state).length;
  const parts: string[] = [];
  if (count('cutover')) {
    const n = count('cutover');
    const who =
      n === services.length
        ? n === 1
          ? 'Traffic is'
          : `All ${n}: traffic is`
        : `${n} of ${services.length}: traffic is`;
    parts.push(`${who} being switched; press *Traffic switched* once it is done`);
  }
  const monitoring = services.filter((s) => s.state === 'monitoring');
  if (monitoring.length) {
    const ends = monitoring[0]?.monitoringEndsAt;
    parts.push(`${monitoring.length} in monitoring${ends ? ` until ${slackDate(ends)}` : ''}`);
  }
  if (count('done')) parts.push(`${count('done')} done`);
  if (count('rolled_back')) parts.push(`${count('rolled_back')} rolled back`);
  const other = services.length - count('cutover') - monitoring.length - count('done') - count('rolled_back');
  if (other) parts.push(`${other} elsewhere (see \`/migrate status\`)`);
  return parts.length ? `${parts.join(' · ')}.` : '';
}

function serviceLine(s: ApprovalServiceView): string {
  const runbook = s.runbook ? `runbook ${s.runbook.done + s.runbook.skipped}/${s.runbook.total}` : 'no runbook yet';
  const blast = s.blastRadius === null ? '' : ` · blast radius ${s.blastRadius}`;
  const critical = s.critical ? ' · :warning: critical' : '';
  return `• *${escapeInline(s.name)}*: ${STATE_LABELS[s.state]} · ${runbook}${blast}${critical} · ${s.owner}`;
}

function readiness(view: ApprovalView): string[] {
  const lines: string[] = [];
  const deps = new Map<string, ServiceState>();
  const names = new Set(view.services.map((s) => s.name));
  for (const s of view.services) for (const d of s.dependsOn) if (!names.has(d.name)) deps.set(d.name, d.state);
  const depList = [...deps].map(([name, state]) => `${escapeInline(name)} (${STATE_LABELS[state]})`);
  lines.push(`*Depends on*: ${depList.length ? firstOf(depList, DEPENDENCIES_MAX) : 'nothing outside this request'}`);
  // A service done or rolled back is past this cutover: its unticked steps no longer warn here.
  const open = view.services.filter(
    (s) => s.openValidation.length > 0 && s.state !== 'done' && s.state !== 'rolled_back',
  );
  if (open.length) {
    const items = open.map(
      (s) => `${escapeInline(s.name)} (${s.openValidation.map((k) => `\`${escapeCode(k)}\``).join(', ')})`,
    );
    lines.push(`:warning: *Validation steps not ticked*: ${firstOf(items, 5, '; ')}`);
  }
  const gated = view.services.flatMap((s) => (s.gate ? [{ name: s.name, gap: s.gate }] : []));
  if (gated.length && view.status === 'pending') {
    lines.push(
      `:lock: *Rehearsal gate*: ${firstOf(
        gated.map((s) => `${escapeInline(s.name)}: ${rehearsalGateText(s.gap, s.name)}`),
        3,
        '; ',
      )}`,
    );
  }
  return lines;
}

function buttons(view: ApprovalView): KnownBlock | null {
  const value = String(view.requestId);
  const title = truncate(approvalTitle(view), 60);
  if (view.status === 'pending') {
    return {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.approveCutover,
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value,
          confirm: {
            title: { type: 'plain_text', text: 'Approve this cutover?' },
            text: {
              type: 'plain_text',
              text: truncate(`Your approval counts toward switching all traffic of ${title} to the new platform.`, 300),
            },
            confirm: { type: 'plain_text', text: 'Approve' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
        ...[overrideButton(view)].filter((b) => b !== null),
        {
          type: 'button',
          action_id: ACTION.rejectCutover,
          text: { type: 'plain_text', text: 'Reject…' },
          style: 'danger',
          value,
        },
      ],
    };
  }
  if (view.status !== 'approved') return null;
  const elements = [];
  if (view.services.some((s) => s.state === 'cutover')) {
    elements.push({
      type: 'button' as const,
      action_id: ACTION.confirmSwitched,
      text: { type: 'plain_text' as const, text: 'Traffic switched' },
      style: 'primary' as const,
      value,
    });
  }
  if (view.services.some((s) => s.state === 'cutover' || s.state === 'monitoring')) {
    elements.push({
      type: 'button' as const,
      action_id: ACTION.rollbackService,
      text: { type: 'plain_text' as const, text: 'Roll back…' },
      style: 'danger' as const,
      value,
      confirm: {
        title: { type: 'plain_text' as const, text: 'Roll back?' },
        text: {
          type: 'plain_text' as const,
          text: truncate(
            `Sends the traffic of ${title} back to the old platform (members already done stay). You will be asked why.`,
            300,
          ),
        },
        confirm: { type: 'plain_text' as const, text: 'Roll back' },
        deny: { type: 'plain_text' as const, text: 'Cancel' },
      },
    });
  }
  return elements.length ? { type: 'actions', elements } : null;
}

export function approvalMessage(view: ApprovalView): Message {
  const title = approvalTitle(view);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Cutover approval: ${title}`, 150) } },
    section(
      `${statusLine(view)}\nRequested by ${mentionUser(view.requestedBy)} ${slackDate(view.requestedAt)} in *${escapeInline(view.migrationName)}*.`,
    ),
  ];
  const lines = view.services.slice(0, LIST_MAX).map(serviceLine);
  if (view.services.length > LIST_MAX) {
    const more = view.services.length - LIST_MAX;
    lines.push(
      `…and ${more} more: \`/migrate status ${view.batch !== null ? `batch ${view.batch}` : ''}\` lists them all.`,
    );
  }
  blocks.push(section(lines.join('\n')));
  blocks.push(section(readiness(view).join('\n')));
  const health = healthSection(view);
  if (health) blocks.push(health);
  const approved = [...new Set(view.approvals)];
  const by = approved.length ? `Approved by ${firstOf(approved.map(mentionUser), 10)}.` : 'No approvals yet.';
  const may = view.approvers
    ? `Who may approve: ${view.approvers}.`
    : 'No approvers are named yet: a lead adds them with `/migrate approvers add @person`.';
  blocks.push(section([view.status === 'pending' ? `${by} ${may}` : by, ...overrideLines(view)].join('\n')));
  const actions = buttons(view);
  if (actions) blocks.push(actions);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Cutover request #${view.requestId}` }] });
  const got = new Set(view.approvals).size;
  const text = truncate(
    `Cutover approval for ${escapeInline(title)}: ${view.status} (${got} of ${view.required})`,
    3000,
  );
  return { text, blocks };
}
