// The bodies Slack sends the bot when a person acts: a slash command, a click, a view submission
// or close, opening the Home tab. Shapes as in ../shared/SLACK.md; the stand-in issues the
// response_url and trigger_id so answers land in the right place of the conversation.
import { BOT } from './conversation.ts';

const TEAM = { id: BOT.teamId, domain: 'playground' } as const;
const APP_ID = 'A0PLAYGROUND';

export interface Actor {
  readonly id: string;
  readonly name: string;
}

const userOf = (actor: Actor) => ({ id: actor.id, username: actor.name, name: actor.name, team_id: TEAM.id });

export function slashCommandBody(input: {
  actor: Actor;
  text: string;
  channel: { id: string; name: string };
  responseUrl: string;
  triggerId: string;
}): string {
  return new URLSearchParams({
    token: 'playground',
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: input.channel.id,
    channel_name: input.channel.name,
    user_id: input.actor.id,
    user_name: input.actor.name,
    command: '/migrate',
    text: input.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  }).toString();
}

export function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** One element's action, as Slack reports it: the element's type, ids, and what was chosen. */
export type ActionValue = Record<string, unknown> & { action_id: string; block_id: string; type: string };

type ViewState = Record<string, Record<string, unknown>>;

function viewPayload(id: string, view: Record<string, unknown>, values: ViewState) {
  return { ...view, id, team_id: TEAM.id, state: { values }, hash: 'h1' };
}

export function messageActionPayload(input: {
  actor: Actor;
  channel: { id: string; name: string };
  message: { ts: string; text: string; blocks: unknown[]; ephemeral: boolean };
  action: ActionValue;
  responseUrl: string;
  triggerId: string;
}): unknown {
  return {
    type: 'block_actions',
    team: TEAM,
    user: userOf(input.actor),
    api_app_id: APP_ID,
    token: 'playground',
    container: {
      type: 'message',
      message_ts: input.message.ts,
      channel_id: input.channel.id,
      is_ephemeral: input.message.ephemeral,
    },
    trigger_id: input.triggerId,
    channel: input.channel,
    message: { type: 'message', ts: input.message.ts, text: input.message.text, blocks: input.message.blocks },
    response_url: input.responseUrl,
    actions: [{ ...input.action, action_ts: String(Date.now() / 1000) }],
    is_enterprise_install: false,
  };
}

export function viewActionPayload(input: {
  actor: Actor;
  view: { id: string; body: Record<string, unknown>; values: ViewState };
  action: ActionValue;
  triggerId: string;
}): unknown {
  return {
    type: 'block_actions',
    team: TEAM,
    user: userOf(input.actor),
    api_app_id: APP_ID,
    token: 'playground',
    container: { type: 'view', view_id: input.view.id },
    trigger_id: input.triggerId,
    view: viewPayload(input.view.id, input.view.body, input.view.values),
    actions: [{ ...input.action, action_ts: String(Date.now() / 1000) }],
    is_enterprise_install: false,
  };
}

export function viewSubmissionPayload(input: {
  actor: Actor;
  view: { id: string; body: Record<string, unknown>; values: ViewState };
  triggerId: string;
}): unknown {
  return {
    type: 'view_submission',
    team: TEAM,
    user: userOf(input.actor),
    api_app_id: APP_ID,
    token: 'playground',
    trigger_id: input.triggerId,
    view: viewPayload(input.view.id, input.view.body, input.view.values),
    response_urls: [],
    is_enterprise_install: false,
  };
}

export function viewClosedPayload(input: {
  actor: Actor;
  view: { id: string; body: Record<string, unknown>; values: ViewState };
}): unknown {
  return {
    type: 'view_closed',
    team: TEAM,
    user: userOf(input.actor),
    api_app_id: APP_ID,
    token: 'playground',
    view: viewPayload(input.view.id, input.view.body, input.view.values),
    is_cleared: false,
    is_enterprise_install: false,
  };
}

/** An Events API callback, sent as JSON like Slack does. */
export function homeOpenedBody(user: string, eventId: string): string {
  return JSON.stringify({
    token: 'playground',
    team_id: TEAM.id,
    api_app_id: APP_ID,
    event: {
      type: 'app_home_opened',
      user,
      channel: `D${user.slice(1)}`,
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
    },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM.id, user_id: BOT.userId, is_bot: true, is_enterprise_install: false }],
  });
}
