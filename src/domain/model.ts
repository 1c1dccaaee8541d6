// The glossary of the domain (../shared/DOMAIN.md section 2), shared by every layer.
// "A depends on B": A is the consumer, B the provider. A leaf has no consumers.

export const STRATEGIES = ['sequential', 'hybrid', 'parallel'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const DEPENDENCY_KINDS = ['sync', 'async', 'shared-db', 'shared-cache', 'endpoint'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];

/** Leaf-first (the guide's default: consumers move before their providers) or providers-first. */
export const PLAN_DIRECTIONS = ['leaf-first', 'providers-first'] as const;
export type PlanDirection = (typeof PLAN_DIRECTIONS)[number];

export const SERVICE_STATES = [
  'planned',
  'shadow',
  'awaiting_approval',
  'cutover',
  'monitoring',
  'done',
  'rolled_back',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** Where a dependency was learnt: declared by a team's own files, seen in traces, or added by hand. */
export const DEPENDENCY_ORIGINS = ['declared', 'traced', 'manual'] as const;
export type DependencyOrigin = (typeof DEPENDENCY_ORIGINS)[number];

export const IMPORT_FORMATS = ['native', 'backstage', 'traces', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What the planner needs to know of one service. */
export interface PlanService {
  readonly name: string;
  /** 1 is most critical. */
  readonly tier: number | null;
  readonly stateful: boolean;
  readonly external: boolean;
  readonly effortDays: number | null;
}

/** `from` depends on `to`. */
export interface PlanEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: DependencyKind;
  /** Where it was learnt; absent when the caller does not know (the planner does not need it). */
  readonly origin?: DependencyOrigin;
  /** Calls seen in traces, for traced dependencies; the plan review suggests the least-used ones to check. */
  readonly callCount?: number | null;
}

export interface ServiceGraph {
  readonly services: readonly PlanService[];
  readonly edges: readonly PlanEdge[];
}
