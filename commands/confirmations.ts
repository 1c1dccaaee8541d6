// Every kind of confirmation a Confirm click can run, by kind.
import { archiveConfirmation } from './archive.ts';
import type { Confirmation } from './confirm.ts';
import { cutoverConfirmation } from './cutover.ts';
import { doneConfirmation } from './done.ts';
import { removeServiceConfirmation } from './graph-edit.ts';
import { rollbackConfirmation } from './rollback.ts';
import { startConfirmation } from './start.ts';

export const CONFIRMATIONS: ReadonlyMap<string, Confirmation<unknown>> = new Map(
  [
    archiveConfirmation,
    removeServiceConfirmation,
    startConfirmation,
    cutoverConfirmation,
    doneConfirmation,
    rollbackConfirmation,
  ].map((c) => [c.kind, c]),
);
