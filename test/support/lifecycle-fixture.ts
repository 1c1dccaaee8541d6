// Set-up for the lifecycle tests: a migration made through `/migrate new`, then services, their
// dependencies, approvers and a plan written straight to the store.

import type { Strategy } from '../../src/domain/model.ts';
import { replanInTx } from '../../src/services/planning.ts';
import { activeMigration, addPerson, type MigrationRow, updateMigration } from '../../src/store/migrations.ts';
import { approvalRequestsTable, dependenciesTable, servicesTable } from '../../src/store/schema.ts';
import type { Harness } from './harness.ts';
import { CHANNEL, TEAM, USER } from './slack-requests.ts';

export const BOB = 'U0BOB';
export const CAROL = 'U0CAROL';
export const DAVE = 'U0DAVE';
export const ERIN = 'U0ERIN';

export interface FixtureService {
  readonly name: string;
  /** A Slack user id; services without one are owned by a team. */
  readonly owner?: string;
  readonly tier?: number;
  readonly stateful?: boolean;
  readonly dependsOn?: readonly string[];
  readonly importedSteps?: { phase?: string; step: string }[];
}

export interface FixtureOptions {
  readonly strategy?: Strategy;
  readonly services: readonly FixtureService[];
  readonly approvers?: readonly string[];
  readonly approverGroups?: readonly string[];
  readonly settings?: Record<string, number>;
}

export function migrationOf(h: Harness): MigrationRow {
  const m = activeMigration(h.bot.store.db, TEAM, CHANNEL);
  if (!m) throw new Error('no active migration');
  return m;
}

export async function setupMigration(h: Harness, options: FixtureOptions): Promise<MigrationRow> {
  await h.slash('new Move');
  await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started the migration'));
  const { db } = h.bot.store;
  const now = h.bot.deps.now();
  let migration = migrationOf(h);
  updateMigration(db, migration, { strategy: options.strategy ?? 'sequential', settings: options.settings ?? {} });
  migration = migrationOf(h);
  const base = { workspaceId: migration.workspaceId, migrationId: migration.id };
  const ids = new Map<string, number>();
  db.transaction((tx) => {
    for (const s of options.services) {
      const row = tx
        .insert(servicesTable)
        .values({
          ...base,
          name: s.name,
          owner: s.owner ?? 'team-platform',
          ownerKind: s.owner ? 'user' : 'team',
          tier: s.tier ?? 3,
          stateful: s.stateful ?? false,
          importedSteps: s.importedSteps ?? [],
          stateChangedAt: now,
          createdAt: now,
        })
        .returning({ id: servicesTable.id })
        .get();
      ids.set(s.name, row.id);
    }
    for (const s of options.services) {
      for (const to of s.dependsOn ?? []) {
        tx.insert(dependenciesTable)
          .values({ ...base, fromId: ids.get(s.name) ?? 0, toId: ids.get(to) ?? 0, origin: 'manual', createdAt: now })
          .run();
      }
    }
    for (const id of options.approvers ?? []) {
      addPerson(tx, migration, { role: 'approver', kind: 'user', slackId: id, addedBy: USER });
    }
    for (const id of options.approverGroups ?? []) {
      addPerson(tx, migration, { role: 'approver', kind: 'usergroup', slackId: id, addedBy: USER });
    }
    replanInTx(tx, migration, USER, now);
  });
  return migration;
}

export function serviceRow(h: Harness, name: string) {
  const row = h.bot.store.db
    .select()
    .from(servicesTable)
    .all()
    .find((s) => s.name === name);
  if (!row) throw new Error(`no service ${name}`);
  return row;
}

export function requests(h: Harness) {
  return h.bot.store.db.select().from(approvalRequestsTable).all();
}

/** The value of the Confirm button in a private answer. */
export function pendingIdFrom(answer: string): string {
  const m = /"action_id":"confirm_pending".*?"value":"([0-9a-f]+)"/.exec(answer);
  if (!m?.[1]) throw new Error(`no confirm button in ${answer}`);
  return m[1];
}

/** Waits until the request's message was posted and its ts stored. */
export async function postedRequest(h: Harness, index = 0) {
  return h.fake.waitFor(() => {
    const r = requests(h)[index];
    return r?.messageTs ? r : null;
  }, 'the approval request message');
}
