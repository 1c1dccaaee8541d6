// Requests exactly as Slack sends them: form-encoded slash commands, `payload` forms for
// interactions, signed with v0 HMAC-SHA256 over "v0:<timestamp>:<raw body>".
import { createHmac } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEAM = 'T0001';
export const CHANNEL = 'C0CHANNEL';
export const USER = 'U0ALICE';

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** Seconds since the epoch; defaults to now. */
  readonly timestamp?: number;
  readonly signature?: string | null;
  readonly secret?: string;
  readonly contentType?: string;
  /** More headers, e.g. Slack's X-Slack-Retry-Num on a retried event. */
  readonly headers?: Record<string, string>;
}

export async function sendSigned(baseUrl: string, body: string, options: SendOptions = {}): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
  };
  const signature = options.signature === undefined ? sign(body, timestamp, options.secret) : options.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  Object.assign(headers, options.headers);
  return fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
}

export interface CommandOverrides {
  readonly user_id?: string;
  readonly channel_id?: string;
  readonly channel_name?: string;
  readonly team_id?: string;
  readonly enterprise_id?: string;
  readonly is_enterprise_install?: string;
  readonly response_url: string;
  readonly trigger_id?: string;
}

export function slashCommandBody(text: string, overrides: CommandOverrides): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM,
    team_domain: 'acme',
    channel_id: CHANNEL,
    channel_name: 'payments-migration',
    user_id: USER,
    user_name: 'alice',
    command: '/migrate',
    text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  }).toString();
}

export function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface ViewSubmissionInput {
  readonly callbackId: string;
  readonly privateMetadata: string;
  readonly values: Record<string, Record<string, unknown>>;
  readonly userId?: string;
  readonly teamId?: string;
}

export function viewSubmissionPayload(input: ViewSubmissionInput): unknown {
  return {
    type: 'view_submission',
    team: { id: input.teamId ?? TEAM, domain: 'acme' },
    user: { id: input.userId ?? USER, username: 'alice', name: 'alice', team_id: input.teamId ?? TEAM },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    view: {
      id: 'V0VIEW',
      team_id: input.teamId ?? TEAM,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata,
      state: { values: input.values },
      hash: 'h1',
      blocks: [],
    },
    response_urls: [],
    is_enterprise_install: false,
  };
}

export interface BlockActionInput {
  readonly actionId: string;
  readonly value: string;
  readonly userId?: string;
  readonly channelId?: string;
  readonly messageTs?: string;
  readonly responseUrl: string;
  readonly blockId?: string;
}

export function blockActionPayload(input: BlockActionInput): unknown {
  const channelId = input.channelId ?? CHANNEL;
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'acme' },
    user: { id: input.userId ?? USER, username: 'someone', name: 'someone', team_id: TEAM },
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: input.messageTs ?? '1700000000.000001', channel_id: channelId },
    trigger_id: `trigger-${Math.random().toString(36).slice(2)}`,
    channel: { id: channelId, name: 'payments-migration' },
    message: { ts: input.messageTs ?? '1700000000.000001', text: '', blocks: [] },
    response_url: input.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: input.blockId ?? 'b',
        value: input.value,
        action_ts: String(Date.now() / 1000),
      },
    ],
    is_enterprise_install: false,
  };
}

/** An Events API callback, sent as JSON like Slack does. */
export function eventBody(event: Record<string, unknown>, teamId = TEAM): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0APP',
    event,
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2)}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  });
}
