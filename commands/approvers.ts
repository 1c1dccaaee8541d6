// `/migrate approvers add|remove|list @user … | @usergroup`: who may approve cutovers. A user
// group's members are read from Slack at click time, so changes to the group count at once.
import type { MigrationRow } from '../src/store/migrations.ts';
import { people } from '../src/store/migrations.ts';
import { mention } from './mentions.ts';
import { peopleArgs, runPeople } from './people.ts';
import { scoped } from './scope.ts';
import { type Deps, defineCommand } from './types.ts';

export const approversCommand = defineCommand({
  name: 'approvers',
  usage: 'approvers [add|remove|list] @person|@group …',
  summary: 'who may approve cutovers (user groups count by their members at the time of the click)',
  args: scoped(peopleArgs(true)),
  run: (deps, actor, input) => runPeople(deps, actor, 'approver', input),
});

/** The approvers as mentions, for messages; null when none are named. Reads only the store. */
export function approversText(deps: Deps, migration: Pick<MigrationRow, 'workspaceId' | 'id'>): string | null {
  const rows = people(deps.store.db, migration, 'approver');
  if (rows.length === 0) return null;
  return rows.map((r) => mention({ kind: r.kind, id: r.slackId })).join(', ');
}

export interface ApproverSet {
  /** Every user id that may approve now, group members included. */
  readonly ids: ReadonlySet<string>;
  readonly description: string | null;
  /** True when every approver is a user, so no Slack call was needed. */
  readonly usersOnly: boolean;
}

/** The users named directly; groups are left out (a quick check before anything slow). */
export function directApprovers(deps: Deps, migration: Pick<MigrationRow, 'workspaceId' | 'id'>): ApproverSet {
  const rows = people(deps.store.db, migration, 'approver');
  return {
    ids: new Set(rows.filter((r) => r.kind === 'user').map((r) => r.slackId)),
    description: approversText(deps, migration),
    usersOnly: rows.every((r) => r.kind === 'user'),
  };
}

/** Users plus the members of each approver group, read from Slack now. A group Slack cannot read adds nobody. */
export async function resolveApprovers(
  deps: Deps,
  migration: Pick<MigrationRow, 'workspaceId' | 'id'>,
): Promise<ApproverSet> {
  const rows = people(deps.store.db, migration, 'approver');
  const ids = new Set(rows.filter((r) => r.kind === 'user').map((r) => r.slackId));
  for (const group of rows.filter((r) => r.kind === 'usergroup')) {
    try {
      for (const member of await deps.slack.usergroupMembers(group.slackId)) ids.add(member);
    } catch (err) {
      deps.logger.warn(`[approvers][${group.slackId}] could not read the group's members: ${String(err)}`);
    }
  }
  return { ids, description: approversText(deps, migration), usersOnly: rows.every((r) => r.kind === 'user') };
}
