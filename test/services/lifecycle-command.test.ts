// The core every lifecycle command shares: plan from the services' states, ask when the spec's
// check says so (storing only what can move), and act, once confirmed, without asking again.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatch } from '../../commands/index.ts';
import type { Actor, Deps } from '../../src/deps.ts';
import { answered } from '../../src/services/confirmations.ts';
import { defineLifecycleCommand, type LifecycleContext } from '../../src/services/lifecycle-command.ts';
import { zTargetsPayload } from '../../src/services/targets.ts';
import type { Effect } from '../../src/slack/effect.ts';
import { createOutbox } from '../../src/slack/outbox.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import { servicesOf } from '../../src/store/graph.ts';
import { activeMigration, type MigrationRow } from '../../src/store/migrations.ts';
import { pendingActionsTable, servicesTable } from '../../src/store/schema.ts';
import { depsFor } from '../support/deps.ts';
import { quietSlack } from '../support/slack-port.ts';

const WS = 'T0001';
const LEAD = 'U0LEAD';
const CHANNEL = 'C0MOVE';

const slack = quietSlack;

const zPayload = zTargetsPayload.extend({ label: z.string() });
type Payload = z.infer<typeof zPayload>;

describe('defineLifecycleCommand', () => {
  let store: Store;
  let deps: Deps;
  let migration: MigrationRow;
  const actor: Actor = { workspaceId: WS, userId: LEAD, channelId: CHANNEL };
  /** What execute saw each time it ran: the services it may move and whether the person confirmed. */
  let executed: { eligible: string[]; refused: string[]; confirmed: boolean }[];

  const probe = defineLifecycleCommand({
    name: 'probe',
    usage: 'probe <service>|batch N',
    summary: 'a lifecycle command that always asks first',
    action: 'start',
    may: 'probe it',
    payload: zPayload,
    fromArgs: (targets, _args, m) => ({
      migrationId: m.id,
      serviceIds: targets.services.map((s) => s.id),
      batch: targets.batch,
      label: targets.label,
    }),
    check: ({ payload }) => ({ payload, ask: { question: `Probe ${payload.label}?`, detail: 'Really.' } }),
    execute({ plan, confirmed }: LifecycleContext<Payload>): Effect[] {
      executed.push({
        eligible: plan.eligible.map((p) => p.service.name),
        refused: plan.refused.map((r) => r.service.name),
        confirmed,
      });
      return [];
    },
  });

  beforeEach(async () => {
    store = openStore(':memory:');
    applySchema(store);
    const clock = new Date('2026-11-25T10:00:00Z');
    deps = depsFor(store, { slack, now: () => clock, outbox: createOutbox(store.db, () => {}) });
    executed = [];
    await dispatch(deps, actor, 'new Move');
    const found = activeMigration(store.db, WS, CHANNEL);
    if (!found) throw new Error('no migration');
    migration = found;
    for (const [name, state] of [
      ['api', 'planned'],
      ['web', 'shadow'],
    ] as const) {
      store.db
        .insert(servicesTable)
        .values({ workspaceId: WS, migrationId: migration.id, name, owner: LEAD, ownerKind: 'user', state })
        .run();
    }
  });
  afterEach(() => store.close());

  it('asks first, storing only the services that can move, and acts on them once confirmed', () => {
    const ids = servicesOf(store.db, migration).map((s) => s.id);
    const asked = probe.act(deps, actor, migration, {
      migrationId: migration.id,
      serviceIds: ids,
      batch: null,
      label: 'both',
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ type: 'reply', message: { text: 'Probe both?' } });
    expect(executed).toEqual([]);
    const pending = store.db.select().from(pendingActionsTable).get();
    const stored = zPayload.parse(pending?.payload);
    expect(pending?.kind).toBe('lifecycle-probe');
    const api = servicesOf(store.db, migration).find((s) => s.name === 'api');
    expect(stored.serviceIds).toEqual([api?.id]);

    expect(probe.confirmation.run(deps, actor, stored)).toEqual([]);
    expect(executed).toEqual([{ eligible: ['api'], refused: [], confirmed: true }]);
  });

  it('refuses before asking when nothing can move', () => {
    const web = servicesOf(store.db, migration).find((s) => s.name === 'web');
    const payload = { migrationId: migration.id, serviceIds: [web?.id ?? 0], batch: null, label: '*web*' };
    expect(() => probe.act(deps, actor, migration, payload)).toThrow('`start` is not possible now');
    expect(store.db.select().from(pendingActionsTable).all()).toEqual([]);
  });

  it('checks who may act before planning, naming the owners and leads', () => {
    const stranger: Actor = { ...actor, userId: 'U0STRANGER' };
    expect(() =>
      probe.command.run(deps, stranger, {
        migration: null,
        args: { target: { kind: 'service', name: 'web' }, rest: [] },
      }),
    ).toThrow("Only a service's owner or a lead of *Move* may probe it.");
  });
});

describe('answered', () => {
  it('turns the confirmation question into a statement once it is answered', () => {
    expect(answered('Validation steps are not ticked yet for *api*. Ask for cutover anyway?')).toBe(
      'Validation steps are not ticked yet for *api*.',
    );
    expect(answered('Archive *Move*?')).toBe('Archive *Move*.');
    expect(answered('Start *api* out of plan order.')).toBe('Start *api* out of plan order.');
  });
});
