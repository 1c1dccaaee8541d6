// Blast radius: how many distinct services depend on a service, directly or transitively.
//
// Both methods walk the components of the graph (a cycle counts its members once) from the
// outermost consumers inwards, so each component's set of consumers is the union of its direct
// consumers' sets: one pass over the edges.
//
// - Up to EXACT_BLAST_LIMIT services the sets are bitsets over all services, and the counts are
//   exact (5,000 services: 3 MB of bits and a few million word operations).
// - Above it, exact sets would cost n^2/8 bytes (1.25 GB at 100k), so each set is replaced by a
//   bottom-k sketch (Cohen, 1997): every service gets a random rank, and a set keeps only the
//   SKETCH_SIZE smallest ranks of its members. Merging sketches is cheap and order-free. A set
//   smaller than SKETCH_SIZE is held whole, so counts under SKETCH_SIZE stay exact; above, the
//   count is estimated as (k - 1) * n / (k-th smallest rank), with a typical error of
//   1 / sqrt(k - 2), about 13% for k = 64. The planner only needs the counts to rank services
//   (tie-breaks, the "top 10%" of the hybrid track), and it never relies on them for correctness.
// Ranks come from a fixed seed over ids in name order, so the estimate is deterministic.

import type { Components, IndexedGraph } from './graph.ts';

export const EXACT_BLAST_LIMIT = 5_000;
export const SKETCH_SIZE = 64;
const SEED = 0x5eed_b1a5;

export interface BlastRadii {
  /** Per service id. */
  readonly values: Int32Array;
  /** False when counts of SKETCH_SIZE or more are estimates. */
  readonly exact: boolean;
}

export function blastRadii(g: IndexedGraph, scc: Components): BlastRadii {
  if (g.size <= EXACT_BLAST_LIMIT) return { values: exactBlastRadii(g, scc), exact: true };
  return { values: sketchedBlastRadii(g, scc), exact: false };
}

interface Members {
  readonly start: Int32Array;
  readonly ids: Int32Array;
}

function componentMembers(n: number, scc: Components): Members {
  const start = new Int32Array(scc.count + 1);
  for (let v = 0; v < n; v++)
    start[(scc.componentOf[v] as number) + 1] = (start[(scc.componentOf[v] as number) + 1] as number) + 1;
  for (let c = 0; c < scc.count; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const fill = start.slice(0, scc.count);
  const ids = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const c = scc.componentOf[v] as number;
    ids[fill[c] as number] = v;
    fill[c] = (fill[c] as number) + 1;
  }
  return { start, ids };
}

function popcount(x: number): number {
  let y = x - ((x >>> 1) & 0x55555555);
  y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
  return (((y + (y >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Exact counts with bitsets: memory n * components / 8 bytes. */
export function exactBlastRadii(g: IndexedGraph, scc: Components): Int32Array {
  const members = componentMembers(g.size, scc);
  const n = g.size;
  const words = Math.max(1, Math.ceil(n / 32));
  const full = new Int32Array(scc.count * words);
  const acc = new Int32Array(words);
  const mark = new Int32Array(scc.count).fill(-1);
  const values = new Int32Array(n);
  const comp = scc.componentOf;
  // Components are numbered providers first, so walking them downwards meets consumers first.
  for (let c = scc.count - 1; c >= 0; c--) {
    acc.fill(0);
    const from = members.start[c] as number;
    const to = members.start[c + 1] as number;
    for (let i = from; i < to; i++) {
      const v = members.ids[i] as number;
      for (let e = g.consumerStart[v] as number; e < (g.consumerStart[v + 1] as number); e++) {
        const d = comp[g.consumerIds[e] as number] as number;
        if (d === c || mark[d] === c) continue;
        mark[d] = c;
        const base = d * words;
        for (let k = 0; k < words; k++) acc[k] = (acc[k] as number) | (full[base + k] as number);
      }
    }
    let count = 0;
    for (let k = 0; k < words; k++) count += popcount(acc[k] as number);
    const radius = count + (to - from) - 1;
    for (let i = from; i < to; i++) {
      const v = members.ids[i] as number;
      values[v] = radius;
      acc[v >>> 5] = (acc[v >>> 5] as number) | (1 << (v & 31));
    }
    full.set(acc, c * words);
  }
  return values;
}

function ranksFor(n: number): Int32Array {
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) ranks[i] = i;
  let state = SEED;
  for (let i = n - 1; i > 0; i--) {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    const j = ((t ^ (t >>> 14)) >>> 0) % (i + 1);
    const tmp = ranks[i] as number;
    ranks[i] = ranks[j] as number;
    ranks[j] = tmp;
  }
  return ranks;
}

const EMPTY = 0x7fffffff;

/**
 * Merges two sorted rows of distinct ranks, each ended by EMPTY, into out[outFrom..], keeping the k
 * smallest and ending the row with EMPTY (rows have k + 1 slots). Returns the merged length.
 */
function mergeRows(
  a: Int32Array,
  aFrom: number,
  b: Int32Array,
  bFrom: number,
  out: Int32Array,
  outFrom: number,
  k: number,
) {
  let i = aFrom;
  let j = bFrom;
  let o = outFrom;
  const end = outFrom + k;
  while (o < end) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) {
      out[o++] = x;
      i++;
    } else if (y < x) {
      out[o++] = y;
      j++;
    } else {
      if (x === EMPTY) break;
      out[o++] = x;
      i++;
      j++;
    }
  }
  out[o] = EMPTY;
  return o - outFrom;
}

/** Bottom-k estimates: exact below k, memory components * (k + 1) * 4 bytes. */
export function sketchedBlastRadii(g: IndexedGraph, scc: Components, k = SKETCH_SIZE): Int32Array {
  const members = componentMembers(g.size, scc);
  const n = g.size;
  const ranks = ranksFor(n);
  const stride = k + 1;
  // Row c holds the sketch of component c with its members: sorted ranks, then EMPTY.
  const sketches = new Int32Array(scc.count * stride).fill(EMPTY);
  const mark = new Int32Array(scc.count).fill(-1);
  const values = new Int32Array(n);
  const comp = scc.componentOf;
  let acc = new Int32Array(stride);
  let spare = new Int32Array(stride);
  const own = new Int32Array(2);
  for (let c = scc.count - 1; c >= 0; c--) {
    acc[0] = EMPTY;
    let accLen = 0;
    const from = members.start[c] as number;
    const to = members.start[c + 1] as number;
    for (let i = from; i < to; i++) {
      const v = members.ids[i] as number;
      for (let e = g.consumerStart[v] as number; e < (g.consumerStart[v + 1] as number); e++) {
        const d = comp[g.consumerIds[e] as number] as number;
        if (d === c || mark[d] === c) continue;
        mark[d] = c;
        // A full sketch whose largest rank is below the other's smallest cannot change.
        if (accLen === k && (sketches[d * stride] as number) > (acc[k - 1] as number)) continue;
        accLen = mergeRows(acc, 0, sketches, d * stride, spare, 0, k);
        const swap = acc;
        acc = spare;
        spare = swap;
      }
    }
    const size = to - from;
    let count = accLen;
    if (accLen === k) {
      const estimate = Math.round(((k - 1) * n) / ((acc[k - 1] as number) + 1));
      count = Math.min(n - size, Math.max(k, estimate));
    }
    for (let i = from; i < to; i++) values[members.ids[i] as number] = count + size - 1;
    // The component's own row adds its members' ranks.
    let ownRanks = own;
    if (size === 1) {
      own[0] = ranks[members.ids[from] as number] as number;
      own[1] = EMPTY;
    } else {
      ownRanks = new Int32Array(size + 1);
      for (let i = from; i < to; i++) ownRanks[i - from] = ranks[members.ids[i] as number] as number;
      ownRanks[size] = EMPTY;
      ownRanks.sort();
    }
    mergeRows(acc, 0, ownRanks, 0, sketches, c * stride, k);
  }
  return values;
}
