// Cutover requests that have waited longer than `reminder-hours`: one reminder each, in the
// request's thread, mentioning the approvers. The reminder is claimed by compare-and-set on
// reminded_at, so a restart or a second process never sends it twice.

import type { Deps } from '../deps.ts';
import { isReminderDue } from '../domain/approval.ts';
import { formatDuration } from '../domain/lifecycle.ts';
import { withDefaults } from '../domain/settings.ts';
import { approversText } from '../services/approvers.ts';
import { commit, outboxContext } from '../services/commit.ts';
import type { Effect } from '../slack/effect.ts';
import { approversOf, claimReminder, unremindedRequests } from '../store/approvals.ts';
import { EVERY_WORKSPACE, type Job } from './tick.ts';

export function approvalReminderJob(deps: Deps): Job {
  return {
    name: 'approval-reminders',
    run(now: Date, workspaces = EVERY_WORKSPACE): Effect[] {
      const { db } = deps.store;
      const effects: Effect[] = [];
      for (const { request, settings } of unremindedRequests(db)) {
        if (!workspaces.serves(request.workspaceId)) continue;
        const hours = withDefaults(settings)['reminder-hours'];
        if (!request.messageTs || !isReminderDue(request.createdAt, now, hours, false)) continue;
        const threadTs = request.messageTs;
        const migration = { workspaceId: request.workspaceId, id: request.migrationId };
        // The claim and the reminder it sends commit together: a crash loses neither alone.
        const queued = commit(deps, outboxContext(migration), (tx): Effect[] => {
          if (!claimReminder(tx, request.id, now)) return [];
          const who =
            approversText(deps, migration) ??
            'no approvers are named yet: a lead adds them with `/migrate approvers add`';
          const got = new Set(approversOf(db, request.id)).size;
          const waited = formatDuration(now.getTime() - request.createdAt.getTime());
          const text = `:bell: This cutover request has waited ${waited} with ${got} of ${request.required} approvals. ${who}: please approve or reject it above.`;
          return [
            {
              type: 'post',
              channel: request.channelId,
              threadTs,
              message: { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] },
            },
          ];
        });
        effects.push(...queued);
      }
      return effects;
    },
  };
}
