// Why the services of each group move together: the cycles they lie on and the databases they share.

import type { IndexedGraph } from './graph.ts';

export interface ServiceGroup {
  /** `g1`, `g2`, ... numbered in the name order of each group's first member. */
  readonly id: string;
  /** In name order. */
  readonly members: readonly string[];
  /** Why they move together, e.g. `cycle: a -> b -> a` or `share database orders-db`. */
  readonly reason: string;
}

const MAX_CYCLE_NAMES = 8;

/**
 * A group as people name it, by its size and its first member in name order: "356 services around
 * svc-0309". Ids like `g1` mean nothing to a reader, and a stored plan keeps no ids, only each
 * service's group, so a name made from the members reads the same wherever the group is shown.
 */
export function groupWords(members: readonly string[]): string {
  let first = members[0] ?? '';
  for (const m of members) if (m < first) first = m;
  return `${members.length} services around ${first}`;
}

/** Who shares which database, and whether joining them merged components. */
export interface Sharing {
  readonly firstUser: Int32Array;
  readonly sharedDb: Uint8Array;
  readonly joined: boolean;
  readonly rootOf: (v: number) => number;
}

export function describeGroups(
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
