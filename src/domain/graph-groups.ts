// Services that must move together, and the graph of those moving units.
//
// The guide: services on a dependency cycle, or sharing one database, move as one group.
// - A cycle is a strongly connected component with more than one service.
// - A shared database is, in our model, its own (stateful) service that consumers depend on with
//   kind `shared-db`. The consumers that reach the same database that way form a group; the
//   database itself stays its own unit (it is usually moved on its own, with data validation),
//   unless it sits on a cycle with them.
// Joining database users can close a loop that was not a cycle before (a -> c -> b where a and b
// share a database), so the joined graph is condensed once more; whatever lies on such a loop
// joins the group too. The units that result form a DAG, which the planner orders.

import { type BlastRadii, blastRadii } from './blast-radius.ts';
import { type IndexedGraph, indexGraph, KIND_BITS, reverse, stronglyConnected } from './graph.ts';
import { describeGroups, type ServiceGroup, type Sharing } from './graph-group-reasons.ts';
import type { ServiceGraph } from './model.ts';

export type { ServiceGroup };

export interface GraphAnalysis {
  readonly graph: IndexedGraph;
  /** A unit is one service, or one group; units are numbered in the name order of their first member. */
  readonly unitCount: number;
  readonly unitOf: Int32Array;
  /** Members of unit u: unitMembers[unitMemberStart[u] .. unitMemberStart[u + 1]), in id order. */
  readonly unitMemberStart: Int32Array;
  readonly unitMembers: Int32Array;
  /** The condensation: unit u depends on these units (a DAG, rows sorted, no duplicates). */
  readonly unitProviderStart: Int32Array;
  readonly unitProviderIds: Int32Array;
  readonly unitConsumerStart: Int32Array;
  readonly unitConsumerIds: Int32Array;
  /** Index into `groups`, or -1 for a unit of one service. */
  readonly groupOfUnit: Int32Array;
  readonly groups: readonly ServiceGroup[];
  /** Per service id: how many services depend on it, directly or transitively. */
  readonly blastRadius: Int32Array;
  readonly blastRadiusExact: boolean;
}

export function analyseGraph(input: ServiceGraph | IndexedGraph): GraphAnalysis {
  const g = 'idOf' in input ? input : indexGraph(input);
  const scc = stronglyConnected(g.size, g.providerStart, g.providerIds);
  const blast: BlastRadii = blastRadii(g, scc);
  const sharing = joinDatabaseUsers(g, scc.componentOf);
  const partOf = sharing.joined ? condenseJoined(g, sharing.rootOf) : scc.componentOf;
  const units = numberUnits(partOf);
  const providers = unitProviders(g, units);
  const consumers = reverse(units.unitCount, providers.start, providers.ids);
  const { groupOfUnit, groups } = describeGroups(
    g,
    scc.componentOf,
    units.unitOf,
    units.unitCount,
    units.unitMemberStart,
    units.unitMembers,
    sharing,
  );
  return {
    graph: g,
    ...units,
    unitProviderStart: providers.start,
    unitProviderIds: providers.ids,
    unitConsumerStart: consumers.start,
    unitConsumerIds: consumers.ids,
    groupOfUnit,
    groups,
    blastRadius: blast.values,
    blastRadiusExact: blast.exact,
  };
}

/**
 * Unions the components of consumers sharing a database (union-find over components), and notes
 * which databases are shared and by whom first.
 */
function joinDatabaseUsers(g: IndexedGraph, componentOf: Int32Array): Sharing {
  const n = g.size;
  const parent = new Int32Array(n);
  for (let c = 0; c < n; c++) parent[c] = c;
  const find = (c: number): number => {
    let r = c;
    while (parent[r] !== r) r = parent[r] as number;
    let x = c;
    while (parent[x] !== r) {
      const next = parent[x] as number;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const firstUser = new Int32Array(n).fill(-1);
  const sharedDb = new Uint8Array(n);
  const dbBit = KIND_BITS['shared-db'];
  let joined = false;
  for (let v = 0; v < n; v++) {
    for (let e = g.providerStart[v] as number; e < (g.providerStart[v + 1] as number); e++) {
      if (((g.providerKinds[e] as number) & dbBit) === 0) continue;
      const db = g.providerIds[e] as number;
      const first = firstUser[db] as number;
      if (first === -1) {
        firstUser[db] = v;
        continue;
      }
      sharedDb[db] = 1;
      const a = find(componentOf[v] as number);
      const b = find(componentOf[first] as number);
      if (a !== b) {
        parent[a] = b;
        joined = true;
      }
    }
  }
  return { firstUser, sharedDb, joined, rootOf: (v) => find(componentOf[v] as number) };
}

interface Units {
  readonly unitCount: number;
  readonly unitOf: Int32Array;
  readonly unitMemberStart: Int32Array;
  readonly unitMembers: Int32Array;
}

/** Units numbered by their first member in id (name) order, with their members in id order. */
function numberUnits(partOf: Int32Array): Units {
  const n = partOf.length;
  const unitOfPart = new Int32Array(n).fill(-1);
  const unitOf = new Int32Array(n);
  let unitCount = 0;
  for (let v = 0; v < n; v++) {
    const p = partOf[v] as number;
    if (unitOfPart[p] === -1) unitOfPart[p] = unitCount++;
    unitOf[v] = unitOfPart[p] as number;
  }
  const unitMemberStart = new Int32Array(unitCount + 1);
  for (let v = 0; v < n; v++)
    unitMemberStart[(unitOf[v] as number) + 1] = (unitMemberStart[(unitOf[v] as number) + 1] as number) + 1;
  for (let u = 0; u < unitCount; u++) {
    unitMemberStart[u + 1] = (unitMemberStart[u + 1] as number) + (unitMemberStart[u] as number);
  }
  const fill = unitMemberStart.slice(0, unitCount);
  const unitMembers = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const u = unitOf[v] as number;
    unitMembers[fill[u] as number] = v;
    fill[u] = (fill[u] as number) + 1;
  }
  return { unitCount, unitOf, unitMemberStart, unitMembers };
}

/** The condensation: each unit's providers, rows sorted, without duplicate edges. */
function unitProviders(g: IndexedGraph, units: Units): { start: Int32Array; ids: Int32Array } {
  const { unitCount, unitOf, unitMemberStart, unitMembers } = units;
  const start = new Int32Array(unitCount + 1);
  const scratch = new Int32Array(g.providerIds.length);
  const mark = new Int32Array(unitCount).fill(-1);
  let w = 0;
  for (let u = 0; u < unitCount; u++) {
    start[u] = w;
    mark[u] = u;
    const rowStart = w;
    for (let i = unitMemberStart[u] as number; i < (unitMemberStart[u + 1] as number); i++) {
      const v = unitMembers[i] as number;
      for (let e = g.providerStart[v] as number; e < (g.providerStart[v + 1] as number); e++) {
        const t = unitOf[g.providerIds[e] as number] as number;
        if (mark[t] === u) continue;
        mark[t] = u;
        scratch[w++] = t;
      }
    }
    if (w - rowStart > 1) scratch.subarray(rowStart, w).sort();
  }
  start[unitCount] = w;
  return { start, ids: scratch.slice(0, w) };
}

/** Components of the graph once database users are joined: strongly connected parts of the quotient. */
function condenseJoined(g: IndexedGraph, rootOf: (v: number) => number): Int32Array {
  const n = g.size;
  const quotientOf = new Int32Array(n);
  const compact = new Int32Array(n).fill(-1);
  let q = 0;
  for (let v = 0; v < n; v++) {
    const root = rootOf(v);
    if (compact[root] === -1) compact[root] = q++;
    quotientOf[v] = compact[root] as number;
  }
  const start = new Int32Array(q + 1);
  for (let v = 0; v < n; v++) {
    for (let e = g.providerStart[v] as number; e < (g.providerStart[v + 1] as number); e++) {
      if (quotientOf[v] !== quotientOf[g.providerIds[e] as number])
        start[(quotientOf[v] as number) + 1] = (start[(quotientOf[v] as number) + 1] as number) + 1;
    }
  }
  for (let i = 0; i < q; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const fill = start.slice(0, q);
  const ids = new Int32Array(start[q] as number);
  for (let v = 0; v < n; v++) {
    const a = quotientOf[v] as number;
    for (let e = g.providerStart[v] as number; e < (g.providerStart[v + 1] as number); e++) {
      const b = quotientOf[g.providerIds[e] as number] as number;
      if (a === b) continue;
      ids[fill[a] as number] = b;
      fill[a] = (fill[a] as number) + 1;
    }
  }
  const joinedScc = stronglyConnected(q, start, ids);
  const partOf = new Int32Array(n);
  for (let v = 0; v < n; v++) partOf[v] = joinedScc.componentOf[quotientOf[v] as number] as number;
  return partOf;
}
