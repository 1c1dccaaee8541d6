// The baseline for the benches: a bare Bolt app in HTTP mode with one /healthz route, the same
// token, signing secret and Web API URL as the bot, started the same way (node <file>). It answers
// the ack bench's requests the way the bot does: a command with a private message in its ack, a
// click with an empty ack and then a private answer through its response_url.
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      },
    },
  ],
});
app.command('/migrate', async ({ ack, command }) => {
  const text = `You asked for \`${command.text}\`.`;
  await ack({ response_type: 'ephemeral', text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
});
app.action(/.*/, async ({ ack, respond }) => {
  await ack();
  await respond({ response_type: 'ephemeral', replace_original: true, text: 'Nothing is waiting for that.' });
});
await app.start(Number(process.env.PORT));
process.once('SIGTERM', () => app.stop().then(() => process.exit(0)));
