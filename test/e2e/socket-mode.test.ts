// Socket Mode end to end, single-token mode: the real bot started with SLACK_APP_TOKEN opens its
// connection through apps.connections.open at the fake Slack, takes envelopes over a real WebSocket
// (socket-mode.ts plays Slack's side) and answers in their acks; /readyz follows the connection.
import { afterEach, describe, expect, it } from 'vitest';
import { assessValues, SCORES } from '../support/assess-values.ts';
import { BOT_TOKEN, type Harness, startHarness } from '../support/harness.ts';
import { pendingIdFrom } from '../support/lifecycle-fixture.ts';
import { CHANNEL, USER, viewSubmissionPayload } from '../support/slack-requests.ts';
import { type SocketBot, startSocketBot } from '../support/socket-bot.ts';
import { APP_TOKEN } from '../support/socket-mode.ts';

let s: SocketBot | undefined;
let http: Harness | undefined;
afterEach(async () => {
  expect(s?.fake.violations ?? []).toEqual([]);
  await s?.close();
  await http?.close();
  s = undefined;
  http = undefined;
});

const text = (payload: Record<string, unknown>) => `${String(payload.text)}\n${JSON.stringify(payload.blocks ?? [])}`;

describe('Socket Mode with the single token', () => {
  it('connects with the app token and is ready only once Slack said hello', async () => {
    s = await startSocketBot({ autoHello: false });
    await s.socket.waitForConnections(1);
    expect(s.fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
    // Connected, not greeted: Slack delivers nothing yet.
    expect(await s.readyz()).toEqual({
      status: 503,
      body: {
        status: 'not_ready',
        db: 'ok',
        slack: 'ok',
        socket: 'disconnected',
        reason: 'the Socket Mode connection to Slack is down',
      },
    });
    expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
    s.socket.hello();
    await s.started;
    expect(await s.readyz()).toEqual({
      status: 200,
      body: { status: 'ready', db: 'ok', slack: 'ok', socket: 'connected' },
    });
    const metrics = await (await fetch(`${s.baseUrl}/metrics`)).text();
    expect(metrics).toContain('migrate_bot_ready{check="socket_mode"} 1');
    expect(s.logs()).toContain('running (Socket Mode)');
  });

  it('answers a command in the ack as over HTTP, posts through the Web API, and takes clicks and events', async () => {
    s = await startSocketBot();
    await s.started;
    http = await startHarness();
    const overHttp = JSON.parse((await http.slash('help')).ackBody) as Record<string, unknown>;
    const help = await s.command('help');
    expect(help.payload).toEqual(overHttp);
    expect(text(help.payload)).toContain('/migrate status');
    await s.bot.idle();
    expect(s.fake.responses.filter((r) => r.id === help.responseId)).toEqual([]);

    // A state change: the announcement goes to the channel through chat.postMessage, with the bot token.
    const created = await s.command('new Shop');
    // Acked bare, as over HTTP: the migration's announcement is the answer.
    expect(created.payload).toEqual({});
    const post = await s.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === CHANNEL && String(c.args.text).includes('started the migration'),
    );
    expect(post.token).toBe(BOT_TOKEN);

    // A click: the archive question's button, acked bare; the answer goes through its response_url.
    const question = await s.command('archive');
    const click = await s.click({ actionId: 'confirm_pending', value: pendingIdFrom(text(question.payload)) });
    expect(click.payload).toEqual({});
    const answer = await s.fake.waitForResponse((r) => r.id === click.responseId);
    expect(text(answer.body)).toContain('Confirmed: Archive *Shop*.');
    await s.bot.idle();
    expect(await s.command('status')).toMatchObject({ payload: { response_type: 'ephemeral' } });

    // An event: the App Home is published for the person who opened it.
    const opened = await s.event({ type: 'app_home_opened', user: USER, tab: 'home', channel: 'D0HOME' });
    expect(opened.payload).toEqual({});
    const home = await s.fake.waitForCall('views.publish', (c) => c.args.user_id === USER);
    expect(home.token).toBe(BOT_TOKEN);
  });

  it('is not ready while the connection is down, and ready again once the client reconnected', async () => {
    s = await startSocketBot();
    await s.started;
    expect((await s.readyz()).status).toBe(200);

    // The connection drops. The client waits before it reconnects: not ready as soon as it noticed.
    s.socket.autoHello = false;
    s.socket.drop();
    await s.waitForLog('WebSocket close frame received');
    expect(await s.readyz()).toMatchObject({ status: 503, body: { socket: 'disconnected' } });
    // It asks for a new URL and connects; until hello it is still not ready.
    await s.socket.waitForConnections(2);
    expect(s.fake.callsTo('apps.connections.open')).toHaveLength(2);
    expect((await s.readyz()).status).toBe(503);
    s.socket.hello();
    expect(await s.waitForReadyz(200)).toMatchObject({ socket: 'connected' });
    expect(text((await s.command('help')).payload)).toContain('/migrate status');

    // Slack asks for a fresh connection (refresh_requested): the client closes this one and opens another.
    s.socket.autoHello = true;
    const refreshed = s.socket.current;
    s.socket.disconnect();
    await s.waitForLog('WebSocket close frame received (code: 1000');
    expect(refreshed?.readyState).not.toBe(refreshed?.OPEN);
    expect((await s.readyz()).status).toBe(503);
    await s.socket.waitForConnections(3);
    await s.waitForReadyz(200);
    expect(text((await s.command('help')).payload)).toContain('/migrate status');
    expect(s.fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN, APP_TOKEN, APP_TOKEN]);
  }, 60_000);

  it('answers a modal submission in its ack: a field error back on the modal, a valid one posted', async () => {
    s = await startSocketBot();
    await s.started;
    const submit = async (scores: Record<string, string | null>) => {
      const payload = viewSubmissionPayload({
        callbackId: 'assess_submit',
        privateMetadata: JSON.stringify({ channelId: CHANNEL }),
        values: assessValues(scores),
      }) as Record<string, unknown>;
      return (await s?.socket.waitForAck(s.socket.deliver('interactive', payload)))?.payload;
    };
    expect(await submit({ ...SCORES, automation: null })).toEqual({
      response_action: 'errors',
      errors: { automation: 'Pick a score from 1 to 5.' },
    });
    await s.bot.idle();
    expect(s.fake.callsTo('chat.postMessage')).toHaveLength(0);
    expect(await submit(SCORES)).toEqual({});
    const post = await s.fake.waitForCall('chat.postMessage', (c) => c.args.channel === CHANNEL);
    expect(post.token).toBe(BOT_TOKEN);
    expect(JSON.stringify(post.args.blocks)).toContain('19/30');
  });

  it('refuses to start when Slack rejects the app token, naming it', async () => {
    s = await startSocketBot({ appToken: 'xapp-1-A0APP-9999-wrong-token' });
    await expect(s.started).rejects.toThrow('Slack rejected SLACK_APP_TOKEN: invalid_auth');
    expect(s.fake.callsTo('apps.connections.open')).toHaveLength(1);
    expect(s.socket.connections).toEqual([]);
    // Its HTTP server (health, metrics) is closed again: the port is not left taken.
    await expect(fetch(`${s.baseUrl}/healthz`)).rejects.toThrow();
  });

  it('logs no token and no secret, even at debug level', async () => {
    s = await startSocketBot();
    await s.started;
    await s.command('new Shop');
    await s.event({ type: 'app_home_opened', user: USER, tab: 'home', channel: 'D0HOME' });
    await s.bot.idle();
    const logs = s.logs();
    // The debug lines are there: the envelopes, the acks, the Web API calls.
    expect(logs).toContain('apps.connections.open');
    expect(logs).toContain('envelope_id');
    for (const secret of [APP_TOKEN, BOT_TOKEN]) expect(logs).not.toContain(secret);
  });
});
