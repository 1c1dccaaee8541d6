// Slack's request signing (v0): HMAC-SHA256 over "v0:<timestamp>:<raw body>" with the signing
// secret, sent in X-Slack-Signature. The playground signs every request it forwards to the bot, so
// the bot's real HTTP receiver checks them exactly as it checks Slack's.
import { createHmac } from 'node:crypto';

export function sign(body: string, timestamp: number, secret: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs a signed body to the bot's /slack/events; form-encoded unless told it is JSON. */
export function postSigned(
  botUrl: string,
  secret: string,
  body: string,
  contentType = 'application/x-www-form-urlencoded',
): Promise<Response> {
  // Slack's clock, not the bot's: the receiver refuses timestamps over 5 minutes old by the machine's time.
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${botUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp, secret),
    },
    body,
  });
}
