// Monitoring windows that have ended: each service is claimed once (compare-and-set on
// monitoring_prompted_at), then its owner is prompted in the channel with a "Mark done" button.

import type { Deps } from '../deps.ts';
import { commit, outboxContext } from '../services/commit.ts';
import { ownerText } from '../services/targets.ts';
import type { Effect } from '../slack/effect.ts';
import { escapeInline } from '../slack/escape.ts';
import { slackDate } from '../slack/format.ts';
import { ACTION } from '../slack/ids.ts';
import { claimMonitoringPrompt, dueMonitoringWindows } from '../store/lifecycle.ts';
import { EVERY_WORKSPACE, type Job } from './tick.ts';

export function monitoringJob(deps: Deps): Job {
  return {
    name: 'monitoring',
    run(now: Date, workspaces = EVERY_WORKSPACE): Effect[] {
      const { db } = deps.store;
      const effects: Effect[] = [];
      for (const due of dueMonitoringWindows(db, now)) {
        const { service } = due;
        if (!workspaces.serves(service.workspaceId)) continue;
        const migration = { workspaceId: service.workspaceId, id: service.migrationId };
        // The claim and the prompt it sends commit together: a crash loses neither alone.
        const queued = commit(deps, outboxContext(migration), (tx): Effect[] => {
          if (!claimMonitoringPrompt(tx, service.id, now)) return [];
          const ended = service.monitoringEndsAt ? ` ${slackDate(service.monitoringEndsAt)}` : '';
          const text = `:stopwatch: The monitoring window of *${escapeInline(service.name)}* in *${escapeInline(due.migrationName)}* ended${ended}. ${ownerText(service)}: if it stayed healthy, mark it done.`;
          return [
            {
              type: 'post',
              channel: due.channelId,
              message: {
                text,
                blocks: [
                  { type: 'section', text: { type: 'mrkdwn', text } },
                  {
                    type: 'actions',
                    elements: [
                      {
                        type: 'button',
                        action_id: ACTION.confirmDone,
                        text: { type: 'plain_text', text: 'Mark done' },
                        style: 'primary',
                        value: String(service.id),
                      },
                    ],
                  },
                  {
                    type: 'context',
                    elements: [
                      {
                        type: 'mrkdwn',
                        text: `Or \`/migrate done ${escapeInline(service.name)}\`; if something is wrong, \`/migrate rollback ${escapeInline(service.name)} <reason>\`.`,
                      },
                    ],
                  },
                ],
              },
            },
          ];
        });
        effects.push(...queued);
      }
      return effects;
    },
  };
}
