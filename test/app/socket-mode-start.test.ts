// The built bundle (npm start, the container) in Socket Mode: bundling must keep the Socket Mode
// client and its WebSocket working, so this starts dist/src/main.bundle.js as a process with
// SLACK_APP_TOKEN, on the stand-in of Slack's Socket Mode side, and asks it something.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_TOKEN } from '../support/harness.ts';
import { slashCommandBody } from '../support/slack-requests.ts';
import { APP_TOKEN, freePort, SlackSocket } from '../support/socket-mode.ts';
import { type BotProcess, spawnBot } from './spawn.ts';

describe('the built bot in Socket Mode', () => {
  let fake: FakeSlack | undefined;
  let socket: SlackSocket | undefined;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    bot?.kill();
    await socket?.stop();
    await fake?.stop();
    bot = undefined;
    socket = undefined;
    fake = undefined;
  });

  it('connects, reports ready, and answers a command in its ack', async () => {
    fake = await new FakeSlack().start();
    socket = await SlackSocket.start(fake);
    const port = await freePort();
    const cwd = mkdtempSync(join(tmpdir(), 'migrate-bot-socket-'));
    bot = spawnBot({
      cwd,
      env: {
        NODE_ENV: 'production',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        DATABASE_URL: join(cwd, 'bot.db'),
      },
    });
    await bot.waitFor(/running \(Socket Mode\)/);
    expect(fake.callsTo('apps.connections.open').map((c) => c.token)).toEqual([APP_TOKEN]);
    const readyz = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ status: 'ready', socket: 'connected' });

    const payload = Object.fromEntries(
      new URLSearchParams(slashCommandBody('help', { response_url: fake.responseUrl() })),
    );
    const ack = await socket.waitForAck(socket.deliver('slash_commands', payload));
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(ack.payload.blocks)).toContain('/migrate status');
    expect(bot.stdout() + bot.stderr()).not.toContain(APP_TOKEN);

    bot.child.kill('SIGTERM');
    expect((await bot.exited()).code).toBe(0);
  });
});
