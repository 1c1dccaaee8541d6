// Coded errors: a user's mistake is thrown as data (a code and the values its sentence needs), and
// src/slack/user-message.ts writes the sentence at the Slack edge. Throw sites write no Slack syntax.
import { randomBytes } from 'node:crypto';
import { ZodError } from 'zod';

export const ERROR_CODES = [
  'migrate_bad_arguments',
  'migrate_not_found',
  'migrate_forbidden',
  'migrate_conflict',
  'migrate_invalid_transition',
  'migrate_bad_import',
  'migrate_unexpected',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The base of every coded error. Built directly (code and a finished sentence as `message`) only by
 * the throw sites still being rewritten; the classes below carry fields instead, and their `message`
 * is for the log.
 */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CodedError';
  }
}

interface Options {
  readonly cause?: unknown;
}

const logLine = (code: ErrorCode, reason: { kind: string }) => `${code}: ${JSON.stringify(reason)}`;

export interface ZodIssueLine {
  /** Dotted, empty for the input as a whole. */
  readonly path: string;
  readonly message: string;
}

export function zodIssues(err: ZodError): ZodIssueLine[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export type ArgumentProblem =
  /** zod's issues, as `path: message` lines. */
  | { readonly kind: 'invalid-input'; readonly issues: readonly ZodIssueLine[] }
  /** Sentences the domain wrote about the input (a setting's range, a runbook step's shape). */
  | { readonly kind: 'rejected'; readonly reasons: readonly string[] }
  | { readonly kind: 'self-dependency'; readonly service: string }
  | { readonly kind: 'on-or-off'; readonly key: string }
  | { readonly kind: 'unknown-setting'; readonly key: string }
  | { readonly kind: 'setting-needs-value'; readonly key: string };

export class BadArgumentsError extends CodedError {
  declare readonly code: 'migrate_bad_arguments';
  constructor(
    readonly reason: ArgumentProblem,
    options?: Options,
  ) {
    super('migrate_bad_arguments', logLine('migrate_bad_arguments', reason), options);
    this.name = 'BadArgumentsError';
  }
}

export type Missing =
  | { readonly kind: 'migration-gone'; readonly nothingDone: boolean }
  | { readonly kind: 'migration-named'; readonly name: string }
  | { readonly kind: 'no-active-migration' }
  | { readonly kind: 'plan-batch'; readonly batch: number }
  | { readonly kind: 'no-plan'; readonly migration: string }
  | { readonly kind: 'no-services'; readonly migration: string }
  | { readonly kind: 'runbook-step'; readonly service: string; readonly key: string; readonly keys: readonly string[] };

export class NotFoundError extends CodedError {
  declare readonly code: 'migrate_not_found';
  constructor(
    readonly reason: Missing,
    options?: Options,
  ) {
    super('migrate_not_found', logLine('migrate_not_found', reason), options);
    this.name = 'NotFoundError';
  }
}

export type Refusal =
  | { readonly kind: 'not-lead'; readonly migration: string; readonly right: string; readonly leads: readonly string[] }
  | { readonly kind: 'private-channel'; readonly migration: string }
  | { readonly kind: 'archived'; readonly migration: string }
  | { readonly kind: 'archived-meanwhile'; readonly migration: string };

export class ForbiddenError extends CodedError {
  declare readonly code: 'migrate_forbidden';
  constructor(
    readonly reason: Refusal,
    options?: Options,
  ) {
    super('migrate_forbidden', logLine('migrate_forbidden', reason), options);
    this.name = 'ForbiddenError';
  }
}

export type Clash =
  | { readonly kind: 'already-archived' }
  | { readonly kind: 'archived-now' }
  | { readonly kind: 'service-removed'; readonly service: string }
  | { readonly kind: 'service-moved-meanwhile'; readonly service: string }
  | { readonly kind: 'channel-has-migration'; readonly active: string }
  | { readonly kind: 'name-taken'; readonly name: string }
  | { readonly kind: 'runbook-full'; readonly service: string; readonly max: number }
  | { readonly kind: 'step-exists'; readonly service: string; readonly phase: string }
  | { readonly kind: 'step-already-skipped'; readonly key: string; readonly skipReason: string }
  | { readonly kind: 'step-raced' };

export class ConflictError extends CodedError {
  declare readonly code: 'migrate_conflict';
  constructor(
    readonly reason: Clash,
    options?: Options,
  ) {
    super('migrate_conflict', logLine('migrate_conflict', reason), options);
    this.name = 'ConflictError';
  }
}

/** A lifecycle step no service may take now: each refused service with the domain's reason. */
export class InvalidTransitionError extends CodedError {
  declare readonly code: 'migrate_invalid_transition';
  constructor(
    readonly refusals: readonly string[],
    options?: Options,
  ) {
    super('migrate_invalid_transition', `migrate_invalid_transition: ${refusals.length} refused`, options);
    this.name = 'InvalidTransitionError';
  }
}

export type ImportProblem =
  | { readonly kind: 'not-slack-hosted' }
  | { readonly kind: 'download-status'; readonly status: number }
  | { readonly kind: 'too-large'; readonly maxBytes: number };

export class BadImportError extends CodedError {
  declare readonly code: 'migrate_bad_import';
  constructor(
    readonly reason: ImportProblem,
    options?: Options,
  ) {
    super('migrate_bad_import', logLine('migrate_bad_import', reason), options);
    this.name = 'BadImportError';
  }
}

/** Anything not thrown on purpose: the person gets `ref` to quote, the log gets `cause` under it. */
export class UnexpectedError extends CodedError {
  declare readonly code: 'migrate_unexpected';
  readonly ref = randomBytes(4).toString('hex');
  constructor(options: { cause: unknown }) {
    const cause = options.cause;
    super('migrate_unexpected', cause instanceof Error ? cause.message : String(cause), options);
    this.name = 'UnexpectedError';
  }
}

/** Strays become coded: a ZodError is bad input, anything else unexpected. */
export function asCodedError(err: unknown): CodedError {
  if (err instanceof CodedError) return err;
  if (err instanceof ZodError) {
    return new BadArgumentsError({ kind: 'invalid-input', issues: zodIssues(err) }, { cause: err });
  }
  return new UnexpectedError({ cause: err });
}

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}

// Adapters for the throw sites still being rewritten (lifecycle commands and services, the domain):
// their message is the finished sentence, shown as it is.
export const badArguments = (message: string) => new CodedError('migrate_bad_arguments', message);
export const notFound = (message: string) => new CodedError('migrate_not_found', message);
export const forbidden = (message: string) => new CodedError('migrate_forbidden', message);
export const conflict = (message: string) => new CodedError('migrate_conflict', message);
