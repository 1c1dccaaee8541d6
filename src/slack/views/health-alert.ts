// The alert posted in the channel when a check turns red in a service's monitoring window: it
// mentions the owner, lists the checks that are not green, and offers Roll back (the request's own
// rollback flow, with its confirm and reason) and Acknowledge. Once acknowledged it says by whom.
import type { KnownBlock } from '@slack/types';
import type { Message } from '../effect.ts';
import { escapeInline, truncate } from '../escape.ts';
import { mentionUser, slackDate } from '../format.ts';
import { ACTION } from '../ids.ts';
import { type CheckLineView, checkLine } from './health-lines.ts';
import { firstOf } from './paginate.ts';

export interface HealthAlertView {
  readonly serviceId: number;
  readonly serviceName: string;
  readonly migrationName: string;
  /** A mention or a team name, already formatted. */
  readonly owner: string;
  /** The checks that are not green now. */
  readonly checks: readonly CheckLineView[];
  /** The approved request the service switched under: its Roll back flow; null when there is none. */
  readonly requestId: number | null;
  readonly acknowledged: { readonly by: string; readonly at: Date } | null;
}

export function healthAlert(view: HealthAlertView): Message {
  const name = escapeInline(view.serviceName);
  const red = view.checks.filter((c) => c.state === 'red').length;
  const headline = `:rotating_light: *${name}* in *${escapeInline(view.migrationName)}* has ${red === 0 ? 'no red checks now' : `${red} red check${red === 1 ? '' : 's'}`} in its monitoring window. ${view.owner}: roll it back, or acknowledge that you are looking.`;
  const lines = view.checks.length ? firstOf(view.checks.map(checkLine), 10, '\n') : 'Every check is green again.';
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(headline, 2900) } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(lines, 2900) } },
  ];
  const elements = [];
  if (view.requestId !== null) {
    elements.push({
      type: 'button' as const,
      action_id: ACTION.rollbackService,
      text: { type: 'plain_text' as const, text: 'Roll back…' },
      style: 'danger' as const,
      value: String(view.requestId),
      confirm: {
        title: { type: 'plain_text' as const, text: 'Roll back?' },
        text: {
          type: 'plain_text' as const,
          text: truncate(
            `Sends the traffic of ${view.serviceName} (and of its request's members not yet done) back to the old platform. You will be asked why.`,
            300,
          ),
        },
        confirm: { type: 'plain_text' as const, text: 'Roll back' },
        deny: { type: 'plain_text' as const, text: 'Cancel' },
      },
    });
  }
  if (view.acknowledged === null) {
    elements.push({
      type: 'button' as const,
      action_id: ACTION.acknowledgeHealthAlert,
      text: { type: 'plain_text' as const, text: 'Acknowledge' },
      value: String(view.serviceId),
    });
  }
  if (elements.length) blocks.push({ type: 'actions', elements });
  const footer = view.acknowledged
    ? `:eyes: Acknowledged by ${mentionUser(view.acknowledged.by)} ${slackDate(view.acknowledged.at)}.`
    : `Or \`/migrate rollback ${escapeInline(view.serviceName)} <reason>\`.`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer }] });
  const state = view.acknowledged ? ' (acknowledged)' : '';
  const text = `${name} has failing health checks in its monitoring window${state}: ${view.owner}`;
  return { text: truncate(text, 3000), blocks };
}
