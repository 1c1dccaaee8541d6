// Orderings of the units (services, or groups moving together) of an analysed graph: the tie-break
// rank, one-at-a-time order, and levels for batches. All typed arrays, no per-unit objects, so
// 100k services plan in milliseconds.

import type { GraphAnalysis } from './graph-groups.ts';
import type { PlanDirection } from './model.ts';

/** The rank packs five fields into one exact double; ids and radii must fit in 21 bits. */
export const MAX_PLANNED_SERVICES = 2 ** 21 - 1;
const ID_SPAN = 2 ** 21;
const LEAST_CRITICAL = 31;

/**
 * Tie-break rank of every unit, 0 first: smaller blast radius, then less critical (higher tier
 * number; no tier counts as least critical), then stateless before stateful, then name. A group
 * ranks by its largest radius, its most critical tier, stateful if any member is, and its first name.
 */
export interface Ranks {
  readonly rankOf: Int32Array;
  readonly unitAtRank: Int32Array;
}

export function unitRanks(a: GraphAnalysis): Ranks {
  const g = a.graph;
  if (g.size > MAX_PLANNED_SERVICES)
    throw new RangeError(`The planner handles up to ${MAX_PLANNED_SERVICES} services.`);
  const keys = new Float64Array(a.unitCount);
  for (let u = 0; u < a.unitCount; u++) {
    let blast = 0;
    let criticality = 0;
    let stateful = 0;
    const first = a.unitMembers[a.unitMemberStart[u] as number] as number;
    for (let i = a.unitMemberStart[u] as number; i < (a.unitMemberStart[u + 1] as number); i++) {
      const v = a.unitMembers[i] as number;
      const radius = a.blastRadius[v] as number;
      if (radius > blast) blast = radius;
      const s = g.services[v];
      const tier = s?.tier;
      // Lower key sorts first: no tier -> 0, tier 30+ -> 1, tier 1 -> 30, tier 0 or below -> 31.
      const key = tier === null || tier === undefined ? 0 : LEAST_CRITICAL - Math.min(30, Math.max(0, tier));
      if (key > criticality) criticality = key;
      if (s?.stateful) stateful = 1;
    }
    keys[u] = ((blast * 32 + criticality) * 2 + stateful) * ID_SPAN + first;
  }
  keys.sort();
  const rankOf = new Int32Array(a.unitCount);
  const unitAtRank = new Int32Array(a.unitCount);
  for (let r = 0; r < a.unitCount; r++) {
    const first = (keys[r] as number) % ID_SPAN;
    const u = a.unitOf[first] as number;
    rankOf[u] = r;
    unitAtRank[r] = u;
  }
  return { rankOf, unitAtRank };
}

/**
 * The units that must move before unit u in the chosen direction: its consumers under leaf-first
 * (a consumer moves before its providers), its providers under providers-first.
 */
function beforeRows(a: GraphAnalysis, direction: PlanDirection) {
  return direction === 'leaf-first'
    ? {
        beforeStart: a.unitConsumerStart,
        before: a.unitConsumerIds,
        afterStart: a.unitProviderStart,
        after: a.unitProviderIds,
      }
    : {
        beforeStart: a.unitProviderStart,
        before: a.unitProviderIds,
        afterStart: a.unitConsumerStart,
        after: a.unitConsumerIds,
      };
}

/**
 * One unit at a time: Kahn's algorithm taking, of the units free to move, the one of lowest rank
 * (a binary heap of ranks).
 */
function sequentialOrder(a: GraphAnalysis, direction: PlanDirection, unitAtRank: Int32Array, rankOf: Int32Array) {
  const n = a.unitCount;
  const { beforeStart, afterStart, after } = beforeRows(a, direction);
  const waiting = new Int32Array(n);
  const heap = new Int32Array(n);
  let size = 0;
  const push = (rank: number) => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heap[p] as number) <= rank) break;
      heap[i] = heap[p] as number;
      i = p;
    }
    heap[i] = rank;
  };
  const pop = (): number => {
    const top = heap[0] as number;
    const last = heap[--size] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && (heap[c + 1] as number) < (heap[c] as number)) c++;
      if ((heap[c] as number) >= last) break;
      heap[i] = heap[c] as number;
      i = c;
    }
    heap[i] = last;
    return top;
  };
  for (let u = 0; u < n; u++) {
    waiting[u] = (beforeStart[u + 1] as number) - (beforeStart[u] as number);
    if (waiting[u] === 0) push(rankOf[u] as number);
  }
  const order = new Int32Array(n);
  let k = 0;
  while (size > 0) {
    const u = unitAtRank[pop()] as number;
    order[k++] = u;
    for (let e = afterStart[u] as number; e < (afterStart[u + 1] as number); e++) {
      const t = after[e] as number;
      waiting[t] = (waiting[t] as number) - 1;
      if (waiting[t] === 0) push(rankOf[t] as number);
    }
  }
  return order;
}

/**
 * Level of every unit: 0 when nothing must move before it, else one more than the highest level of
 * the units that must. Two units on one level never have a dependency path between them, and
 * there are as few levels as the longest chain allows.
 */
export function unitLevels(a: GraphAnalysis, direction: PlanDirection): { levelOf: Int32Array; levelCount: number } {
  const n = a.unitCount;
  const { beforeStart, afterStart, after } = beforeRows(a, direction);
  const waiting = new Int32Array(n);
  const queue = new Int32Array(n);
  const levelOf = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let u = 0; u < n; u++) {
    waiting[u] = (beforeStart[u + 1] as number) - (beforeStart[u] as number);
    if (waiting[u] === 0) queue[tail++] = u;
  }
  let levelCount = n > 0 ? 1 : 0;
  while (head < tail) {
    const u = queue[head++] as number;
    const next = (levelOf[u] as number) + 1;
    for (let e = afterStart[u] as number; e < (afterStart[u + 1] as number); e++) {
      const t = after[e] as number;
      if ((levelOf[t] as number) < next) levelOf[t] = next;
      waiting[t] = (waiting[t] as number) - 1;
      if (waiting[t] === 0) {
        queue[tail++] = t;
        if (next + 1 > levelCount) levelCount = next + 1;
      }
    }
  }
  return { levelOf, levelCount };
}

/** Units grouped by level, each level in rank order: start[l] .. start[l + 1] index into units. */
export function unitsByLevel(levelOf: Int32Array, levelCount: number, unitAtRank: Int32Array) {
  const start = new Int32Array(levelCount + 1);
  for (let u = 0; u < levelOf.length; u++)
    start[(levelOf[u] as number) + 1] = (start[(levelOf[u] as number) + 1] as number) + 1;
  for (let l = 0; l < levelCount; l++) start[l + 1] = (start[l + 1] as number) + (start[l] as number);
  const fill = start.slice(0, levelCount);
  const units = new Int32Array(levelOf.length);
  for (let r = 0; r < unitAtRank.length; r++) {
    const u = unitAtRank[r] as number;
    const l = levelOf[u] as number;
    units[fill[l] as number] = u;
    fill[l] = (fill[l] as number) + 1;
  }
  return { start, units };
}

/** When each unit moves. Steps and batches are 1-based; 0 means "not on that track". */
export interface Schedule {
  /** Units in reading order. */
  readonly order: Int32Array;
  readonly phaseOf: Int32Array;
  readonly stepOf: Int32Array;
  readonly batchOf: Int32Array;
  readonly phaseCount: number;
  readonly stepCount: number;
  readonly batchCount: number;
  /** Units larger than the batch cap (each got a batch of its own). */
  readonly oversized: readonly number[];
}

/** One unit per step, each its own phase. */
export function scheduleSequential(a: GraphAnalysis, direction: PlanDirection, ranks: Ranks): Schedule {
  const order = sequentialOrder(a, direction, ranks.unitAtRank, ranks.rankOf);
  const phaseOf = new Int32Array(a.unitCount);
  for (let i = 0; i < order.length; i++) phaseOf[order[i] as number] = i + 1;
  return {
    order,
    phaseOf,
    stepOf: phaseOf,
    batchOf: new Int32Array(a.unitCount),
    phaseCount: order.length,
    stepCount: order.length,
    batchCount: 0,
    oversized: [],
  };
}

/**
 * Phases by level. Without a sequential track (parallel) each level is one phase of batches (more
 * than one when the cap splits it, each then its own phase). With one (hybrid), a level is one
 * phase: first its sequential-track units, one step each, then its batches.
 */
export function scheduleBatches(
  a: GraphAnalysis,
  direction: PlanDirection,
  ranks: Ranks,
  batchCap: number,
  sequentialTrack: Uint8Array | null,
): Schedule {
  const { levelOf, levelCount } = unitLevels(a, direction);
  const { start, units } = unitsByLevel(levelOf, levelCount, ranks.unitAtRank);
  const order = new Int32Array(a.unitCount);
  const phaseOf = new Int32Array(a.unitCount);
  const stepOf = new Int32Array(a.unitCount);
  const batchOf = new Int32Array(a.unitCount);
  const oversized: number[] = [];
  let k = 0;
  let steps = 0;
  let batches = 0;
  for (let level = 0; level < levelCount; level++) {
    const from = start[level] as number;
    const to = start[level + 1] as number;
    if (sequentialTrack) {
      for (let i = from; i < to; i++) {
        const u = units[i] as number;
        if (sequentialTrack[u] !== 1) continue;
        order[k++] = u;
        phaseOf[u] = level + 1;
        stepOf[u] = ++steps;
      }
    }
    let filled = 0;
    for (let i = from; i < to; i++) {
      const u = units[i] as number;
      if (sequentialTrack && sequentialTrack[u] === 1) continue;
      const size = (a.unitMemberStart[u + 1] as number) - (a.unitMemberStart[u] as number);
      if (filled === 0 || (batchCap > 0 && filled + size > batchCap)) {
        batches++;
        filled = 0;
      }
      if (batchCap > 0 && size > batchCap) oversized.push(u);
      filled += size;
      order[k++] = u;
      batchOf[u] = batches;
      phaseOf[u] = sequentialTrack ? level + 1 : batches;
    }
  }
  return {
    order,
    phaseOf,
    stepOf,
    batchOf,
    phaseCount: sequentialTrack ? levelCount : batches,
    stepCount: steps,
    batchCount: batches,
    oversized,
  };
}
