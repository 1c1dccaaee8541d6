// The bot's injected clock in the playground: the machine's time plus an offset that only the
// time-travel control grows, so scheduled work (digests, monitoring windows, the Monday chart)
// can be seen without waiting, nor a minute's wait for the next health evaluation. The bot reads
// it through createBot's `now`.
import { dueDigest } from '../domain/schedule-time.ts';
import { isMonday } from '../services/digest.ts';
import type { Db } from '../store/db.ts';
import { migrationsWithDigests } from '../store/digests.ts';
import { dueEvaluations } from '../store/health-results.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type Jump = 'digest' | '48h' | 'monday' | 'health';

export class PlaygroundClock {
  private offsetMs = 0;

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  /** Moves the clock forward to `to`; never backwards, so claims already made stay in the past. */
  advanceTo(to: Date): void {
    this.offsetMs += Math.max(0, to.getTime() - this.now().getTime());
  }
}

/**
 * The next instant a digest falls due (on a Monday when asked), found minute by minute over the
 * coming 8 days with the same rule the tick uses; null when no active migration has digests on.
 */
export function nextDigestAt(db: Db, from: Date, mondayOnly: boolean): Date | null {
  const schedules = migrationsWithDigests(db).map((m) => ({
    schedule: { time: m.digestTime, timeZone: m.digestTz, days: m.digestDays, enabled: true },
    tz: m.digestTz,
  }));
  if (schedules.length === 0) return null;
  const start = Math.ceil(from.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let t = start; t < start + 8 * 24 * HOUR; t += MINUTE) {
    const at = new Date(t);
    const before = new Date(t - MINUTE);
    for (const { schedule, tz } of schedules) {
      const due = dueDigest(schedule, at);
      const wasDue = dueDigest(schedule, before);
      const starts = due.due && (!wasDue.due || wasDue.localDate !== due.localDate);
      if (starts && (!mondayOnly || isMonday(at, tz))) return at;
    }
  }
  return null;
}

/** The longest evaluation interval a migration may set (`/migrate health interval`). */
const LONGEST_INTERVAL = HOUR;

/**
 * The first instant, from `from` on in minutes, at which the tick has a service's health to
 * evaluate (the same claim rule the tick uses); `from` when no service is watched.
 */
export function nextHealthCheckAt(db: Db, from: Date): Date {
  for (let t = from.getTime(); t <= from.getTime() + LONGEST_INTERVAL; t += MINUTE) {
    if (dueEvaluations(db, new Date(t)).length > 0) return new Date(t);
  }
  return from;
}

/**
 * Where a jump lands: the next digest, two days on, the next Monday's digest (9:00 UTC without
 * one), or the next health evaluation.
 */
export function jumpTarget(db: Db, now: Date, jump: Jump): Date {
  if (jump === '48h') return new Date(now.getTime() + 48 * HOUR);
  if (jump === 'health') return nextHealthCheckAt(db, now);
  const digest = nextDigestAt(db, now, jump === 'monday');
  if (digest) return digest;
  if (jump === 'digest') return new Date(now.getTime() + 24 * HOUR);
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 9));
  do monday.setUTCDate(monday.getUTCDate() + 1);
  while (monday.getUTCDay() !== 1);
  return monday;
}
