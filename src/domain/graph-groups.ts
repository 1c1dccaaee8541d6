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
import type { ServiceGraph } from './model.ts';

export interface ServiceGroup {
  /** `g1`, `g2`, ... numbered in the name order of each group's first member. */
  readonly id: string;
  /** In name order. */
  readonly members: readonly string[];
  /** Why they move together, e.g. `cycle: a -> b -> a` or `share database orders-db`. */
  readonly reason: string;
}

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

const MAX_CYCLE_NAMES = 8;

export function analyseGraph(input: ServiceGraph | IndexedGraph): GraphAnalysis {
  const g = 'idOf' in input ? input : indexGraph(input);
  const n = g.size;
  const scc = stronglyConnected(n, g.providerStart, g.providerIds);
  const blast: BlastRadii = blastRadii(g, scc);

  // Union the components of consumers sharing a database.
  const parent = new Int32Array(scc.count);
  for (let c = 0; c < scc.count; c++) parent[c] = c;
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
      const a = find(scc.componentOf[v] as number);
      const b = find(scc.componentOf[first] as number);
      if (a !== b) {
        parent[a] = b;
        joined = true;
      }
    }
  }

  const partOf = joined ? condenseJoined(g, scc.componentOf, find) : scc.componentOf;

  // Units numbered by their first member in id (name) order.
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

  // The condensation, without duplicate edges.
  const unitProviderStart = new Int32Array(unitCount + 1);
  const scratch = new Int32Array(g.providerIds.length);
  const mark = new Int32Array(unitCount).fill(-1);
  let w = 0;
  for (let u = 0; u < unitCount; u++) {
    unitProviderStart[u] = w;
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
  unitProviderStart[unitCount] = w;
  const unitProviderIds = scratch.slice(0, w);
  const consumers = reverse(unitCount, unitProviderStart, unitProviderIds);

  const { groupOfUnit, groups } = describeGroups(g, scc.componentOf, unitOf, unitCount, unitMemberStart, unitMembers, {
    firstUser,
    sharedDb,
    joined,
    rootOf: (v) => find(scc.componentOf[v] as number),
  });

  return {
    graph: g,
    unitCount,
    unitOf,
    unitMemberStart,
    unitMembers,
    unitProviderStart,
    unitProviderIds,
    unitConsumerStart: consumers.start,
    unitConsumerIds: consumers.ids,
    groupOfUnit,
    groups,
    blastRadius: blast.values,
    blastRadiusExact: blast.exact,
  };
}

/** Components of the graph once database users are joined: strongly connected parts of the quotient. */
function condenseJoined(g: IndexedGraph, componentOf: Int32Array, find: (c: number) => number): Int32Array {
  const n = g.size;
  const quotientOf = new Int32Array(n);
  const compact = new Int32Array(n).fill(-1);
  let q = 0;
  for (let v = 0; v < n; v++) {
    const root = find(componentOf[v] as number);
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

interface Sharing {
  readonly firstUser: Int32Array;
  readonly sharedDb: Uint8Array;
  readonly joined: boolean;
  readonly rootOf: (v: number) => number;
}

function describeGroups(
  g: IndexedGraph,
  componentOf: Int32Array,
  unitOf: Int32Array,
  unitCount: number,
  memberStart: Int32Array,
  members: Int32Array,
  sharing: Sharing,
): { groupOfUnit: Int32Array; groups: ServiceGroup[] } {
  const n = g.size;
  const parts = new Map<number, string[]>();
  const addPart = (u: number, text: string) => {
    const list = parts.get(u);
    if (list) list.push(text);
    else parts.set(u, [text]);
  };
  // Cycles, each described from its first member by a shortest loop back to it.
  const seenComponent = new Uint8Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const cameFrom = new Int32Array(n);
  const queue = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const c = componentOf[v] as number;
    if (seenComponent[c] === 1) continue;
    seenComponent[c] = 1;
    const e = g.providerStart[v] as number;
    let onCycle = false;
    for (let i = e; i < (g.providerStart[v + 1] as number); i++) {
      if (componentOf[g.providerIds[i] as number] === c) onCycle = true;
    }
    if (onCycle) addPart(unitOf[v] as number, cycleText(g, v, componentOf, stamp, cameFrom, queue));
  }
  for (let db = 0; db < n; db++) {
    if (sharing.sharedDb[db] === 1) {
      addPart(unitOf[sharing.firstUser[db] as number] as number, `share database ${g.names[db]}`);
    }
  }
  const groupOfUnit = new Int32Array(unitCount).fill(-1);
  const groups: ServiceGroup[] = [];
  for (let u = 0; u < unitCount; u++) {
    const from = memberStart[u] as number;
    const to = memberStart[u + 1] as number;
    if (to - from < 2) continue;
    const list = parts.get(u) ?? [];
    if (sharing.joined) {
      const root = sharing.rootOf(members[from] as number);
      for (let i = from + 1; i < to; i++) {
        if (sharing.rootOf(members[i] as number) !== root) {
          list.push('dependency paths loop through the services sharing a database');
          break;
        }
      }
    }
    const names: string[] = [];
    for (let i = from; i < to; i++) names.push(g.names[members[i] as number] as string);
    groupOfUnit[u] = groups.length;
    groups.push({ id: `g${groups.length + 1}`, members: names, reason: list.join('; ') });
  }
  return { groupOfUnit, groups };
}

/** A shortest loop from `start` back to itself inside its component, as `cycle: a -> b -> a`. */
function cycleText(
  g: IndexedGraph,
  start: number,
  componentOf: Int32Array,
  stamp: Int32Array,
  cameFrom: Int32Array,
  queue: Int32Array,
): string {
  const c = componentOf[start] as number;
  let head = 0;
  let tail = 0;
  queue[tail++] = start;
  stamp[start] = c;
  let last = start;
  search: while (head < tail) {
    const v = queue[head++] as number;
    for (let e = g.providerStart[v] as number; e < (g.providerStart[v + 1] as number); e++) {
      const w = g.providerIds[e] as number;
      if (componentOf[w] !== c) continue;
      if (w === start) {
        last = v;
        break search;
      }
      if (stamp[w] === c) continue;
      stamp[w] = c;
      cameFrom[w] = v;
      queue[tail++] = w;
    }
  }
  const path: number[] = [];
  for (let v = last; v !== start; v = cameFrom[v] as number) path.push(v);
  path.push(start);
  path.reverse();
  path.push(start);
  const names = path.map((v) => g.names[v] as string);
  if (names.length > MAX_CYCLE_NAMES) {
    const shown = [...names.slice(0, MAX_CYCLE_NAMES - 3), '…', ...names.slice(-2)];
    return `cycle: ${shown.join(' -> ')} (${names.length - 1} services on the loop)`;
  }
  return `cycle: ${names.join(' -> ')}`;
}
