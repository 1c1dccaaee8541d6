import { describe, expect, it } from 'vitest';
import { dateTicks, niceCountTicks } from '../../src/chart/axes.ts';
import { type BurnupChartInput, burnupSvg, renderBurnup } from '../../src/chart/burnup.ts';
import { escapeXml } from '../../src/chart/xml.ts';

const at = (iso: string) => new Date(iso);

const input: BurnupChartInput = {
  title: 'RabbitMQ <to> Kafka & "friends"',
  total: 40,
  points: [
    { date: at('2026-04-01T00:00:00Z'), done: 0 },
    { date: at('2026-04-10T00:00:00Z'), done: 1 },
    { date: at('2026-04-20T00:00:00Z'), done: 3 },
    { date: at('2026-05-05T00:00:00Z'), done: 7 },
    { date: at('2026-06-16T00:00:00Z'), done: 12 },
  ],
  planned: [
    { date: at('2026-04-01T00:00:00Z'), done: 0 },
    { date: at('2026-05-01T00:00:00Z'), done: 10 },
    { date: at('2026-06-01T00:00:00Z'), done: 20 },
    { date: at('2026-07-15T00:00:00Z'), done: 40 },
  ],
  rollbacks: [
    { date: at('2026-04-25T12:00:00Z'), service: 'ledger <db>' },
    { date: at('2026-06-02T00:00:00Z'), service: 'orders' },
  ],
};

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('burnupSvg', () => {
  const svg = burnupSvg(input);

  it('is an SVG of the requested size', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1200" height="600" /);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(burnupSvg(input, { width: 800, height: 400 })).toContain('width="800" height="400"');
  });

  it('escapes the title and the rollback names', () => {
    expect(svg).toContain('>RabbitMQ &#60;to&#62; Kafka &#38; &#34;friends&#34;</text>');
    expect(svg).toContain('<title>rolled back: ledger &#60;db&#62;</title>');
    expect(svg).not.toContain('<to>');
    expect(escapeXml(`a&b<c>"d'`)).toBe('a&#38;b&#60;c&#62;&#34;d&#39;');
  });

  it('draws the done staircase, the dashed plan, the total, rollback markers and a legend', () => {
    expect(svg).toMatch(/<path class="done-line" d="M64,504 H[\d.]+ V[\d.]+/);
    expect(svg).toMatch(/<polyline class="planned-line" points="[^"]+"[^>]*stroke-dasharray="10 6"/);
    expect(svg).toContain('class="total-line"');
    expect(svg.match(/class="rollback-marker"/g)).toHaveLength(2);
    for (const label of ['Services done', 'Plan', 'Total (40)', 'Rollback']) expect(svg).toContain(`>${label}</text>`);
  });

  it('labels the axes with round counts and dates', () => {
    for (const count of [0, 10, 20, 30, 40]) expect(svg).toContain(`>${count}</text>`);
    // April to mid-July fits weekly ticks on Mondays.
    expect(svg).toContain('>6 Apr</text>');
    expect(svg).toContain('>13 Jul</text>');
    expect(svg.match(/class="tick"/g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('copes with no data and with a single day', () => {
    const empty = burnupSvg({ title: 'Empty', total: 0, points: [], planned: [], rollbacks: [] });
    expect(empty).not.toContain('done-line');
    expect(empty).not.toContain('NaN');
    const oneDay = burnupSvg({
      ...input,
      points: [{ date: at('2026-04-01T10:00:00Z'), done: 2 }],
      planned: [],
      rollbacks: [],
    });
    expect(oneDay).not.toContain('NaN');
    expect(oneDay).not.toContain('planned-line');
  });

  it('handles thousands of points', () => {
    const points = Array.from({ length: 5000 }, (_, i) => ({
      date: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
      done: i,
    }));
    const svg5000 = burnupSvg({ ...input, total: 5000, points });
    expect(svg5000).not.toContain('NaN');
    expect(svg5000).toContain('>5,000</text>');
    expect(svg5000).toContain('>Total (5,000)</text>');
  });
});

describe('burnupSvg shows what is there', () => {
  const nothingDone: BurnupChartInput = {
    title: 'Shop to Kafka',
    total: 31,
    points: [
      { date: at('2026-11-02T00:00:00Z'), done: 0 },
      { date: at('2026-11-25T10:00:00Z'), done: 0 },
    ],
    planned: [],
    rollbacks: [],
  };

  it('says no service is done instead of keying an unseen line, and keys no absent rollback or plan', () => {
    const svg = burnupSvg(nothingDone);
    expect(svg).not.toContain('done-line');
    expect(svg).not.toContain('>Services done</text>');
    expect(svg).toContain('>No service done yet</text>');
    expect(svg).not.toContain('>Rollback</text>');
    expect(svg).not.toContain('>Plan</text>');
    expect(svg).toContain('>Total (31)</text>');
  });

  it('labels every rollback marker with its service, the one at the origin too', () => {
    const svg = burnupSvg({
      ...nothingDone,
      rollbacks: [
        { date: at('2026-11-02T00:00:00Z'), service: 'payments' },
        { date: at('2026-11-20T00:00:00Z'), service: 'ledger <db>' },
      ],
    });
    expect(svg.match(/class="rollback-marker"/g)).toHaveLength(2);
    expect(svg).toMatch(/class="rollback-label"[^>]*>payments<\/text>/);
    expect(svg).toMatch(/class="rollback-label"[^>]*>ledger &#60;db&#62;<\/text>/);
    expect(svg).toContain('>Rollback</text>');
  });

  it('says how many rollbacks were too crowded to label', () => {
    const rollbacks = Array.from({ length: 40 }, (_, i) => ({ date: at('2026-11-10T00:00:00Z'), service: `svc-${i}` }));
    const svg = burnupSvg({ ...nothingDone, rollbacks });
    const labelled = svg.match(/class="rollback-label"/g)?.length ?? 0;
    expect(labelled).toBeGreaterThan(0);
    expect(svg).toContain(`>${40 - labelled} rollbacks too close to label</text>`);
  });

  it('marks today, inside the date axis even past the last point', () => {
    const svg = burnupSvg({ ...nothingDone, today: at('2026-12-20T00:00:00Z') }, { width: 1200 });
    const line = /<g class="today"><line x1="([\d.]+)"/.exec(svg);
    expect(Number(line?.[1])).toBeCloseTo(1200 - 32, 0);
    expect(svg).toContain('>today</text>');
    expect(svg).toContain('>Today</text>');
    expect(burnupSvg(nothingDone)).not.toContain('class="today"');
  });
});

describe('renderBurnup', () => {
  it('renders a PNG of exactly the requested size with the bundled font', () => {
    const png = renderBurnup(input);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(pngSize(png)).toEqual({ width: 1200, height: 600 });
    expect(pngSize(renderBurnup(input, { width: 640, height: 360 }))).toEqual({ width: 640, height: 360 });
  });

  it('draws the text: the same chart with a different title renders differently', () => {
    const a = renderBurnup(input, { width: 400, height: 200 });
    const b = renderBurnup({ ...input, title: 'Another title entirely' }, { width: 400, height: 200 });
    expect(a.equals(b)).toBe(false);
  });
});

describe('axes', () => {
  it('picks round count ticks that reach the maximum', () => {
    expect(niceCountTicks(40, 5)).toEqual([0, 10, 20, 30, 40]);
    expect(niceCountTicks(43, 5)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceCountTicks(3, 5)).toEqual([0, 1, 2, 3]);
    expect(niceCountTicks(5000, 5)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });

  it('picks days, Mondays or months, never more ticks than asked', () => {
    const start = Date.UTC(2026, 3, 1);
    const days = dateTicks(start, Date.UTC(2026, 3, 5), 10);
    expect(days.map((t) => t.label)).toEqual(['1 Apr', '2 Apr', '3 Apr', '4 Apr', '5 Apr']);
    const months = dateTicks(start, Date.UTC(2027, 2, 1), 8);
    expect(months.length).toBeLessThanOrEqual(8);
    // Two-month steps fall on even months: May, July...
    expect(months[0]?.label).toBe('May 2026');
    expect(dateTicks(start, Date.UTC(2026, 7, 15), 5).map((t) => t.label)).toEqual([
      'Apr 2026',
      'May 2026',
      'Jun 2026',
      'Jul 2026',
      'Aug 2026',
    ]);
    expect(dateTicks(start, Date.UTC(2036, 0, 1), 6).length).toBeLessThanOrEqual(6);
  });
});
