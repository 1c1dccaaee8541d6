// The health part of the cutover approval message: each check of each service, the overrides
// given despite failing checks, and the button that gives one.
import type { Button, KnownBlock } from '@slack/types';
import { escapeInline, escapeMrkdwn, escapeText, truncate } from '../escape.ts';
import { mentionUser } from '../format.ts';
import { ACTION } from '../ids.ts';
import type { ApprovalServiceView, ApprovalView } from './approval-message.ts';
import { checkLine } from './health-lines.ts';

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 2900) } };
}

const HEALTH_SERVICES_MAX = 5;

/** True while a check of a service in the request is red or unknown: Approve is refused then. */
export function checksFailing(view: Pick<ApprovalView, 'services'>): { red: boolean; any: boolean } {
  const states = view.services.flatMap((s) => (s.checks ?? []).map((c) => c.state));
  return { red: states.includes('red'), any: states.some((st) => st !== 'green') };
}

/** Each check of each service, the failing services first; null when no service has checks. */
export function healthSection(view: ApprovalView): KnownBlock | null {
  const rank = (s: ApprovalServiceView) =>
    (s.checks ?? []).some((c) => c.state === 'red') ? 0 : (s.checks ?? []).some((c) => c.state === 'amber') ? 1 : 2;
  const withChecks = view.services.filter((s) => s.checks !== null).sort((a, b) => rank(a) - rank(b));
  if (withChecks.length === 0) return null;
  const lines = ['*Health checks*'];
  for (const s of withChecks.slice(0, HEALTH_SERVICES_MAX)) {
    const checks = s.checks ?? [];
    if (view.services.length > 1) lines.push(`*${escapeInline(s.name)}*`);
    if (checks.length === 0) lines.push('no checks (`/migrate health <service>` adds some)');
    lines.push(...checks.map(checkLine));
  }
  const rest = withChecks.slice(HEALTH_SERVICES_MAX);
  if (rest.length) {
    const red = rest.filter((s) => rank(s) === 0).length;
    lines.push(
      `…and ${rest.length} more services with checks (${red} with red checks): \`/migrate status\` lists them.`,
    );
  }
  return section(lines.join('\n'));
}

export function overrideLines(view: ApprovalView): string[] {
  return view.overrides.map(
    (o) => `:warning: ${mentionUser(o.by)} *approved despite failing health checks*: ${escapeText(o.reason)}`,
  );
}

export function overrideButton(view: ApprovalView): Button | null {
  const failing = checksFailing(view);
  if (!failing.any) return null;
  return {
    type: 'button',
    action_id: ACTION.approveOverride,
    text: { type: 'plain_text', text: failing.red ? 'Approve despite red checks…' : 'Approve despite unknown checks…' },
    value: String(view.requestId),
  };
}

/** The health gate: Approve is refused while a check is red or unknown, unless overridden with a reason. */
export function healthRefusalText(
  blocked: readonly { readonly name: string; readonly lines: readonly string[] }[],
): string {
  const lines = blocked
    .slice(0, 5)
    .flatMap((b) => [`*${escapeInline(b.name)}*`, ...b.lines.map((l) => `• ${escapeMrkdwn(l)}`)]);
  const more = blocked.length > 5 ? [`…and ${blocked.length - 5} more services.`] : [];
  return [
    ':no_entry: Not yet: the health checks do not all pass.',
    ...lines,
    ...more,
    'Your click changed nothing. If you have looked and still want to approve, press *Approve despite … checks* on the request and say why.',
  ].join('\n');
}
