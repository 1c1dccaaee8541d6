// One translation of failures into what a person reads. Known codes explain themselves; anything
// else is logged with a reference the person can quote, and never echoes internals or secrets.
import { randomBytes } from 'node:crypto';
import { ZodError } from 'zod';
import { isCodedError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Message } from './effect.ts';

export function toUserMessage(err: unknown, logger: Logger, context: string): Message {
  if (isCodedError(err)) return { text: err.message };
  if (err instanceof ZodError) return { text: `That input is not valid:\n${describeZodError(err)}` };
  const ref = randomBytes(4).toString('hex');
  logger.error(`${context} failed (ref ${ref}):`, err instanceof Error ? (err.stack ?? err.message) : String(err));
  return {
    text: `Something went wrong on the bot's side (ref \`${ref}\`). Nothing was half-done: try again, and tell the bot's admins the ref if it keeps happening.`,
  };
}

/** `path: message` lines, as a user reads a validation failure. */
export function describeZodError(err: ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('\n');
}
