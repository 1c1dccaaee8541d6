// The scheduled standup digest: due by each migration's own time zone, claimed per
// (workspace, migration, local date) before posting, so it goes out at most once a local day.

import { dueDigest } from '../domain/schedule-time.ts';
import type { Deps } from '../services/deps.ts';
import { digestEffects, isMonday } from '../services/digest.ts';
import type { Effect } from '../slack/effect.ts';
import { escapeInline } from '../slack/escape.ts';
import {
  claimDigest,
  claimFailureNotice,
  clearFailureNotice,
  migrationsWithDigests,
  recordDigestRun,
} from '../store/digests.ts';
import type { Job } from './tick.ts';

export function digestJob(deps: Deps): Job {
  return {
    name: 'digests',
    async run(now) {
      const { db } = deps.store;
      const effects: Effect[] = [];
      for (const m of migrationsWithDigests(db)) {
        const schedule = {
          time: m.digestTime,
          timeZone: m.digestTz,
          days: m.digestDays,
          enabled: true,
          since: m.createdAt,
        };
        const due = dueDigest(schedule, now);
        if (!due.due || !claimDigest(db, m, due.localDate, now)) continue;
        try {
          effects.push(
            ...(await digestEffects(deps, m, now, {
              withChart: m.weeklyChart && isMonday(now, m.digestTz),
              onPosted: (ref) => {
                recordDigestRun(db, m, due.localDate, { status: 'posted', messageTs: ref.ts });
                clearFailureNotice(db, m);
              },
              onFailed: (error) => {
                recordDigestRun(db, m, due.localDate, { status: 'failed', error });
                if (!claimFailureNotice(db, m, now)) return [];
                return [
                  {
                    type: 'dm',
                    user: m.createdBy,
                    message: {
                      text: `I could not post the standup digest of *${escapeInline(m.name)}* in <#${m.channelId}> (Slack said \`${error}\`). Invite me back with \`/invite @migrate-bot\`, or pause it with \`/migrate digest off --migration ${escapeInline(m.name)}\`. I will not tell you again.`,
                    },
                  },
                ];
              },
            })),
          );
        } catch (err) {
          recordDigestRun(db, m, due.localDate, { status: 'failed', error: String(err) });
          deps.logger.error(`[tick:digests][${m.workspaceId}][${m.id}] could not build the digest: ${String(err)}`);
        }
      }
      return effects;
    },
  };
}
