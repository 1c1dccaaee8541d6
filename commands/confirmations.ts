// Every kind of confirmation a Confirm click can run, by kind.
import { archiveConfirmation } from './archive.ts';
import type { Confirmation } from './confirm.ts';

export const CONFIRMATIONS: ReadonlyMap<string, Confirmation<unknown>> = new Map(
  [archiveConfirmation].map((c) => [c.kind, c]),
);
