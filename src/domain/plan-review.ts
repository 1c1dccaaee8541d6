// Whether a plan is one a team can act on: facts about groups, batches and a duration past sensible
// sizes, for the CLI and Slack to put in their own words. Pure: plan, graph and estimates in.
//
// The limits are judgement, not physics, and are stated to the reader with each warning:
// - a group over 20 services: they would cut over as one step, with one rollback for all; past a
//   couple of teams' worth of services nobody can rehearse or watch that.
// - a batch over 50 services: one cutover window with more services than a team can watch.
// - a plan over 2 years: longer than teams, budgets and the platforms themselves stay put.
//
// A large cycle comes with a few traced calls to check. Finding the fewest dependencies whose
// removal splits a cycle is NP-hard (minimum feedback arc set), so this is a bounded greedy
// heuristic: of the 30 traced calls inside the cycle with the fewest calls (a rarely used call is
// the likeliest to be a health check, a retry path or a mistake rather than a real dependency),
// remove at most five, one at a time: each time the one that splits the cycle into the smallest
// largest part, or the least used one when none splits it alone; stop as soon as it splits. Calls
// of a pair that is also declared or added by hand are never suggested: someone said they are real.

import type { EstimateComparison, EstimateInput } from './estimates.ts';
import { stronglyConnected } from './graph.ts';
import { groupWords } from './graph-group-reasons.ts';
import type { ServiceGraph, Strategy } from './model.ts';
import type { Plan } from './planner.ts';

export const REVIEW_LIMITS = {
  /** Services in one group (moving as one step or inside one batch). */
  groupSize: 20,
  /** Services in one batch. */
  batchSize: 50,
  /** Calendar months for the whole plan. */
  planMonths: 24,
  /** Traced calls suggested for one group. */
  callsToCheck: 5,
  /** Least-used calls considered at each greedy step. */
  candidatePool: 30,
} as const;

export interface CallToCheck {
  readonly from: string;
  readonly to: string;
  readonly callCount: number;
}

/** Traced calls whose removal would split a group's cycle, and what would be left. */
export interface SplitSuggestion {
  /** In the order they were chosen; at most REVIEW_LIMITS.callsToCheck. */
  readonly calls: readonly CallToCheck[];
  /** True when removing `calls` splits the cycle; false when five were not enough. */
  readonly splits: boolean;
  /** Services in the largest group the cycle leaves once `calls` are removed. */
  readonly largestPart: number;
}

export interface LargeGroup {
  readonly kind: 'large-group';
  readonly groupId: string;
  /** The group in words (groupWords): "356 services around svc-0309". */
  readonly name: string;
  readonly size: number;
  readonly limit: number;
  /** Services on the group's largest dependency cycle; 0 when they are grouped only by a shared database. */
  readonly cycleSize: number;
  /** Null without a cycle; calls empty when the cycle has no traced calls to suggest. */
  readonly split: SplitSuggestion | null;
}

export interface LargeBatches {
  readonly kind: 'large-batches';
  readonly limit: number;
  /** Every batch over the limit that a batch cap would split (not one group alone), in batch order. */
  readonly batches: readonly { readonly batch: number; readonly size: number }[];
}

export interface GroupOverCap {
  readonly kind: 'group-over-cap';
  readonly groupId: string;
  /** The group in words (groupWords). */
  readonly name: string;
  readonly size: number;
  readonly batchCap: number;
}

export interface LongPlan {
  readonly kind: 'long-plan';
  readonly strategy: Strategy;
  readonly months: number;
  readonly limitMonths: number;
  /** The other strategies that would be shorter, shortest first. */
  readonly faster: readonly { readonly strategy: Strategy; readonly months: number }[];
  /** The effort figure behind the estimate, and whether it is the team's or the guide's. */
  readonly effortDays: EstimateInput | null;
  /** True when some batch takes longer for want of people than for its longest service. */
  readonly moreEngineersHelp: boolean;
}

export type PlanWarning = LargeGroup | LargeBatches | GroupOverCap | LongPlan;

export interface PlanReviewInput {
  readonly plan: Plan;
  /** The planned services' graph; traced edges should carry their call counts. */
  readonly graph: ServiceGraph;
  /** Estimates of the three strategies for the same services. */
  readonly comparison: EstimateComparison;
}

/** Warnings in a fixed order: groups (largest first), batches, then the duration. */
export function reviewPlan({ plan, graph, comparison }: PlanReviewInput): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const members = new Map<string, string[]>();
  for (const e of plan.entries) {
    if (e.groupId === null) continue;
    const list = members.get(e.groupId);
    if (list) list.push(e.service);
    else members.set(e.groupId, [e.service]);
  }
  const groups = [...members.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  for (const [groupId, names] of groups) {
    if (names.length > REVIEW_LIMITS.groupSize) {
      const cycle = largestCycle(names, graph);
      warnings.push({
        kind: 'large-group',
        groupId,
        name: groupWords(names),
        size: names.length,
        limit: REVIEW_LIMITS.groupSize,
        cycleSize: cycle.length > 1 ? cycle.length : 0,
        split: cycle.length > 1 ? suggestSplit(cycle, graph) : null,
      });
    }
  }
  const onBatches = new Set(plan.entries.filter((e) => e.batch !== null && e.groupId !== null).map((e) => e.groupId));
  for (const [groupId, names] of groups) {
    if (plan.batchCap > 0 && names.length > plan.batchCap && onBatches.has(groupId)) {
      warnings.push({
        kind: 'group-over-cap',
        groupId,
        name: groupWords(names),
        size: names.length,
        batchCap: plan.batchCap,
      });
    }
  }
  const large = largeBatches(plan);
  if (large.length > 0) warnings.push({ kind: 'large-batches', limit: REVIEW_LIMITS.batchSize, batches: large });
  const long = longPlan(plan, comparison);
  if (long) warnings.push(long);
  return warnings;
}

function largeBatches(plan: Plan): { batch: number; size: number }[] {
  const sizes = new Map<number, { size: number; groups: Set<string | null> }>();
  for (const e of plan.entries) {
    if (e.batch === null) continue;
    const b = sizes.get(e.batch) ?? { size: 0, groups: new Set() };
    b.size++;
    // A service of its own counts as its own "group", so a batch of one group alone has one key.
    b.groups.add(e.groupId ?? `service ${e.service}`);
    sizes.set(e.batch, b);
  }
  return [...sizes.entries()]
    .filter(([, b]) => b.size > REVIEW_LIMITS.batchSize && b.groups.size > 1)
    .sort((a, b) => a[0] - b[0])
    .map(([batch, b]) => ({ batch, size: b.size }));
}

function longPlan(plan: Plan, comparison: EstimateComparison): LongPlan | null {
  const strategy = plan.strategy;
  const chosen = comparison.estimates.find((e) => e.strategy === strategy);
  if (!chosen || chosen.calendarMonths <= REVIEW_LIMITS.planMonths) return null;
  const faster = comparison.estimates
    .filter((e) => e.strategy !== strategy && e.calendarMonths < chosen.calendarMonths)
    .sort((a, b) => a.calendarMonths - b.calendarMonths)
    .map((e) => ({ strategy: e.strategy, months: e.calendarMonths }));
  return {
    kind: 'long-plan',
    strategy,
    months: chosen.calendarMonths,
    limitMonths: REVIEW_LIMITS.planMonths,
    faster,
    effortDays: comparison.inputs.find((i) => i.key === 'effort-days') ?? null,
    moreEngineersHelp: engineersBoundBatch(plan, comparison),
  };
}

/**
 * Whether some batch's total effort shared by its engineers exceeds its longest member's effort:
 * the estimate's rule (estimates.ts), so only then do more engineers shorten the plan.
 */
function engineersBoundBatch(plan: Plan, comparison: EstimateComparison): boolean {
  const figure = (key: string) => comparison.inputs.find((i) => i.key === key)?.value ?? 0;
  const fallback = figure('effort-days');
  const engineers = Math.max(1, figure('engineers'));
  const onBatches = plan.stepCount > 0 ? Math.max(1, engineers - 1) : engineers;
  const batches = new Map<number, { total: number; longest: number }>();
  for (const e of plan.entries) {
    if (e.batch === null) continue;
    const effort = e.effortDays ?? fallback;
    const b = batches.get(e.batch) ?? { total: 0, longest: 0 };
    b.total += effort;
    b.longest = Math.max(b.longest, effort);
    batches.set(e.batch, b);
  }
  return [...batches.values()].some((b) => b.total / onBatches > b.longest);
}

/** A group's services and the dependencies among them, as local ids; pairs merge their kinds. */
interface Subgraph {
  readonly names: readonly string[];
  /** Distinct (from, to) pairs of local ids. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** Per pair: the traced call count, or -1 when any dependency of the pair is declared, manual or uncounted. */
  readonly calls: Float64Array;
}

function subgraph(names: readonly string[], graph: ServiceGraph): Subgraph {
  const local = new Map(names.map((n, i) => [n, i]));
  const pairs = new Map<string, { from: number; to: number; calls: number }>();
  for (const e of graph.edges) {
    const f = local.get(e.from);
    const t = local.get(e.to);
    if (f === undefined || t === undefined || f === t) continue;
    const key = `${f}>${t}`;
    const counted = e.origin === 'traced' && typeof e.callCount === 'number' ? e.callCount : -1;
    const known = pairs.get(key);
    if (!known) pairs.set(key, { from: f, to: t, calls: counted });
    else known.calls = known.calls < 0 || counted < 0 ? -1 : known.calls + counted;
  }
  const list = [...pairs.values()];
  return {
    names,
    from: Int32Array.from(list, (p) => p.from),
    to: Int32Array.from(list, (p) => p.to),
    calls: Float64Array.from(list, (p) => p.calls),
  };
}

/** Strongly connected components of the subgraph without the `removed` pairs: the largest one's local ids. */
function largestComponent(s: Subgraph, removed: ReadonlySet<number>): number[] {
  const n = s.names.length;
  const start = new Int32Array(n + 1);
  for (let p = 0; p < s.from.length; p++) {
    if (!removed.has(p)) start[(s.from[p] as number) + 1] = (start[(s.from[p] as number) + 1] as number) + 1;
  }
  for (let v = 0; v < n; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, n);
  const ids = new Int32Array(start[n] as number);
  for (let p = 0; p < s.from.length; p++) {
    if (removed.has(p)) continue;
    const f = s.from[p] as number;
    ids[fill[f] as number] = s.to[p] as number;
    fill[f] = (fill[f] as number) + 1;
  }
  const scc = stronglyConnected(n, start, ids);
  const sizes = new Int32Array(scc.count);
  for (let v = 0; v < n; v++) sizes[scc.componentOf[v] as number] = (sizes[scc.componentOf[v] as number] as number) + 1;
  let best = 0;
  for (let c = 1; c < scc.count; c++) if ((sizes[c] as number) > (sizes[best] as number)) best = c;
  const out: number[] = [];
  for (let v = 0; v < n; v++) if (scc.componentOf[v] === best) out.push(v);
  return out;
}

/** The services of the largest dependency cycle among `names` (one name when there is none). */
function largestCycle(names: readonly string[], graph: ServiceGraph): string[] {
  const s = subgraph(names, graph);
  return largestComponent(s, new Set()).map((v) => s.names[v] as string);
}

function suggestSplit(cycle: readonly string[], graph: ServiceGraph): SplitSuggestion {
  const s = subgraph(cycle, graph);
  const byCalls = [...s.calls.keys()]
    .filter((p) => (s.calls[p] as number) >= 0)
    .sort((a, b) => (s.calls[a] as number) - (s.calls[b] as number) || pairName(s, a).localeCompare(pairName(s, b)));
  const removed = new Set<number>();
  let largest = cycle.length;
  while (removed.size < REVIEW_LIMITS.callsToCheck && largest === cycle.length) {
    const pool = byCalls.filter((p) => !removed.has(p)).slice(0, REVIEW_LIMITS.candidatePool);
    const first = pool[0];
    if (first === undefined) break;
    let pick = first;
    let pickLargest = cycle.length;
    for (const p of pool) {
      removed.add(p);
      const size = largestComponent(s, removed).length;
      removed.delete(p);
      if (size < pickLargest) {
        pick = p;
        pickLargest = size;
      }
    }
    removed.add(pick);
    largest = pickLargest;
  }
  const calls = [...removed].map((p) => ({
    from: s.names[s.from[p] as number] as string,
    to: s.names[s.to[p] as number] as string,
    callCount: s.calls[p] as number,
  }));
  return { calls, splits: largest < cycle.length, largestPart: largest };
}

function pairName(s: Subgraph, p: number): string {
  return `${s.names[s.from[p] as number]}>${s.names[s.to[p] as number]}`;
}

/** A long duration as a reader takes it in: years past two years, months below. */
export function durationWords(months: number): string {
  return months >= REVIEW_LIMITS.planMonths ? `${Math.round(months / 1.2) / 10} years` : `${months} months`;
}
