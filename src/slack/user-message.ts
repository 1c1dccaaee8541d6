// The one translation of failures into what a person reads: the code and its fields become a
// sentence here (mrkdwn, mentions and `/migrate …` hints included). Unexpected failures get a ref the
// person can quote; internals and secrets are never echoed.
import type { ZodError } from 'zod';
import {
  type ArgumentProblem,
  asCodedError,
  BadArgumentsError,
  BadImportError,
  type Clash,
  type CodedError,
  ConflictError,
  ForbiddenError,
  type ImportProblem,
  InvalidTransitionError,
  type Missing,
  NotFoundError,
  type Refusal,
  UnexpectedError,
  type ZodIssueLine,
  zodIssues,
} from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Message } from './effect.ts';
import { escapeCode, escapeInline, escapeMrkdwn, truncate } from './escape.ts';
import { mentionUser } from './format.ts';

// A validation message may quote what the person typed: &, < and > are escaped, so no broadcast,
// mention or link typed into a command comes back live.
const issueLines = (issues: readonly ZodIssueLine[]) =>
  issues.map((i) => escapeMrkdwn(i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
const bold = (name: string) => `*${escapeInline(name)}*`;
const code = (text: string) => `\`${escapeCode(text)}\``;

function badArguments(problem: ArgumentProblem): string {
  switch (problem.kind) {
    case 'invalid-input':
      return `That input is not valid:\n${issueLines(problem.issues)}`;
    case 'rejected':
      return problem.reasons.join('\n');
    case 'self-dependency':
      return `A service cannot depend on itself: ${bold(problem.service)} needs another service after \`on\`.`;
    case 'on-or-off':
      return `${code(problem.key)} takes \`on\` or \`off\`.`;
    case 'unknown-setting':
      return `There is no setting ${code(problem.key)}. \`/migrate set\` lists them with their ranges.`;
    case 'setting-needs-value':
      return `\`set ${escapeCode(problem.key)}\` needs a value.`;
  }
}

function notFound(missing: Missing): string {
  switch (missing.kind) {
    case 'migration-gone':
      return missing.nothingDone
        ? 'That migration no longer exists; nothing was done.'
        : 'That migration no longer exists.';
    case 'migration-named':
      return `There is no migration called ${bold(missing.name)} here. \`/migrate list\` shows them all.`;
    case 'no-active-migration':
      return 'This channel has no active migration. Start one with `/migrate new <name>`, or name one with `--migration <name>` (see `/migrate list`).';
    case 'plan-batch':
      return `The current plan has no batch ${missing.batch}.`;
    case 'no-plan':
      return `${bold(missing.migration)} has no plan yet. One of its leads makes it with \`/migrate plan\`.`;
    case 'no-services':
      return `${bold(missing.migration)} has no services yet. Load the graph with \`/migrate import\` first.`;
    case 'runbook-step':
      return `${bold(missing.service)} has no step ${code(missing.key)}. Its steps: ${missing.keys.map(code).join(', ')}.`;
  }
}

function forbidden(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'not-lead': {
      const leads = [...new Set(refusal.leads)].map(mentionUser).join(', ');
      return `Only the leads of ${bold(refusal.migration)} may ${refusal.right}: ${leads}. Ask one of them, or ask them to add you with \`/migrate leads add @you\`.`;
    }
    case 'private-channel':
      return `${bold(refusal.migration)} belongs to a private channel you are not in.`;
    case 'archived':
      return `${bold(refusal.migration)} is archived: it can be read but not changed.`;
    case 'archived-meanwhile':
      return `${bold(refusal.migration)} was archived meanwhile; nothing was imported.`;
  }
}

function conflict(clash: Clash): string {
  switch (clash.kind) {
    case 'already-archived':
      return 'That migration is already archived; nothing changed.';
    case 'archived-now':
      return 'That migration is archived now; nothing changed.';
    case 'service-removed':
      return `${bold(clash.service)} was already removed; nothing changed.`;
    case 'service-moved-meanwhile':
      return `${bold(clash.service)} started or went meanwhile; run the command again.`;
    case 'channel-has-migration':
      return `This channel already runs ${bold(clash.active)}. Archive it first with \`/migrate archive\` (it stays readable), then start a new one.`;
    case 'name-taken':
      return `A migration called ${bold(clash.name)} already exists in this workspace; pick another name.`;
    case 'runbook-full':
      return `${bold(clash.service)} already has ${clash.max} steps, as many as one message can show.`;
    case 'step-exists':
      return `The ${clash.phase} phase of ${bold(clash.service)} already has that step.`;
    case 'step-already-skipped':
      return `${code(clash.key)} is already skipped (${escapeInline(clash.skipReason)}).`;
    case 'step-raced':
      return 'That step changed at the same moment; nothing was changed. Try again.';
  }
}

function badImport(problem: ImportProblem): string {
  switch (problem.kind) {
    case 'not-slack-hosted':
      return 'That file is not hosted by Slack, so the bot will not fetch it.';
    case 'download-status':
      return `Slack answered ${problem.status} when the bot fetched the file.`;
    case 'too-large':
      return `The file is over ${problem.maxBytes / 1_000_000} MB.`;
  }
}

/** The sentence for a coded error. */
export function describeError(err: CodedError): string {
  if (err instanceof BadArgumentsError) return badArguments(err.reason);
  if (err instanceof NotFoundError) return notFound(err.reason);
  if (err instanceof ForbiddenError) return forbidden(err.reason);
  if (err instanceof ConflictError) return conflict(err.reason);
  if (err instanceof InvalidTransitionError) return truncate(err.refusals.join('\n'), 3000);
  if (err instanceof BadImportError) return badImport(err.reason);
  if (err instanceof UnexpectedError) {
    return `Something went wrong on the bot's side (ref \`${err.ref}\`). Nothing was half-done: try again, and tell the bot's admins the ref if it keeps happening.`;
  }
  // Thrown through the adapters by code still being rewritten: its message is the finished sentence.
  return err.message;
}

/** The log line for an unexpected failure, under the ref the person was given. */
export function logUnexpected(logger: Logger, where: string, err: UnexpectedError): void {
  const { cause } = err;
  logger.error(
    `${where} failed (ref ${err.ref}):`,
    cause instanceof Error ? (cause.stack ?? cause.message) : String(cause),
  );
}

/** What the person reads about any failure; an unexpected one is logged here, with its ref. */
export function toUserMessage(err: unknown, logger: Logger, where: string): Message {
  const coded = asCodedError(err);
  if (coded instanceof UnexpectedError) logUnexpected(logger, where, coded);
  return { text: describeError(coded) };
}

/** `path: message` lines, as a user reads a validation failure. */
export function describeZodError(err: ZodError): string {
  return issueLines(zodIssues(err));
}
