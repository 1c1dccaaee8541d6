// The prompt posted when a service's monitoring window ends: while the service is still in
// monitoring it asks the owner to mark it done, with the button; once the service has moved on
// (done, rolled back) it is re-rendered from the store to say so, by whom, without the button.
import type { KnownBlock } from '@slack/types';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import type { ServiceState } from '../../domain/model.ts';
import type { Message } from '../effect.ts';
import { escapeInline, escapeText } from '../escape.ts';
import { mentionUser, slackDate } from '../format.ts';
import { ACTION } from '../ids.ts';

export interface MonitoringPromptView {
  readonly serviceId: number;
  readonly service: string;
  readonly migrationName: string;
  /** A mention or a team name, already formatted; null when the service has no owner. */
  readonly owner: string | null;
  readonly state: ServiceState;
  /** When the window ended; null once a rollback has cleared it. */
  readonly endedAt: Date | null;
  /** The step out of monitoring, once there was one: who, when, and a rollback's reason. */
  readonly outcome: { readonly by: string; readonly at: Date; readonly reason: string | null } | null;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** What happened since the window ended, from the stored state; null while it is still in monitoring. */
function outcomeLine(view: MonitoringPromptView, name: string): { emoji: string; text: string } | null {
  const who = view.outcome ? mentionUser(view.outcome.by) : null;
  const when = view.outcome ? ` ${slackDate(view.outcome.at)}` : '';
  switch (view.state) {
    case 'monitoring':
      return null;
    case 'done':
      return { emoji: ':white_check_mark:', text: who ? `${who} marked it done${when}.` : 'It is done.' };
    case 'rolled_back': {
      const why = view.outcome?.reason ? `: ${escapeText(view.outcome.reason)}` : '';
      const did = who ? `${who} rolled it back${when}${why}.` : `It was rolled back${why}.`;
      return { emoji: ':rewind:', text: `${did} Once fixed, \`/migrate start ${name}\` puts it in shadow again.` };
    }
    default:
      return {
        emoji: ':arrow_right:',
        text: `It has moved on: it is in *${STATE_LABELS[view.state]}* now; \`/migrate status ${name}\` shows where it is.`,
      };
  }
}

export function monitoringPromptMessage(view: MonitoringPromptView): Message {
  const name = escapeInline(view.service);
  const ended = view.endedAt ? ` ${slackDate(view.endedAt)}` : '';
  const window = `The monitoring window of *${name}* in *${escapeInline(view.migrationName)}* ended${ended}.`;
  const outcome = outcomeLine(view, name);
  if (outcome !== null) {
    const text = `${outcome.emoji} ${window} ${outcome.text}`;
    return { text, blocks: [section(text)] };
  }
  const who = view.owner ? `${view.owner}: if it stayed healthy, mark it done.` : 'If it stayed healthy, mark it done.';
  const text = `:stopwatch: ${window} ${who}`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTION.confirmDone,
            text: { type: 'plain_text', text: 'Mark done' },
            style: 'primary',
            value: String(view.serviceId),
          },
        ],
      },
      context(`Or \`/migrate done ${name}\`; if something is wrong, \`/migrate rollback ${name} <reason>\`.`),
    ],
  };
}
