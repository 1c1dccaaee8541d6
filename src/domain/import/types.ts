// What every importer returns: a graph of services and "from depends on to" edges (DOMAIN.md section 2),
// or located errors in plain words. Nothing here touches the store: the caller writes only an ok result.
import type { CheckOverride } from '../health-templates.ts';
import type { DependencyKind, ImportFormat } from '../model.ts';

/** Facts an import can carry about a service; `sources` says where each one came from. */
export const SERVICE_FACTS = ['owner', 'tier', 'stateful', 'external', 'effortDays'] as const;
export type ServiceFact = (typeof SERVICE_FACTS)[number];

export interface RunbookStep {
  readonly phase?: string;
  readonly step: string;
}

/**
 * One service. A fact the file does not give stays undefined, so that merging an import into a
 * stored graph never overwrites a known fact with nothing.
 */
export interface ImportedService {
  /** Trimmed, case-sensitive; see SERVICE_NAME_PATTERN. */
  readonly name: string;
  /** Raw text (`@user`, an email, `group:default/team-a`, a team name): the bot resolves it later. */
  readonly owner?: string;
  /** Positive whole number, 1 is most critical. */
  readonly tier?: number;
  readonly stateful?: boolean;
  readonly external?: boolean;
  readonly effortDays?: number;
  /** Native format only. */
  readonly runbook?: readonly RunbookStep[];
  /** Native format only: the service's own checks (template overrides, additions, removals). */
  readonly health?: readonly CheckOverride[];
  /** For each fact given, where it came from: `native`, `backstage spec.owner`, `backstage annotation migrate-bot.io/tier`... */
  readonly sources: Readonly<Partial<Record<ServiceFact, string>>>;
}

/** `from` depends on `to`: `from` is the consumer, `to` the provider. */
export interface ImportedDependency {
  readonly from: string;
  readonly to: string;
  readonly kind: DependencyKind;
  readonly hidden: boolean;
  readonly origin: 'declared' | 'traced';
  /** Traces only: calls seen (summed over duplicate links). */
  readonly callCount?: number;
  /** Traces only: failed calls seen (summed over duplicate links). */
  readonly errorCount?: number;
}

export interface ImportedGraph {
  /** Defined services in file order, then services only named as dependency targets, in order of first mention. */
  readonly services: readonly ImportedService[];
  /** In order of first mention; one per (from, to, kind). */
  readonly dependencies: readonly ImportedDependency[];
}

/** The native format's optional `migration:` block, returned as given. */
export interface ImportedMigration {
  readonly name?: string;
  readonly from?: string;
  readonly to?: string;
}

export interface ImportError {
  /**
   * The place, in words: `line 12`, `services[3].tier, line 14`,
   * `document 3 (Component orders), spec.dependsOn[1], line 40`. Empty when the whole file is at fault.
   * Array indexes count from 0, documents and lines from 1.
   */
  readonly where: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** The problem in plain words. */
  readonly message: string;
}

export type ImportResult =
  | {
      readonly ok: true;
      readonly format: ImportFormat;
      readonly graph: ImportedGraph;
      /** Things ignored or merged on the way (ignored entities, merged duplicates, self-calls in traces). */
      readonly notes: readonly string[];
      readonly migration?: ImportedMigration;
    }
  | {
      readonly ok: false;
      /** Undefined when the format could not be detected. */
      readonly format?: ImportFormat;
      /** The first MAX_LISTED_ERRORS errors found, sorted by line. */
      readonly errors: readonly ImportError[];
      /** All errors found, listed or not. */
      readonly errorCount: number;
    };

export interface ImportOptions {
  /** Used for format detection by extension (`.csv`, `.json`, `.yaml`, `.yml`). */
  readonly fileName?: string;
}

/** DoS guards: larger inputs are refused before (bytes) or after (services) parsing. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_SERVICES = 20_000;
export const MAX_LISTED_ERRORS = 20;

/**
 * A service name: a letter or digit, then up to 99 letters, digits or `. _ : / -`.
 * Wide enough for Backstage names, Jaeger service names and Kubernetes-style `ns/name`; no spaces or commas,
 * so a name is safe in CSV cells, Slack mrkdwn and command arguments.
 */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;
export const SERVICE_NAME_RULE =
  'a service name is 1-100 characters: a letter or digit, then letters, digits or . _ : / - (no spaces)';

/** Why `raw` is not a service name, or null when it is one (after trimming). */
export function serviceNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (name === '') return 'the service name is empty';
  if (name.length > 100) return `"${name.slice(0, 40)}..." is ${name.length} characters long; ${SERVICE_NAME_RULE}`;
  if (!SERVICE_NAME_PATTERN.test(name)) return `"${name}" is not a valid name; ${SERVICE_NAME_RULE}`;
  return null;
}

export function formatImportError(error: ImportError): string {
  return error.where === '' ? error.message : `${error.where}: ${error.message}`;
}
