// Declared versus traced dependencies: what the team wrote down (its own files, or by hand) against
// what tracing saw. A call seen in traces that nobody declared is likely a hidden dependency, the
// guide's first pitfall of sequential migration; a declared one never seen may be stale, rare, or
// invisible to tracing. Pairs are compared by (consumer, provider), whatever the kind.
// Declarations describe what a service depends on, so a traced call is compared only when its
// consumer appears in some declaration: a catalog that never mentions a service says nothing
// about that service's calls, and calling them "declared by nobody" would flag every one of them.
import type { DependencyKind, DependencyOrigin } from './model.ts';

export interface DriftEdge {
  /** The consumer: `from` depends on `to`. */
  readonly from: string;
  readonly to: string;
  readonly kind: DependencyKind;
  readonly origin: DependencyOrigin;
  readonly callCount: number | null;
}

/** Seen in traces, declared by nobody. */
export interface HiddenCall {
  readonly from: string;
  readonly to: string;
  /** The kind tracing recorded (the first, when several). */
  readonly kind: DependencyKind;
  /** Calls seen, summed over the traced edges of the pair; 0 when the traces gave no count. */
  readonly callCount: number;
}

/** Declared, never seen in traces, although tracing knows both services. */
export interface UnseenDependency {
  readonly from: string;
  readonly to: string;
  readonly kinds: readonly DependencyKind[];
}

export interface DriftReport {
  readonly hasDeclared: boolean;
  readonly hasTraced: boolean;
  /** Most-called first, then by name. */
  readonly hidden: readonly HiddenCall[];
  /** By consumer, then provider. */
  readonly unseen: readonly UnseenDependency[];
  /** Declared pairs with a service tracing never mentions: the traces cannot say anything about them. */
  readonly untraced: number;
  /** Traced calls whose consumer no declaration mentions, and how many such consumers: not compared. */
  readonly undescribed: { readonly calls: number; readonly services: number };
}

/** Declared means written down by a team: in their files (`declared`) or by hand (`manual`). */
export const isDeclared = (origin: DependencyOrigin): boolean => origin !== 'traced';

const pairKey = (from: string, to: string) => `${from}\u0000${to}`;
const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export function compareDeclaredAndTraced(edges: readonly DriftEdge[]): DriftReport {
  const declared = new Map<string, { from: string; to: string; kinds: DependencyKind[] }>();
  const traced = new Map<string, { from: string; to: string; kind: DependencyKind; callCount: number }>();
  const tracedServices = new Set<string>();
  const declaredServices = new Set<string>();
  for (const e of edges) {
    const key = pairKey(e.from, e.to);
    if (isDeclared(e.origin)) {
      declaredServices.add(e.from);
      declaredServices.add(e.to);
      const known = declared.get(key);
      if (!known) declared.set(key, { from: e.from, to: e.to, kinds: [e.kind] });
      else if (!known.kinds.includes(e.kind)) known.kinds.push(e.kind);
      continue;
    }
    tracedServices.add(e.from);
    tracedServices.add(e.to);
    const known = traced.get(key);
    if (!known) traced.set(key, { from: e.from, to: e.to, kind: e.kind, callCount: e.callCount ?? 0 });
    else known.callCount += e.callCount ?? 0;
  }
  // With nothing declared at all, every call is undeclared; the message says to import declarations.
  const described = (call: { from: string }) => declared.size === 0 || declaredServices.has(call.from);
  const calls = [...traced.values()];
  const outside = calls.filter((call) => !described(call));
  const hidden: HiddenCall[] = calls
    .filter((call) => described(call) && !declared.has(pairKey(call.from, call.to)))
    .sort((a, b) => b.callCount - a.callCount || compare(a.from, b.from) || compare(a.to, b.to));
  const unseen: UnseenDependency[] = [];
  let untraced = 0;
  for (const [key, dep] of declared) {
    if (traced.has(key)) continue;
    if (!tracedServices.has(dep.from) || !tracedServices.has(dep.to)) {
      untraced += 1;
      continue;
    }
    unseen.push({ from: dep.from, to: dep.to, kinds: [...dep.kinds].sort() });
  }
  unseen.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  const undescribed = { calls: outside.length, services: new Set(outside.map((call) => call.from)).size };
  return { hasDeclared: declared.size > 0, hasTraced: traced.size > 0, hidden, unseen, untraced, undescribed };
}
