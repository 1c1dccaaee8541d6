// Rollback markers on the burn-up chart, each labelled with its service. Labels stack in up to three
// rows above their markers so that neighbours do not overlap; a label with no free row is left out
// (the marker keeps its name as an SVG title) and the count of those is written once.

import { plural } from '../domain/words.ts';
import { escapeXml } from './xml.ts';

export interface RollbackMarker {
  readonly x: number;
  readonly y: number;
  readonly service: string;
}

const ROWS = 3;
const ROW_HEIGHT = 15;
/** DejaVu Sans at 12 px averages about 7 px a character. */
const CHAR_WIDTH = 7;
const LABEL_MAX = 24;

const r = (value: number) => Math.round(value * 10) / 10;

export function rollbackMarks(
  markers: readonly RollbackMarker[],
  color: string,
  plot: { readonly left: number; readonly top: number },
): string {
  const rowEnds = Array.from({ length: ROWS }, () => Number.NEGATIVE_INFINITY);
  const parts = ['<g class="rollbacks">'];
  let unlabelled = 0;
  for (const m of [...markers].sort((a, b) => a.x - b.x)) {
    parts.push(
      `<path class="rollback-marker" d="M${r(m.x)},${r(m.y + 7)} L${r(m.x - 7)},${r(m.y - 6)} L${r(m.x + 7)},${r(m.y - 6)} Z" fill="${color}"><title>${escapeXml(`rolled back: ${m.service}`)}</title></path>`,
    );
    const name = m.service.length > LABEL_MAX ? `${m.service.slice(0, LABEL_MAX - 1)}…` : m.service;
    const half = (name.length * CHAR_WIDTH) / 2;
    const row = rowEnds.findIndex((end) => end + 6 < m.x - half);
    const baseline = m.y - 12 - Math.max(0, row) * ROW_HEIGHT;
    if (row < 0 || baseline < plot.top + 10) {
      unlabelled += 1;
      continue;
    }
    rowEnds[row] = m.x + half;
    parts.push(
      `<text class="rollback-label" x="${r(m.x)}" y="${r(baseline)}" text-anchor="middle" font-size="12" fill="${color}">${escapeXml(name)}</text>`,
    );
  }
  if (unlabelled > 0) {
    const more = `${plural(unlabelled, 'rollback')} too close to label`;
    parts.push(
      `<text class="rollback-more" x="${plot.left + 10}" y="${plot.top + 16}" font-size="12" fill="${color}">${escapeXml(more)}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}
