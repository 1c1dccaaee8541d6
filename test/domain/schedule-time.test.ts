import { describe, expect, it } from 'vitest';
import {
  type DigestSchedule,
  dueDigest,
  formatClockTime,
  isScheduledDay,
  isValidTimeZone,
  localDate,
  localParts,
  parseClockTime,
  parseDigestDays,
  parseTimeZone,
  scheduledInstant,
} from '../../src/domain/schedule-time.ts';

const MINUTE = 60_000;

/** What the scheduler does: tick every minute, claim (local date) once, record when it sent. */
function simulateTicks(schedule: DigestSchedule, fromIso: string, toIso: string): { localDate: string; at: string }[] {
  const claimed = new Set<string>();
  const sent: { localDate: string; at: string }[] = [];
  for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += MINUTE) {
    const now = new Date(t);
    const result = dueDigest(schedule, now);
    if (result.due && !claimed.has(result.localDate)) {
      claimed.add(result.localDate);
      sent.push({ localDate: result.localDate, at: now.toISOString() });
    }
  }
  return sent;
}

const daily = (time: string, timeZone: string): DigestSchedule => ({ time, timeZone, days: 'daily', enabled: true });

describe('localDate and localParts', () => {
  it('reads the wall clock in the given timezone', () => {
    const instant = new Date('2026-03-28T23:30:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-03-28');
    expect(localDate(instant, 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(instant, 'America/New_York')).toBe('2026-03-28');
    expect(localParts(instant, 'Europe/Berlin')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 0,
      minute: 30,
      second: 0,
      weekday: 0,
    });
  });

  it('reads midnight as hour 0', () => {
    expect(localParts(new Date('2026-01-01T00:00:00Z'), 'UTC').hour).toBe(0);
  });
});

describe('scheduledInstant around daylight saving changes', () => {
  it.each([
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:00:00.000Z'], // skipped: runs at 03:00 CEST
    ['Europe/Berlin', '2026-03-29', '02:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z'], // repeated: first, CEST
    ['Europe/Berlin', '2026-10-25', '03:00', '2026-10-25T02:00:00.000Z'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:00:00.000Z'], // skipped: 03:00 EDT
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z'], // repeated: first, EDT
    ['America/New_York', '2026-11-01', '09:00', '2026-11-01T14:00:00.000Z'],
    ['Asia/Kolkata', '2026-06-01', '09:30', '2026-06-01T04:00:00.000Z'],
  ])('%s %s %s -> %s', (timeZone, date, time, expected) => {
    expect(scheduledInstant({ time, timeZone }, date).toISOString()).toBe(expected);
  });
});

describe('dueDigest minute by minute: due exactly once per local day, at the right instant', () => {
  it.each([
    // zone, time, spring-forward or fall-back day, instant it goes out that day
    ['Europe/Berlin', '02:30', '2026-03-29', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', '09:00', '2026-03-29', '2026-03-29T07:00:00.000Z'],
    ['Europe/Berlin', '02:30', '2026-10-25', '2026-10-25T00:30:00.000Z'],
    ['Europe/Berlin', '09:00', '2026-10-25', '2026-10-25T08:00:00.000Z'],
    ['America/New_York', '02:30', '2026-03-08', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '09:30', '2026-03-08', '2026-03-08T13:30:00.000Z'],
    ['America/New_York', '01:30', '2026-11-01', '2026-11-01T05:30:00.000Z'],
    ['America/New_York', '09:30', '2026-11-01', '2026-11-01T14:30:00.000Z'],
  ])('%s at %s on %s', (timeZone, time, day, expected) => {
    // From two days before to two days after, in UTC minutes: the whole local days around it.
    const base = Date.parse(`${day}T12:00:00Z`);
    const sent = simulateTicks(
      daily(time, timeZone),
      new Date(base - 2 * 86_400_000).toISOString(),
      new Date(base + 2 * 86_400_000).toISOString(),
    );
    const onDay = sent.filter((s) => s.localDate === day);
    expect(onDay).toEqual([{ localDate: day, at: expected }]);
    // Every local day in the window got exactly one, never two.
    expect(new Set(sent.map((s) => s.localDate)).size).toBe(sent.length);
    for (const s of sent) expect(localDate(new Date(s.at), timeZone)).toBe(s.localDate);
  });

  it('keeps a repeated-hour digest due through the second 01:30, and the claim holds it to one', () => {
    const schedule = daily('01:30', 'America/New_York');
    expect(dueDigest(schedule, new Date('2026-11-01T05:29:00Z')).due).toBe(false); // 01:29 EDT
    expect(dueDigest(schedule, new Date('2026-11-01T05:30:00Z')).due).toBe(true); // 01:30 EDT
    expect(dueDigest(schedule, new Date('2026-11-01T06:10:00Z')).due).toBe(true); // 01:10 EST, already sent
  });
});

describe('dueDigest', () => {
  const schedule: DigestSchedule = { time: '09:30', timeZone: 'Europe/Berlin', days: 'weekdays', enabled: true };

  it('is due later the same local day after a missed tick (downtime), never for an older day', () => {
    // Tuesday 2026-06-16: 09:30 CEST is 07:30Z.
    expect(dueDigest(schedule, new Date('2026-06-16T07:29:00Z'))).toEqual({ due: false, localDate: '2026-06-16' });
    expect(dueDigest(schedule, new Date('2026-06-16T07:30:00Z'))).toEqual({ due: true, localDate: '2026-06-16' });
    expect(dueDigest(schedule, new Date('2026-06-16T20:00:00Z'))).toEqual({ due: true, localDate: '2026-06-16' });
    // Back up at 00:30 Berlin the next day: yesterday's is gone, today's not yet due.
    expect(dueDigest(schedule, new Date('2026-06-16T22:30:00Z'))).toEqual({ due: false, localDate: '2026-06-17' });
  });

  it('skips weekends for weekdays and not for daily', () => {
    const saturday = new Date('2026-06-20T12:00:00Z');
    expect(dueDigest(schedule, saturday)).toEqual({ due: false, localDate: '2026-06-20' });
    expect(dueDigest({ ...schedule, days: 'daily' }, saturday).due).toBe(true);
    const sent = simulateTicks(schedule, '2026-06-14T22:00:00Z', '2026-06-21T22:00:00Z');
    expect(sent.map((s) => s.localDate)).toEqual([
      '2026-06-15',
      '2026-06-16',
      '2026-06-17',
      '2026-06-18',
      '2026-06-19',
    ]);
  });

  it('is never due when disabled', () => {
    expect(dueDigest({ ...schedule, enabled: false }, new Date('2026-06-16T20:00:00Z')).due).toBe(false);
  });

  it('takes the local weekday, not the UTC one', () => {
    // Friday 23:30 in New York is Saturday in UTC.
    const ny: DigestSchedule = { time: '23:00', timeZone: 'America/New_York', days: 'weekdays', enabled: true };
    expect(dueDigest(ny, new Date('2026-06-20T03:30:00Z'))).toEqual({ due: true, localDate: '2026-06-19' });
  });

  it('throws on a stored time that is not HH:MM', () => {
    expect(() => dueDigest({ ...schedule, time: '25:00' }, new Date('2026-06-16T07:30:00Z'))).toThrow(RangeError);
  });
});

describe('parsing /migrate digest arguments', () => {
  it.each([
    ['09:30', { hour: 9, minute: 30 }],
    ['9:30', { hour: 9, minute: 30 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['23:59', { hour: 23, minute: 59 }],
    [' 7:05 ', { hour: 7, minute: 5 }],
  ])('accepts %j', (text, value) => {
    expect(parseClockTime(text)).toEqual({ ok: true, value });
  });

  it.each(['24:00', '9:60', '930', '9.30', '9:3', '09:30pm', '', 'noon', '-1:00', '123:00'])('rejects %j', (text) => {
    const parsed = parseClockTime(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain('HH:MM');
  });

  it('formats a time the way it is stored', () => {
    expect(formatClockTime({ hour: 9, minute: 5 })).toBe('09:05');
  });

  it('validates and canonicalises timezones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('+01:00')).toBe(false);
    expect(isValidTimeZone('UTC+1')).toBe(false);
    expect(parseTimeZone(' europe/berlin ')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(parseTimeZone('Asia/Kolkata')).toEqual({ ok: true, value: 'Asia/Kolkata' });
    expect(parseTimeZone('America/Argentina/Buenos_Aires').ok).toBe(true);
    expect(parseTimeZone('Etc/GMT+5').ok).toBe(true);
    const bad = parseTimeZone('Berlin');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toContain('IANA');
  });

  it('parses the days', () => {
    expect(parseDigestDays('weekdays')).toEqual({ ok: true, value: 'weekdays' });
    expect(parseDigestDays('Daily')).toEqual({ ok: true, value: 'daily' });
    expect(parseDigestDays('weekends').ok).toBe(false);
  });

  it('knows weekdays', () => {
    expect(isScheduledDay('weekdays', '2026-06-19')).toBe(true); // Friday
    expect(isScheduledDay('weekdays', '2026-06-20')).toBe(false); // Saturday
    expect(isScheduledDay('daily', '2026-06-21')).toBe(true);
  });
});

describe('dueDigest for a migration created after the day’s digest time', () => {
  const since = new Date('2026-11-25T14:00:00Z'); // created at 15:00 in Berlin, after the 09:30 digest
  const schedule: DigestSchedule = { ...daily('09:30', 'Europe/Berlin'), since };

  it('sends no catch-up for a digest from before the migration existed', () => {
    expect(dueDigest(schedule, new Date('2026-11-25T14:01:00Z')).due).toBe(false);
    expect(simulateTicks(schedule, '2026-11-25T14:00:00Z', '2026-11-26T12:00:00Z')).toEqual([
      { localDate: '2026-11-26', at: '2026-11-26T08:30:00.000Z' },
    ]);
  });

  it('still catches up a digest missed while the bot was down', () => {
    const older = { ...schedule, since: new Date('2026-11-20T10:00:00Z') };
    expect(dueDigest(older, new Date('2026-11-25T14:01:00Z'))).toEqual({ due: true, localDate: '2026-11-25' });
  });
});
