// The one way a listener works: ack, call one function, run its effects. A coded failure (a
// person's mistake) is translated once and answered privately once, here; anything else goes on to
// app.error (last-stop.ts), which logs it under a ref and answers with that ref.
import { asCodedError, UnexpectedError } from '../../errors.ts';
import type { Effect } from '../effect.ts';
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

/** Commands, clicks and events: acknowledged first, so Slack's 3 seconds never depend on the work. */
export async function handle(request: Request, ack: () => Promise<void>, work: Work): Promise<void> {
  await ack();
  await answering(request, async () => runEffects(request.target, await work()));
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
