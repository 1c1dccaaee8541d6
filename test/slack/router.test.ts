import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createListeners } from '../../src/slack/listeners/router.ts';

// A real Bolt app, driven through processEvent as its receiver would, with no Slack behind it.
function boltApp(): App {
  return new App({
    signingSecret: 'router-test-signing-secret',
    authorize: async () => ({ botToken: 'xoxb-router-test', botId: 'B1', botUserId: 'UBOT' }),
  });
}

// Who sent it, from where: the same on both kinds of request.
const FROM = {
  team: { id: 'T1', domain: 'acme' },
  user: { id: 'U1', name: 'ana', team_id: 'T1' },
  api_app_id: 'A1',
  token: 'verification',
  trigger_id: '1.2.3',
};

function blockAction(actionId: string) {
  return {
    type: 'block_actions',
    ...FROM,
    container: { type: 'message', message_ts: '1.0', channel_id: 'C1', is_ephemeral: false },
    channel: { id: 'C1', name: 'migration' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: '7', action_ts: '1.1' }],
  };
}

function viewSubmission(callbackId: string) {
  return {
    type: 'view_submission',
    ...FROM,
    view: { id: 'V1', type: 'modal', callback_id: callbackId, private_metadata: '', state: { values: {} } },
  };
}

/** Sends one request through Bolt and says whether a listener acknowledged it. */
async function deliver(app: App, body: object): Promise<boolean> {
  let acked = false;
  await app.processEvent({
    body,
    ack: async () => {
      acked = true;
    },
  });
  return acked;
}

describe('the listener router', () => {
  it('hands each block action and submission to the handler registered for its id, and to no other', async () => {
    const app = boltApp();
    const listeners = createListeners(app);
    const ran: string[] = [];
    listeners.action('approve', async ({ ack, action }) => {
      await ack();
      ran.push(`approve ${'value' in action ? action.value : ''}`);
    });
    listeners.action('reject', async ({ ack }) => {
      await ack();
      ran.push('reject');
    });
    listeners.view('import_submit', async ({ ack, view }) => {
      await ack();
      ran.push(`view ${view.callback_id}`);
    });

    expect(await deliver(app, blockAction('approve'))).toBe(true);
    expect(await deliver(app, viewSubmission('import_submit'))).toBe(true);
    expect(ran).toEqual(['approve 7', 'view import_submit']);
  });

  it('runs nothing for an id no handler claims and leaves it unacknowledged, as Bolt does', async () => {
    const app = boltApp();
    const listeners = createListeners(app);
    let ran = false;
    listeners.action('approve', async ({ ack }) => {
      ran = true;
      await ack();
    });
    listeners.view('import_submit', async ({ ack }) => {
      ran = true;
      await ack();
    });

    expect(await deliver(app, blockAction('approve_typo'))).toBe(false);
    expect(await deliver(app, viewSubmission('assess_submit'))).toBe(false);
    expect(ran).toBe(false);
  });

  it('refuses a second handler for an id at registration, before any request arrives', () => {
    const listeners = createListeners(boltApp());
    listeners.action('approve', async () => undefined);
    listeners.view('approve', async () => undefined);
    expect(() => listeners.action('approve', async () => undefined)).toThrow('Two action handlers for approve');
    expect(() => listeners.view('approve', async () => undefined)).toThrow('Two view handlers for approve');
  });
});
