// Monitoring windows that have ended: each service is claimed once (compare-and-set on
// monitoring_prompted_at), then its owner is prompted in the channel with a "Mark done" button
// (src/services/monitoring-prompt.ts, which also refreshes the prompt once the service moves on).

import type { Deps } from '../deps.ts';
import { commit, outboxContext } from '../services/commit.ts';
import { monitoringPromptPost } from '../services/monitoring-prompt.ts';
import type { Effect } from '../slack/effect.ts';
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
        const queued = commit(deps, outboxContext(migration), (tx): Effect[] =>
          claimMonitoringPrompt(tx, service.id, now)
            ? [monitoringPromptPost(deps, service, due.channelId, due.migrationName)]
            : [],
        );
        effects.push(...queued);
      }
      return effects;
    },
  };
}
