// The one place that writes down what a post's receipt asks for, once the post went out or failed
// for good. The outbox sender calls it in the transaction that settles the row, so effects stay plain data.

import type { Deps } from '../deps.ts';
import type { Effect, PostOutcome, Receipt, ReceiptHandler } from '../slack/effect.ts';
import { digestFailureNotice } from '../slack/views/digest-failure.ts';
import { setRequestMessage } from '../store/approvals.ts';
import { claimFailureNotice, clearFailureNotice, recordDigestRun } from '../store/digests.ts';
import { migrationById, updateMigration } from '../store/migrations.ts';

export function handleReceipt(deps: Pick<Deps, 'store'>, receipt: Receipt, outcome: PostOutcome): Effect[] {
  const { db } = deps.store;
  switch (receipt.kind) {
    case 'approvalMessage':
      if (outcome.posted) setRequestMessage(db, receipt.requestId, outcome.channel, outcome.ts);
      return [];
    case 'digestRun': {
      const m = { workspaceId: receipt.workspaceId, id: receipt.migrationId };
      if (outcome.posted) {
        updateMigration(db, m, { lastDigestAt: receipt.at });
        if (receipt.localDate !== null) {
          recordDigestRun(db, m, receipt.localDate, { status: 'posted', messageTs: outcome.ts });
          clearFailureNotice(db, m);
        }
        return [];
      }
      // A digest asked for now fails in front of its asker; only a scheduled run is recorded.
      if (receipt.localDate === null) return [];
      recordDigestRun(db, m, receipt.localDate, { status: 'failed', error: outcome.error });
      const migration = migrationById(db, receipt.workspaceId, receipt.migrationId);
      if (receipt.tellOnFailure === null || !migration || !claimFailureNotice(db, m, receipt.at)) return [];
      return [{ type: 'dm', user: receipt.tellOnFailure, message: digestFailureNotice(migration, outcome.error) }];
    }
  }
}

/** The handler the composition root gives the outbox sender. */
export function receiptHandler(deps: Pick<Deps, 'store'>): ReceiptHandler {
  return (receipt, outcome) => handleReceipt(deps, receipt, outcome);
}
