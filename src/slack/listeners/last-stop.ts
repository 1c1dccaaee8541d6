// app.error: the last stop for a failure no listener answered (anything but a coded mistake, which
// handle.ts answers). It is logged under a ref, and the person who asked is told once, privately,
// with that ref to quote.
import { type Context, UnknownError } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Logger } from '../../logger.ts';
import { postToResponseUrl, sendPrivately } from '../private-reply.ts';
import { toUserMessage } from '../user-message.ts';

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The few fields of any request body that say who asked, where to answer, and what it was. */
const zAsker = z.object({
  command: lenient(z.string()),
  text: lenient(z.string()),
  user_id: lenient(z.string()),
  user: lenient(z.object({ id: z.string() })),
  response_url: lenient(z.string()),
  actions: lenient(z.array(z.object({ action_id: z.string() }))),
  view: lenient(z.object({ callback_id: z.string() })),
  event: lenient(z.object({ type: z.string(), user: lenient(z.string()) })),
});
type Asker = z.infer<typeof zAsker>;

function whereOf(asker: Asker): string {
  if (asker.command) return `[cmd:${asker.text?.trim().split(/\s+/)[0] || 'help'}]`;
  const action = asker.actions?.[0]?.action_id;
  if (action) return `[action:${action}]`;
  if (asker.view) return `[view:${asker.view.callback_id}]`;
  return `[event:${asker.event?.type ?? 'unknown'}]`;
}

async function answer(client: WebClient, asker: Asker, text: string, logger: Logger, where: string): Promise<void> {
  const url = asker.response_url;
  if (url) {
    const body = { response_type: 'ephemeral', replace_original: false, text };
    await sendPrivately(() => postToResponseUrl(url, body), logger, where);
    return;
  }
  const userId = asker.user_id ?? asker.user?.id ?? asker.event?.user;
  if (userId) await client.chat.postMessage({ channel: userId, text });
}

/** What Bolt's extended error handler is given, as far as this handler reads it. */
interface Failure {
  readonly error: Error;
  readonly body: unknown;
  readonly context: Context;
}

/** `clientFor` picks the client of the request's workspace (each installation's token in OAuth mode). */
export function lastStop(
  clientFor: (context: Context) => WebClient,
  logger: Logger,
): (failure: Failure) => Promise<void> {
  return async ({ error, body, context }) => {
    const parsed = zAsker.safeParse(body);
    const asker: Asker = parsed.success ? parsed.data : {};
    const where = whereOf(asker);
    // Bolt wraps what it does not know; the log wants what was thrown.
    const message = toUserMessage(error instanceof UnknownError ? error.original : error, logger, where);
    await Promise.resolve()
      .then(() => answer(clientFor(context), asker, message.text, logger, where))
      .catch((e: unknown) => logger.warn(`${where} could not answer the person: ${String(e)}`));
  };
}
