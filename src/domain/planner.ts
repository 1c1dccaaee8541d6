// Turns a dependency graph into a plan: one flat list of entries, one per service, easy to store as
// rows and to render. Services that must move together (a cycle, users of one database) form a
// group and always share a step or a batch.
//
// - sequential: one unit per step. Leaf-first (the default) moves a consumer before its providers;
//   providers-first the reverse. Of the units free to move, the least risky goes first: smaller
//   blast radius, less critical, stateless, then by name.
// - parallel: batches by level: a unit goes in the batch after the last unit that must move
//   before it, so no batch holds two services with a dependency path between them, and there are
//   as few batches as the longest chain allows. A batch cap splits a level into several batches.
// - hybrid: critical, stateful, external, grouped and core (top highBlastPercent% by blast radius)
//   services take the sequential track; the rest the parallel track. The plan runs in phases, one
//   per level: within a phase the sequential track takes its steps one at a time while the
//   parallel track runs that phase's batches; the next phase starts when both are done. Units of
//   one level never depend on each other, so neither track can break an order of the other.

import { SKETCH_SIZE } from './blast-radius.ts';
import type { IndexedGraph } from './graph.ts';
import { groupWords } from './graph-group-reasons.ts';
import { analyseGraph, type GraphAnalysis, type ServiceGroup } from './graph-groups.ts';
import type { PlanDirection, ServiceGraph, Strategy } from './model.ts';
import { type Ranks, scheduleBatches, scheduleSequential, unitRanks } from './plan-order.ts';

export const TRACKS = ['sequential', 'parallel'] as const;
export type Track = (typeof TRACKS)[number];

export interface PlanOptions {
  readonly strategy: Strategy;
  /** Default leaf-first. */
  readonly direction?: PlanDirection;
  /** Largest batch; 0 (the default) for no cap. A group larger than the cap gets a batch of its own. */
  readonly batchCap?: number;
  /** Tier at or below which a service is critical; 0 for none. Default 1. */
  readonly criticalTier?: number;
  /** Hybrid: this share of services with the largest blast radius counts as core. Default 10. */
  readonly highBlastPercent?: number;
}

export type PlanGroup = ServiceGroup;

export interface PlanEntry {
  readonly service: string;
  /** 1-based reading order; it respects every dependency order of the plan. */
  readonly position: number;
  /** 1-based. Entries of one phase may run at the same time; a phase starts when the one before ends. */
  readonly phase: number;
  /** 1-based step on the sequential track (group members share it); null on the parallel track. */
  readonly step: number | null;
  /** 1-based batch on the parallel track; null on the sequential track. */
  readonly batch: number | null;
  readonly track: Track;
  /** The group the service moves with, or null. */
  readonly groupId: string | null;
  /** Services that depend on it, directly or transitively (see Plan.blastRadiusExact). */
  readonly blastRadius: number;
  /** The service's own effort figure; null when the migration's `effort-days` applies. */
  readonly effortDays: number | null;
  /** Why it is where it is, in words. */
  readonly reason: string;
}

export interface Plan {
  readonly strategy: Strategy;
  readonly direction: PlanDirection;
  readonly batchCap: number;
  readonly criticalTier: number;
  readonly highBlastPercent: number;
  /** In position order. */
  readonly entries: readonly PlanEntry[];
  readonly groups: readonly PlanGroup[];
  readonly phaseCount: number;
  readonly stepCount: number;
  readonly batchCount: number;
  /** False when large blast radii are estimates (graphs over EXACT_BLAST_LIMIT services). */
  readonly blastRadiusExact: boolean;
  readonly warnings: readonly string[];
}

const CRITICAL = 1;
const STATEFUL = 2;
const EXTERNAL = 4;
const CORE = 8;

export function toAnalysis(input: ServiceGraph | IndexedGraph | GraphAnalysis): GraphAnalysis {
  return 'unitOf' in input ? input : analyseGraph(input);
}

/** Ranks depend only on the graph, so plans of one analysis share them. */
const rankCache = new WeakMap<GraphAnalysis, Ranks>();

export function plan(input: ServiceGraph | IndexedGraph | GraphAnalysis, options: PlanOptions): Plan {
  const a = toAnalysis(input);
  const g = a.graph;
  const direction = options.direction ?? 'leaf-first';
  const batchCap = Math.max(0, Math.floor(options.batchCap ?? 0));
  const criticalTier = options.criticalTier ?? 1;
  const highBlastPercent = options.highBlastPercent ?? 10;
  let ranks = rankCache.get(a);
  if (!ranks) {
    ranks = unitRanks(a);
    rankCache.set(a, ranks);
  }
  const hybrid = options.strategy === 'hybrid' ? hybridTracks(a, criticalTier, highBlastPercent) : null;
  const schedule =
    options.strategy === 'sequential'
      ? scheduleSequential(a, direction, ranks)
      : scheduleBatches(a, direction, ranks, batchCap, hybrid?.sequential ?? null);
  const reasons = new Reasons(a, direction, highBlastPercent, hybrid);

  const entries = new Array<PlanEntry>(g.size);
  let k = 0;
  for (const u of schedule.order) {
    const groupIndex = a.groupOfUnit[u] as number;
    const groupId = groupIndex >= 0 ? (a.groups[groupIndex]?.id ?? null) : null;
    const step = schedule.stepOf[u] as number;
    const batch = schedule.batchOf[u] as number;
    const phase = schedule.phaseOf[u] as number;
    for (let i = a.unitMemberStart[u] as number; i < (a.unitMemberStart[u + 1] as number); i++) {
      const v = a.unitMembers[i] as number;
      entries[k++] = {
        service: g.names[v] as string,
        position: k,
        phase,
        step: step === 0 ? null : step,
        batch: batch === 0 ? null : batch,
        track: step === 0 ? 'parallel' : 'sequential',
        groupId,
        blastRadius: a.blastRadius[v] as number,
        effortDays: g.services[v]?.effortDays ?? null,
        reason: reasons.of(u, v),
      };
    }
  }
  const warnings = schedule.oversized.map((u) => {
    const members = a.groups[a.groupOfUnit[u] as number]?.members ?? [];
    return `The ${groupWords(members)} move as one, more than the batch cap of ${batchCap}: they share one batch.`;
  });
  return {
    strategy: options.strategy,
    direction,
    batchCap,
    criticalTier,
    highBlastPercent,
    entries,
    groups: a.groups,
    phaseCount: schedule.phaseCount,
    stepCount: schedule.stepCount,
    batchCount: schedule.batchCount,
    blastRadiusExact: a.blastRadiusExact,
    warnings,
  };
}

interface HybridTracks {
  /** Per unit: 1 on the sequential track. */
  readonly sequential: Uint8Array;
  /** Per service: why it needs the sequential track (bits), 0 for none of its own. */
  readonly flags: Uint8Array;
}

/**
 * Critical, stateful, external, grouped and core services take the sequential track; a group goes
 * whole. Core: a blast radius at least that of the service at the top highBlastPercent% mark
 * (ties included), and at least 1.
 */
function hybridTracks(a: GraphAnalysis, criticalTier: number, percent: number): HybridTracks {
  const g = a.graph;
  const n = g.size;
  const sorted = a.blastRadius.slice().sort();
  const top = Math.min(n, Math.ceil((n * Math.max(0, percent)) / 100));
  const threshold = top > 0 ? Math.max(1, sorted[n - top] as number) : Number.POSITIVE_INFINITY;
  const flags = new Uint8Array(n);
  const sequential = new Uint8Array(a.unitCount);
  for (let v = 0; v < n; v++) {
    const s = g.services[v];
    let f = 0;
    if (s && s.tier !== null && criticalTier > 0 && s.tier <= criticalTier) f |= CRITICAL;
    if (s?.stateful) f |= STATEFUL;
    if (s?.external) f |= EXTERNAL;
    if ((a.blastRadius[v] as number) >= threshold) f |= CORE;
    flags[v] = f;
    const u = a.unitOf[v] as number;
    if (f !== 0 || (a.groupOfUnit[u] as number) >= 0) sequential[u] = 1;
  }
  return { sequential, flags };
}

/** The words of each entry's reason. */
class Reasons {
  private readonly groupTexts: string[];

  constructor(
    private readonly a: GraphAnalysis,
    private readonly direction: PlanDirection,
    private readonly percent: number,
    private readonly hybrid: HybridTracks | null,
  ) {
    // Why the group moves together is said once per group where the plan lists its groups.
    this.groupTexts = a.groups.map((group) => `moves as one with its group (${groupWords(group.members)})`);
  }

  of(u: number, v: number): string {
    const group = this.groupTexts[this.a.groupOfUnit[u] as number];
    if (this.hybrid) return this.track(u, v, group);
    const where = this.placement(v);
    return group ? `${group}; ${where}` : where;
  }

  private count(v: number, one: string, many: string): string {
    const r = this.a.blastRadius[v] as number;
    const about = !this.a.blastRadiusExact && r >= SKETCH_SIZE ? 'about ' : '';
    return `${about}${r} ${r === 1 ? one : many}`;
  }

  private placement(v: number): string {
    const g = this.a.graph;
    if (this.direction === 'leaf-first') {
      if (this.a.blastRadius[v] === 0) return 'leaf: nothing depends on it';
      return `moves after the ${this.count(v, 'service that depends on it', 'services that depend on it')}`;
    }
    const direct = (g.providerStart[v + 1] as number) - (g.providerStart[v] as number);
    return direct === 0
      ? 'depends on nothing, so it can move early'
      : `moves after what it depends on (${direct} directly)`;
  }

  private track(u: number, v: number, group: string | undefined): string {
    const hybrid = this.hybrid as HybridTracks;
    const f = hybrid.flags[v] as number;
    const tier = this.a.graph.services[v]?.tier ?? null;
    const blast =
      this.a.blastRadius[v] === 0
        ? 'nothing depends on it'
        : this.count(v, 'service depends on it', 'services depend on it');
    if (hybrid.sequential[u] !== 1) {
      return `in a batch: not critical (${tier === null ? 'no tier' : `tier ${tier}`}), stateless, ${blast}`;
    }
    const why: string[] = [];
    if (f & CRITICAL) why.push(`critical (tier ${tier})`);
    if (f & STATEFUL) why.push('stateful: its data is checked at each step');
    if (f & EXTERNAL) why.push('external: it keeps its own schedule');
    if (f & CORE) why.push(`core: ${blast} (top ${this.percent}%)`);
    if (group) why.push(group);
    return `one at a time: ${why.join('; ')}`;
  }
}

/** The services of each step of the sequential track, in step order. */
export function planSteps(p: Plan): string[][] {
  return collect(p.entries, (e) => e.step);
}

/** The services of each batch of the parallel track, in batch order. */
export function planBatches(p: Plan): string[][] {
  return collect(p.entries, (e) => e.batch);
}

function collect(entries: readonly PlanEntry[], key: (e: PlanEntry) => number | null): string[][] {
  const out: string[][] = [];
  for (const e of entries) {
    const k = key(e);
    if (k === null) continue;
    let list = out[k - 1];
    if (!list) {
      list = [];
      out[k - 1] = list;
    }
    list.push(e.service);
  }
  return out;
}
