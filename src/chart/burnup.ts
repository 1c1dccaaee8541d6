// The burn-up chart posted with the weekly digest: services done over time against the plan's
// promise and the total, with a labelled marker at every rollback and a line at today. The legend
// lists only what the chart shows. `burnupSvg` is pure; `renderBurnup`
// rasterises it with resvg and the bundled DejaVu Sans, so it needs no fonts on the machine.
// Dates on the axis are UTC days.

import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import type { BurnupData, BurnupPoint } from '../domain/digest-pace.ts';
import { grouped } from '../domain/words.ts';
import { dateTicks, linearScale, niceCountTicks } from './axes.ts';
import { rollbackMarks } from './rollback-marks.ts';
import { escapeXml } from './xml.ts';

export interface BurnupChartInput extends BurnupData {
  readonly title: string;
  /** Marked with a vertical line, and always inside the date axis. */
  readonly today?: Date;
}

export interface BurnupOptions {
  readonly width?: number;
  readonly height?: number;
}

const COLORS = {
  done: '#2563eb',
  planned: '#d97706',
  total: '#6b7280',
  rollback: '#dc2626',
  today: '#7c3aed',
  grid: '#e5e7eb',
  axis: '#374151',
  text: '#111827',
} as const;

const FONT = 'DejaVu Sans';
const MARGIN = { top: 64, right: 32, bottom: 96, left: 64 } as const;

export function burnupSvg(input: BurnupChartInput, options: BurnupOptions = {}): string {
  const width = options.width ?? 1200;
  const height = options.height ?? 600;
  const plot = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };

  // Loops, not Math.min(...spread): thousands of points would overflow the call stack.
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const dated = [
    ...input.points,
    ...input.planned,
    ...input.rollbacks,
    ...(input.today ? [{ date: input.today }] : []),
  ];
  for (const p of dated) {
    start = Math.min(start, p.date.getTime());
    end = Math.max(end, p.date.getTime());
  }
  if (!Number.isFinite(start)) start = end = 0;
  if (end - start < 86_400_000) {
    start -= 43_200_000;
    end += 43_200_000;
  }
  let maxDone = Math.max(input.total, 1);
  for (const p of [...input.points, ...input.planned]) maxDone = Math.max(maxDone, p.done);
  const yTicks = niceCountTicks(maxDone, 5);
  const x = linearScale(start, end, plot.left, plot.right);
  // Headroom above the total, so its line does not sit on the top edge.
  const y = linearScale(0, Math.max(yTicks.at(-1) ?? maxDone, maxDone * 1.08), plot.bottom, plot.top);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text class="title" x="${width / 2}" y="${MARGIN.top / 2 + 6}" text-anchor="middle" font-size="22" fill="${COLORS.text}">${escapeXml(input.title)}</text>`,
  ];

  parts.push('<g class="axis-y">');
  for (const tick of yTicks) {
    const ty = n(y(tick));
    parts.push(
      `<line x1="${plot.left}" y1="${ty}" x2="${plot.right}" y2="${ty}" stroke="${COLORS.grid}"/>`,
      `<text x="${plot.left - 8}" y="${n(y(tick) + 5)}" text-anchor="end" font-size="13" fill="${COLORS.axis}">${grouped(tick)}</text>`,
    );
  }
  parts.push(
    `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.bottom}" stroke="${COLORS.axis}"/>`,
    `<text x="18" y="${n((plot.top + plot.bottom) / 2)}" transform="rotate(-90 18 ${n((plot.top + plot.bottom) / 2)})" text-anchor="middle" font-size="13" fill="${COLORS.axis}">services</text>`,
    '</g>',
  );

  parts.push('<g class="axis-x">');
  parts.push(
    `<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="${COLORS.axis}"/>`,
  );
  const maxTicks = Math.max(2, Math.floor((plot.right - plot.left) / 110));
  for (const tick of dateTicks(start, end, maxTicks)) {
    const tx = n(x(tick.time));
    parts.push(
      `<line class="tick" x1="${tx}" y1="${plot.bottom}" x2="${tx}" y2="${plot.bottom + 6}" stroke="${COLORS.axis}"/>`,
      `<text x="${tx}" y="${plot.bottom + 22}" text-anchor="middle" font-size="13" fill="${COLORS.axis}">${escapeXml(tick.label)}</text>`,
    );
  }
  parts.push('</g>');

  const totalY = n(y(input.total));
  parts.push(
    `<line class="total-line" x1="${plot.left}" y1="${totalY}" x2="${plot.right}" y2="${totalY}" stroke="${COLORS.total}" stroke-width="2"/>`,
  );
  if (input.planned.length > 0) {
    const coords = sortByDate(input.planned).map((p) => `${n(x(p.date.getTime()))},${n(y(p.done))}`);
    parts.push(
      `<polyline class="planned-line" points="${coords.join(' ')}" fill="none" stroke="${COLORS.planned}" stroke-width="2.5" stroke-dasharray="10 6"/>`,
    );
  }
  const done = sortByDate(input.points);
  const anyDone = done.some((p) => p.done > 0);
  if (anyDone) {
    parts.push(
      `<path class="done-line" d="${stepPath(done, x, y)}" fill="none" stroke="${COLORS.done}" stroke-width="3"/>`,
    );
  }
  if (input.today) parts.push(todayMark(x(input.today.getTime()), plot));
  const markers = input.rollbacks.map((r) => ({
    x: x(r.date.getTime()),
    y: y(doneAt(done, r.date.getTime())),
    service: r.service,
  }));
  if (markers.length > 0) parts.push(rollbackMarks(markers, COLORS.rollback, plot));

  const shown = {
    done: anyDone,
    planned: input.planned.length > 0,
    rollbacks: input.rollbacks.length > 0,
    today: input.today !== undefined,
  };
  parts.push(legend(plot.left, height - 28, input.total, shown), '</svg>');
  return parts.join('\n');
}

/** A dashed vertical line at today, labelled at the top of the plot. */
function todayMark(tx: number, plot: { top: number; bottom: number }): string {
  return [
    `<g class="today">`,
    `<line x1="${n(tx)}" y1="${plot.top}" x2="${n(tx)}" y2="${plot.bottom}" stroke="${COLORS.today}" stroke-width="1.5" stroke-dasharray="4 4"/>`,
    `<text x="${n(tx)}" y="${plot.top - 8}" text-anchor="middle" font-size="13" fill="${COLORS.today}">today</text>`,
    '</g>',
  ].join('');
}

let resvgClass: typeof ResvgClass | undefined;
/** resvg (a native renderer) is loaded for the first chart, not at start-up. */
function resvg(): typeof ResvgClass {
  resvgClass ??= (createRequire(import.meta.url)('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg;
  return resvgClass;
}

/** The chart as a PNG of exactly width × height pixels. */
export function renderBurnup(input: BurnupChartInput, options: BurnupOptions = {}): Buffer {
  const Resvg = resvg();
  const image = new Resvg(burnupSvg(input, options), {
    fitTo: { mode: 'original' },
    font: { fontFiles: [fontPath()], loadSystemFonts: false, defaultFontFamily: FONT },
  });
  return image.render().asPng();
}

function fontPath(): string {
  return createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
}

interface Shown {
  readonly done: boolean;
  readonly planned: boolean;
  readonly rollbacks: boolean;
  readonly today: boolean;
}

/** One entry per thing drawn: a series nobody can see, or a marker that is not there, is left out. */
function legend(left: number, baseline: number, total: number, shown: Shown): string {
  const line = (color: string, extra = '') =>
    `<line x1="0" y1="-5" x2="28" y2="-5" stroke="${color}" stroke-width="2.5"${extra}/>`;
  const items: { svg: string; width: number }[] = [];
  // Before the first finish the staircase lies on the axis, unseen: say so instead of showing its key.
  items.push(
    shown.done
      ? { svg: `${line(COLORS.done)}<text x="36" y="0">Services done</text>`, width: 190 }
      : { svg: `<text class="none-done" x="0" y="0" fill="${COLORS.done}">No service done yet</text>`, width: 190 },
  );
  if (shown.planned) {
    items.push({
      svg: `${line(COLORS.planned, ' stroke-dasharray="10 6"')}<text x="36" y="0">Plan</text>`,
      width: 110,
    });
  }
  items.push({
    svg: `${line(COLORS.total)}<text x="36" y="0">Total (${grouped(total)})</text>`,
    width: 170,
  });
  if (shown.rollbacks) {
    items.push({
      svg: `<path d="M14,2 L7,-11 L21,-11 Z" fill="${COLORS.rollback}"/><text x="36" y="0">Rollback</text>`,
      width: 150,
    });
  }
  if (shown.today) {
    items.push({ svg: `${line(COLORS.today, ' stroke-dasharray="4 4"')}<text x="36" y="0">Today</text>`, width: 110 });
  }
  let offset = 0;
  const placed = items.map((item) => {
    const g = `<g transform="translate(${left + offset} ${baseline})">${item.svg}</g>`;
    offset += item.width;
    return g;
  });
  return `<g class="legend" font-size="14" fill="${COLORS.text}">${placed.join('')}</g>`;
}

/** A staircase: the count stays flat until the next service is done. */
function stepPath(points: readonly BurnupPoint[], x: (t: number) => number, y: (v: number) => number): string {
  const [first, ...rest] = points;
  if (first === undefined) return '';
  const segments = [`M${n(x(first.date.getTime()))},${n(y(first.done))}`];
  for (const p of rest) segments.push(`H${n(x(p.date.getTime()))}`, `V${n(y(p.done))}`);
  return segments.join(' ');
}

/** The done count the staircase shows at `time`. */
function doneAt(points: readonly BurnupPoint[], time: number): number {
  let value = 0;
  for (const p of points) {
    if (p.date.getTime() > time) break;
    value = p.done;
  }
  return value;
}

function sortByDate(points: readonly BurnupPoint[]): BurnupPoint[] {
  return [...points].sort((a, b) => a.date.getTime() - b.date.getTime());
}

/** Coordinates rounded to 0.1 px keep the SVG short and stable. */
function n(value: number): number {
  return Math.round(value * 10) / 10;
}
