// Effects are plain data: a post names what to record in a receipt, and one handler records it.
// So the effects of a command or a tick compare with toEqual, and receipts are tested on a store.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../commands/index.ts';
import type { Actor, Deps } from '../../src/deps.ts';
import { digestJob } from '../../src/schedule/digests.ts';
import { loadApprovalView } from '../../src/services/lifecycle.ts';
import { replanInTx } from '../../src/services/planning.ts';
import { handleReceipt } from '../../src/services/receipts.ts';
import type { Effect, Receipt } from '../../src/slack/effect.ts';
import { createOutbox, receiptOf } from '../../src/slack/outbox.ts';
import { approvalMessage } from '../../src/slack/views/approval-message.ts';
import { digestFailureNotice } from '../../src/slack/views/digest-failure.ts';
import { requestById } from '../../src/store/approvals.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { serviceByName } from '../../src/store/graph.ts';
import { activeMigration, type MigrationRow, migrationById, updateMigration } from '../../src/store/migrations.ts';
import { runbookSteps, setStepStatus } from '../../src/store/runbooks.ts';
import { approvalRequestsTable, digestRunsTable, outboxTable, servicesTable } from '../../src/store/schema.ts';
import { depsFor } from '../support/deps.ts';
import { quietSlack } from '../support/slack-port.ts';

const WS = 'T0001';
const LEAD = 'U0LEAD';
const CHANNEL = 'C0MOVE';

const slack = quietSlack;

describe('receipts', () => {
  let store: Store;
  let clock: Date;
  let deps: Deps;
  let migration: MigrationRow;
  const actor: Actor = { workspaceId: WS, userId: LEAD, channelId: CHANNEL };
  const run = async (text: string): Promise<Effect[]> => dispatch(deps, actor, text);
  const fresh = () => migrationById(store.db, WS, migration.id) ?? migration;

  beforeEach(async () => {
    store = openStore(':memory:');
    applySchema(store);
    clock = new Date('2026-11-25T10:00:00Z');
    deps = depsFor(store, { slack, now: () => clock });
    await run('new Move');
    const found = activeMigration(store.db, WS, CHANNEL);
    if (!found) throw new Error('no migration');
    migration = found;
    store.db.transaction((tx) => {
      tx.insert(servicesTable)
        .values({ workspaceId: WS, migrationId: migration.id, name: 'api', owner: LEAD, ownerKind: 'user' })
        .run();
      replanInTx(tx, migration, LEAD, clock);
    });
  });
  afterEach(() => store.close());

  describe('the approval message', () => {
    async function askForCutover(): Promise<{ effects: Effect[]; requestId: number }> {
      await run('start api');
      const api = serviceByName(store.db, migration, 'api');
      for (const step of runbookSteps(store.db, api?.id ?? 0).filter((s) => s.validation)) {
        store.db.transaction((tx) => setStepStatus(tx, step, 'done', LEAD, clock));
      }
      const effects = await run('cutover api');
      const request = store.db.select().from(approvalRequestsTable).get();
      if (!request) throw new Error('no request');
      return { effects, requestId: request.id };
    }

    it('is posted with a receipt naming its request, as plain data', async () => {
      const { effects, requestId } = await askForCutover();
      const request = requestById(store.db, WS, requestId);
      if (!request) throw new Error('no request');
      expect(effects).toEqual([
        {
          type: 'post',
          channel: CHANNEL,
          message: approvalMessage(loadApprovalView(deps, migration, request)),
          fallbackDmTo: LEAD,
          receipt: { kind: 'approvalMessage', requestId },
        },
      ]);
    });

    it('records where the message went once it is posted, and nothing when the post failed', async () => {
      const { requestId } = await askForCutover();
      const receipt: Receipt = { kind: 'approvalMessage', requestId };
      expect(handleReceipt(deps, receipt, { posted: false, error: 'not_in_channel' })).toEqual([]);
      expect(requestById(store.db, WS, requestId)?.messageTs).toBeNull();
      expect(handleReceipt(deps, receipt, { posted: true, channel: 'D0LEAD', ts: '1700000000.000100' })).toEqual([]);
      expect(requestById(store.db, WS, requestId)).toMatchObject({
        channelId: 'D0LEAD',
        messageTs: '1700000000.000100',
      });
    });
  });

  describe('the scheduled digest', () => {
    beforeEach(() => {
      // Created days before: a digest from before the migration existed is never due.
      const createdAt = new Date('2026-11-20T10:00:00Z');
      updateMigration(store.db, migration, { digestTime: '09:30', digestTz: 'UTC', digestDays: 'daily', createdAt });
    });
    const runs = () =>
      store.db
        .select()
        .from(digestRunsTable)
        .all()
        .map((r) => ({ localDate: r.localDate, status: r.status, messageTs: r.messageTs }));

    it('carries a receipt for its run: the local day, and who hears of a failure', async () => {
      const effects = await digestJob(deps).run(clock);
      const receipts = effects.flatMap((e) => (e.type === 'post' && e.receipt ? [e.receipt] : []));
      expect(receipts).toEqual([
        {
          kind: 'digestRun',
          workspaceId: WS,
          migrationId: migration.id,
          at: clock,
          localDate: '2026-11-25',
          tellOnFailure: LEAD,
        },
      ]);
    });

    it('records a posted run and the last digest time', async () => {
      await digestJob(deps).run(clock);
      const receipt: Receipt = {
        kind: 'digestRun',
        workspaceId: WS,
        migrationId: migration.id,
        at: clock,
        localDate: '2026-11-25',
        tellOnFailure: LEAD,
      };
      expect(handleReceipt(deps, receipt, { posted: true, channel: CHANNEL, ts: '1.2' })).toEqual([]);
      expect(runs()).toEqual([{ localDate: '2026-11-25', status: 'posted', messageTs: '1.2' }]);
      expect(fresh().lastDigestAt).toEqual(clock);
    });

    it('records a failed run and tells the creator once, in words written by the view', async () => {
      const receipt = (localDate: string): Receipt => ({
        kind: 'digestRun',
        workspaceId: WS,
        migrationId: migration.id,
        at: clock,
        localDate,
        tellOnFailure: LEAD,
      });
      await digestJob(deps).run(clock);
      expect(handleReceipt(deps, receipt('2026-11-25'), { posted: false, error: 'not_in_channel' })).toEqual([
        { type: 'dm', user: LEAD, message: digestFailureNotice(migration, 'not_in_channel') },
      ]);
      clock = new Date('2026-11-26T10:00:00Z');
      await digestJob(deps).run(clock);
      expect(handleReceipt(deps, receipt('2026-11-26'), { posted: false, error: 'not_in_channel' })).toEqual([]);
      expect(runs().map((r) => r.status)).toEqual(['failed', 'failed']);
      expect(fresh().lastDigestAt).toBeNull();
    });

    it('records only the last digest time for a digest asked for now, and nothing when it failed', () => {
      const receipt: Receipt = {
        kind: 'digestRun',
        workspaceId: WS,
        migrationId: migration.id,
        at: clock,
        localDate: null,
        tellOnFailure: null,
      };
      expect(handleReceipt(deps, receipt, { posted: false, error: 'not_in_channel' })).toEqual([]);
      expect(fresh().lastDigestAt).toBeNull();
      expect(handleReceipt(deps, receipt, { posted: true, channel: CHANNEL, ts: '1.2' })).toEqual([]);
      expect(fresh().lastDigestAt).toEqual(clock);
      expect(runs()).toEqual([]);
    });
  });

  it('queues a post with its receipt, so the sender records it once the post went out', () => {
    const receipt: Receipt = { kind: 'approvalMessage', requestId: 1 };
    const outbox = createOutbox(store.db, () => {});
    const rest = outbox.send({ workspaceId: WS }, [
      { type: 'post', channel: CHANNEL, message: { text: 'x' }, receipt },
      { type: 'reply', message: { text: 'asked' } },
    ]);
    expect(rest).toEqual([{ type: 'reply', message: { text: 'asked' } }]);
    const rows = store.db.select().from(outboxTable).all();
    expect(rows.map((r) => [r.lane, r.kind, receiptOf(r)])).toEqual([[CHANNEL, 'post', receipt]]);
  });
});
