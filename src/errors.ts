// Coded errors: a user's mistake becomes one clear message at the Slack edge (src/slack/user-message.ts).
// `message` is written for the person who ran the command; it never contains a secret.

export const ERROR_CODES = [
  'migrate_bad_arguments',
  'migrate_not_found',
  'migrate_forbidden',
  'migrate_conflict',
  'migrate_invalid_transition',
  'migrate_bad_import',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

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

export const badArguments = (message: string) => new CodedError('migrate_bad_arguments', message);
export const notFound = (message: string) => new CodedError('migrate_not_found', message);
export const forbidden = (message: string) => new CodedError('migrate_forbidden', message);
export const conflict = (message: string) => new CodedError('migrate_conflict', message);

export function isCodedError(err: unknown): err is CodedError {
  return err instanceof CodedError;
}
