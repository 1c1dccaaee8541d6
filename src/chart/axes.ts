// Scales and tick choices for the charts: round counts on the value axis, whole UTC days, weeks or
// months on the date axis, never more ticks than fit.

import { MONTH_ABBREVIATIONS } from '../domain/schedule-time.ts';

const DAY_MS = 86_400_000;

export interface DateTick {
  readonly time: number;
  readonly label: string;
}

/** Maps [d0, d1] onto [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** 0, step, 2·step … up to the first tick ≥ max, the step a whole 1, 2 or 5 × 10^k near max/target. */
export function niceCountTicks(max: number, target: number): number[] {
  const rough = Math.max(1, max / Math.max(1, target));
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) {
    ticks.push(v);
    if (v >= max) break;
  }
  return ticks;
}

/** Day, week (Mondays) or month ticks between two instants: the finest step with at most maxTicks. */
export function dateTicks(start: number, end: number, maxTicks: number): DateTick[] {
  const withYear = new Date(start).getUTCFullYear() !== new Date(end).getUTCFullYear();
  for (const days of [1, 2, 7, 14]) {
    const ticks = dayTicks(start, end, days, withYear);
    if (ticks.length <= maxTicks) return ticks;
  }
  for (const months of [1, 2, 3, 6, 12, 24, 60]) {
    const ticks = monthTicks(start, end, months);
    if (ticks.length <= maxTicks) return ticks;
  }
  return monthTicks(start, end, 120);
}

function dayTicks(start: number, end: number, step: number, withYear: boolean): DateTick[] {
  let time = Math.ceil(start / DAY_MS) * DAY_MS;
  // Weekly ticks fall on Mondays (1 Jan 1970 was a Thursday).
  if (step % 7 === 0) while (new Date(time).getUTCDay() !== 1) time += DAY_MS;
  else time = Math.ceil(time / (step * DAY_MS)) * step * DAY_MS;
  const ticks: DateTick[] = [];
  for (; time <= end; time += step * DAY_MS) {
    const d = new Date(time);
    const label = `${d.getUTCDate()} ${MONTH_ABBREVIATIONS[d.getUTCMonth()]}`;
    ticks.push({ time, label: withYear ? `${label} ${d.getUTCFullYear()}` : label });
  }
  return ticks;
}

function monthTicks(start: number, end: number, step: number): DateTick[] {
  const first = new Date(start);
  let month = first.getUTCFullYear() * 12 + first.getUTCMonth();
  if (Date.UTC(Math.floor(month / 12), month % 12, 1) < start) month += 1;
  month = Math.ceil(month / step) * step;
  const ticks: DateTick[] = [];
  for (; ; month += step) {
    const time = Date.UTC(Math.floor(month / 12), month % 12, 1);
    if (time > end) break;
    ticks.push({ time, label: `${MONTH_ABBREVIATIONS[month % 12]} ${Math.floor(month / 12)}` });
  }
  return ticks;
}
