// The one way a listener works: ack, call one function, run its effects. A coded failure (a
// person's mistake) is translated once and answered privately once, here; anything else goes on to
// app.error (last-stop.ts), which logs it under a ref and answers with that ref.
import { asCodedError, UnexpectedError } from '../../errors.ts';
import type { Effect, Message } from '../effect.ts';
import { type EffectTarget, runEffects } from '../effects.ts';
import { toUserMessage } from '../user-message.ts';

export type Work = () => Effect[] | Promise<Effect[]>;

/** What a modal submission decided before its ack: errors shown on its fields, or the work to do once it closed. */
export type Submission = { readonly errors: Record<string, string> } | { readonly run: Work };

export interface Request {
  readonly target: EffectTarget;
  /** Names the listener in the log, e.g. `[cmd:plan]`. */
  readonly where: string;
}

/** A slash command's ack: with a message, the message is the answer, shown privately. */
export type AnsweringAck = (answer?: Message) => Promise<void>;

/**
 * How long a command's answer may take and still go in the ack. Slack waits 3 s for the ack; the
 * rest is margin for the HTTP round trip, so a slow answer is acked empty and sent afterwards.
 */
export const ACK_DEADLINE_MS = 2500;

async function answering(request: Request, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    const coded = asCodedError(err);
    if (coded instanceof UnexpectedError) throw err;
    const message = toUserMessage(coded, request.target.logger, request.where);
    await runEffects(request.target, [{ type: 'reply', message }]).catch((e: unknown) =>
      request.target.logger.warn(`${request.where} could not answer the person: ${String(e)}`),
    );
  }
}

/** Clicks and events: acknowledged first, so Slack's 3 seconds never depend on the work. */
export async function handle(request: Request, ack: () => Promise<void>, work: Work): Promise<void> {
  await ack();
  await answering(request, async () => runEffects(request.target, await work()));
}

type Outcome = { readonly effects: Effect[] } | { readonly error: unknown };

/** The one message a finished command can answer with in its ack, or null: it has more to do. */
function inlineAnswer(request: Request, outcome: Outcome): Message | null {
  if ('error' in outcome) {
    const error = asCodedError(outcome.error);
    return error instanceof UnexpectedError ? null : toUserMessage(error, request.target.logger, request.where);
  }
  const [only, ...more] = outcome.effects;
  return only?.type === 'reply' && more.length === 0 ? only.message : null;
}

/**
 * Slash commands: an answer that is only a private reply (help, status, a refusal) and is ready
 * within `deadlineMs` goes in the ack itself, so the person sees it one round trip sooner and no
 * response_url call competes with the next requests. Anything else (a modal, several effects, an
 * answer still being worked out) is acked empty and carried out as `handle` does. Channel messages
 * never reach here: the command's commit queued them in the outbox.
 */
export async function handleCommand(
  request: Request,
  ack: AnsweringAck,
  work: Work,
  deadlineMs = ACK_DEADLINE_MS,
): Promise<void> {
  const running: Promise<Outcome> = Promise.resolve()
    .then(work)
    .then(
      (effects) => ({ effects }),
      (error: unknown) => ({ error }),
    );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), deadlineMs);
  });
  const early = await Promise.race([running, late]);
  clearTimeout(timer);
  const answer = early && inlineAnswer(request, early);
  if (answer) return ack(answer);
  await ack();
  await answering(request, async () => {
    const outcome = await running;
    if ('error' in outcome) throw outcome.error;
    await runEffects(request.target, outcome.effects);
  });
}

/** Modal submissions: the quick decision goes in the ack (field errors, or close), the rest runs after. */
export async function handleSubmission(
  request: Request,
  ack: (errors?: Record<string, string>) => Promise<void>,
  decide: () => Submission,
): Promise<void> {
  let acked = false;
  const once = async (errors?: Record<string, string>) => {
    acked = true;
    await ack(errors);
  };
  await answering(request, async () => {
    try {
      const submission = decide();
      if ('errors' in submission) return await once(submission.errors);
      await once();
      await runEffects(request.target, await submission.run());
    } finally {
      // Whatever failed, the modal closes before the person is told why.
      if (!acked) await ack().catch(() => undefined);
    }
  });
}
