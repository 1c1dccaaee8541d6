// The modal where a lead enters a metrics source's credentials: a bearer token, or a user name and
// password. The fields always open empty: saved values are never sent back to Slack.
import type { KnownBlock, View } from '@slack/types';
import { z } from 'zod';
import type { SourceCredentials } from '../../health/prometheus.ts';
import { truncate } from '../escape.ts';

export const HEALTH_IDS = {
  addCredentials: 'health_add_credentials',
  credentialsSubmit: 'health_credentials_submit',
  tokenBlock: 'health_token',
  usernameBlock: 'health_username',
  passwordBlock: 'health_password',
  input: 'value',
} as const;

/** The source travels with the modal, so a URL changed meanwhile is not sent these credentials. */
export const zCredentialsMetadata = z.object({ migrationId: z.number().int().positive(), url: z.string() });
export type CredentialsMetadata = z.infer<typeof zCredentialsMetadata>;

/** The button on the source's answer; its value is the migration. */
export function addCredentialsButton(migrationId: number, replacing: boolean): KnownBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: HEALTH_IDS.addCredentials,
        text: { type: 'plain_text', text: replacing ? 'Replace credentials' : 'Add credentials' },
        value: String(migrationId),
      },
    ],
  };
}

function field(blockId: string, label: string, hint: string): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: { type: 'plain_text', text: label },
    hint: { type: 'plain_text', text: hint },
    element: { type: 'plain_text_input', action_id: HEALTH_IDS.input, max_length: 2000 },
  };
}

export function credentialsModal(meta: CredentialsMetadata, migrationName: string): View {
  return {
    type: 'modal',
    callback_id: HEALTH_IDS.credentialsSubmit,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Source credentials' },
    submit: { type: 'plain_text', text: 'Test and save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'plain_text',
          text: truncate(
            `For the metrics source of ${migrationName} (${meta.url}). Give a bearer token, or a user name and password. They are tested with one query, then saved encrypted; they are never shown again.`,
            2900,
          ),
        },
      },
      field(HEALTH_IDS.tokenBlock, 'Bearer token', 'Sent as Authorization: Bearer …'),
      field(HEALTH_IDS.usernameBlock, 'User name', 'For basic authentication, with the password below'),
      field(HEALTH_IDS.passwordBlock, 'Password', 'For basic authentication'),
    ],
  };
}

type Values = Record<string, Record<string, { value?: string | null }>>;

/** The credentials typed, or the errors to show on the fields. */
export function credentialsFrom(
  values: Values,
): { ok: true; credentials: SourceCredentials } | { ok: false; errors: Record<string, string> } {
  const read = (block: string) => (values[block]?.[HEALTH_IDS.input]?.value ?? '').trim();
  const token = read(HEALTH_IDS.tokenBlock);
  const username = read(HEALTH_IDS.usernameBlock);
  const password = read(HEALTH_IDS.passwordBlock);
  if (token !== '' && (username !== '' || password !== '')) {
    return { ok: false, errors: { [HEALTH_IDS.tokenBlock]: 'Give a token or a user name and password, not both.' } };
  }
  if (token !== '') return { ok: true, credentials: { kind: 'bearer', token } };
  if (username === '') {
    return {
      ok: false,
      errors: { [HEALTH_IDS.tokenBlock]: 'Give a bearer token, or a user name and password below.' },
    };
  }
  return { ok: true, credentials: { kind: 'basic', username, password } };
}
