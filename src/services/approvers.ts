// Who may approve a migration's cutovers: the users named, plus the members of each named user
// group, read from Slack at the time of the click so changes to a group count at once.

import type { Deps } from '../deps.ts';
import { mention } from '../slack/mentions.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { people } from '../store/migrations.ts';

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
