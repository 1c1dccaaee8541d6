// The scheduled standup digest: due by each migration's own time zone, claimed per
// (workspace, migration, local date) before posting, so it goes out at most once a local day.

import type { Deps } from '../deps.ts';
import { dueDigest } from '../domain/schedule-time.ts';
import { commit, outboxContext } from '../services/commit.ts';
import { digestEffects, isMonday } from '../services/digest.ts';
import type { Effect } from '../slack/effect.ts';
import { claimDigest, digestClaimed, migrationsWithDigests, recordDigestRun } from '../store/digests.ts';
import { EVERY_WORKSPACE, type Job } from './tick.ts';

export function digestJob(deps: Deps): Job {
  return {
    name: 'digests',
    async run(now, workspaces = EVERY_WORKSPACE) {
      const { db } = deps.store;
      const effects: Effect[] = [];
      for (const m of migrationsWithDigests(db)) {
        if (!workspaces.serves(m.workspaceId)) continue;
        const schedule = {
          time: m.digestTime,
          timeZone: m.digestTz,
          days: m.digestDays,
          enabled: true,
          since: m.createdAt,
        };
        const due = dueDigest(schedule, now);
        if (!due.due || digestClaimed(db, m, due.localDate)) continue;
        // Built first (it reads Slack), then claimed and queued in one transaction: a crash loses
        // neither alone, and a second process that claimed it meanwhile drops what it built.
        let built: Effect[] | null = null;
        let failure = '';
        try {
          built = await workspaces.within(m.workspaceId, () =>
            digestEffects(deps, m, now, {
              withChart: m.weeklyChart && isMonday(now, m.digestTz),
              scheduled: { localDate: due.localDate, tellOnFailure: m.createdBy },
            }),
          );
        } catch (err) {
          failure = String(err);
        }
        const queued = commit(deps, outboxContext(m), (tx): Effect[] => {
          if (!claimDigest(tx, m, due.localDate, now)) return [];
          if (built !== null) return built;
          recordDigestRun(tx, m, due.localDate, { status: 'failed', error: failure });
          deps.logger.error(`[tick:digests][${m.workspaceId}][${m.id}] could not build the digest: ${failure}`);
          return [];
        });
        effects.push(...queued);
      }
      return effects;
    },
  };
}
