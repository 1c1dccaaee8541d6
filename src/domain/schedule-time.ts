// Wall-clock time in a migration's own timezone, with nothing but Intl.DateTimeFormat: when today's
// digest is due, what local date an instant falls on, and the pieces `/migrate digest` parses.
// The scheduler claims (workspace, migration, local date) in the store, so "due" may stay true all
// day after the scheduled time (a digest missed during downtime still goes out that day) and the
// claim makes it go out once. Only today's local date is ever considered: a missed day is skipped.

export const DIGEST_DAYS = ['weekdays', 'daily'] as const;
export type DigestDays = (typeof DIGEST_DAYS)[number];

export interface DigestSchedule {
  /** 24-hour local wall-clock time, 'HH:MM'. */
  readonly time: string;
  /** IANA timezone, e.g. 'Europe/Berlin'. */
  readonly timeZone: string;
  readonly days: DigestDays;
  readonly enabled: boolean;
  /** When the migration was created: a digest scheduled before then was never missed. */
  readonly since?: Date;
}

export interface LocalParts {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  readonly day: number;
  /** 0-23. */
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday ... 6 = Saturday. */
  readonly weekday: number;
}

export interface ClockTime {
  readonly hour: number;
  readonly minute: number;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export interface DueDigest {
  readonly due: boolean;
  /** The local date (in the schedule's timezone) the claim is keyed on, 'YYYY-MM-DD'. */
  readonly localDate: string;
}

const DAY_MS = 86_400_000;

// One formatter per timezone: dueDigest runs every minute for every migration.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of `instant` in `timeZone`. Throws RangeError for an unknown timezone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = fields.year ?? Number.NaN;
  const month = fields.month ?? Number.NaN;
  const day = fields.day ?? Number.NaN;
  return {
    year,
    month,
    day,
    // Some ICU versions print midnight as 24 even with h23.
    hour: (fields.hour ?? 0) % 24,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

export const MONTH_ABBREVIATIONS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** '9 Sep 2026' in `timeZone`; spelled here so it does not change with the ICU version. */
export function formatLocalDay(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${day} ${MONTH_ABBREVIATIONS[month - 1]} ${year}`;
}

/** 'YYYY-MM-DD' of `instant` in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const { year, month, day } = localParts(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** An IANA name Intl knows. Offsets such as '+01:00' are refused: they ignore daylight saving time. */
export function isValidTimeZone(timeZone: string): boolean {
  // Newer ICU versions accept offsets; a zone name always starts with a letter.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** 'HH:MM' or 'H:MM', 24-hour: '9:30' and '21:05' pass, '24:00', '9:60' and '9.30' do not. */
export function parseClockTime(text: string): Parsed<ClockTime> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (match === null || hour > 23 || minute > 59) {
    return { ok: false, reason: `"${text.trim()}" is not a time of day: use 24-hour HH:MM, e.g. 09:30 or 17:00.` };
  }
  return { ok: true, value: { hour, minute } };
}

/** The canonical 'HH:MM' form stored in a schedule. */
export function formatClockTime({ hour, minute }: ClockTime): string {
  return `${pad2(hour)}:${pad2(minute)}`;
}

/** An IANA timezone name, its case corrected ('europe/berlin' becomes 'Europe/Berlin'). */
export function parseTimeZone(text: string): Parsed<string> {
  const name = text.trim();
  if (!isValidTimeZone(name)) {
    return { ok: false, reason: `"${name}" is not a timezone: use an IANA name such as Europe/Berlin or UTC.` };
  }
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  // Some ICU versions map a current name to an old alias (Asia/Kolkata to Asia/Calcutta): keep the user's.
  return { ok: true, value: resolved.toLowerCase() === name.toLowerCase() ? resolved : name };
}

export function parseDigestDays(text: string): Parsed<DigestDays> {
  const days = text.trim().toLowerCase();
  return (DIGEST_DAYS as readonly string[]).includes(days)
    ? { ok: true, value: days as DigestDays }
    : { ok: false, reason: `"${text.trim()}" is not a choice of days: use weekdays or daily.` };
}

/** Whether a digest goes out on this local date ('YYYY-MM-DD'): weekdays are Monday to Friday. */
export function isScheduledDay(days: DigestDays, date: string): boolean {
  if (days === 'daily') return true;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/**
 * The instant the schedule's wall-clock time happens on a local date. A time that happens twice
 * (the repeated hour when clocks go back) gives its first occurrence; a time that never happens
 * (the skipped hour when clocks go forward) gives the first instant after the gap, e.g. 03:00.
 */
export function scheduledInstant(schedule: Pick<DigestSchedule, 'time' | 'timeZone'>, date: string): Date {
  const time = parseClockTime(schedule.time);
  if (!time.ok) throw new RangeError(`Invalid digest time "${schedule.time}"`);
  const [year, month, day] = date.split('-').map(Number);
  // The wall-clock reading written as if it were UTC; an instant t shows it when t + offset(t) = wall.
  const wall = Date.UTC(
    year ?? Number.NaN,
    (month ?? Number.NaN) - 1,
    day ?? Number.NaN,
    time.value.hour,
    time.value.minute,
  );
  if (Number.isNaN(wall)) throw new RangeError(`Invalid local date "${date}"`);
  // Offsets in force around that day; a transition rarely comes twice within two days.
  const offsets = [...new Set([wall - DAY_MS, wall, wall + DAY_MS].map((t) => offsetAt(t, schedule.timeZone)))];
  const matches = offsets.map((offset) => wall - offset).filter((t) => t + offsetAt(t, schedule.timeZone) === wall);
  if (matches.length > 0) return new Date(Math.min(...matches));
  return new Date(endOfGap(wall, offsets, schedule.timeZone));
}

/**
 * Whether today's digest is due at `now`: today (in the schedule's timezone) is a scheduled day and
 * the scheduled instant has come. Stays true for the rest of that local day (a catch-up after the bot
 * was down); the claim keyed on `localDate` makes it run once. A digest whose instant came before the
 * migration existed is not due: nobody missed it.
 */
export function dueDigest(schedule: DigestSchedule, now: Date): DueDigest {
  const today = localDate(now, schedule.timeZone);
  if (!schedule.enabled || !isScheduledDay(schedule.days, today)) return { due: false, localDate: today };
  const at = scheduledInstant(schedule, today).getTime();
  const existed = schedule.since === undefined || schedule.since.getTime() <= at;
  return { due: existed && now.getTime() >= at, localDate: today };
}

/** Milliseconds the timezone is ahead of UTC at `t`, whole seconds. */
function offsetAt(t: number, timeZone: string): number {
  const p = localParts(new Date(t), timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(t / 1000) * 1000;
}

/**
 * The first instant after a skipped stretch of wall-clock time containing `wall`. Before the gap
 * the larger reading `wall - smallest offset` lies after it, `wall - largest offset` before it.
 */
function endOfGap(wall: number, offsets: readonly number[], timeZone: string): number {
  // Searched in whole seconds: transitions happen on a second boundary.
  let low = Math.floor((wall - Math.max(...offsets)) / 1000); // shows a time before the gap
  let high = Math.ceil((wall - Math.min(...offsets)) / 1000); // shows a time after the gap
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (mid * 1000 + offsetAt(mid * 1000, timeZone) < wall) low = mid;
    else high = mid;
  }
  return high * 1000;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
