// Collects services, dependencies and errors while an importer walks its file, and applies the rules every
// format shares: one definition per service, implicit services for bare targets, merged duplicate edges.
import type { DependencyKind } from '../model.ts';
import { plural } from '../words.ts';
import {
  type ImportError,
  type ImportedDependency,
  type ImportedGraph,
  type ImportedService,
  MAX_IMPORT_SERVICES,
  MAX_LISTED_ERRORS,
} from './types.ts';

/** A place in the file: the `where` text of an ImportError and its line. */
export interface Place {
  readonly where: string;
  readonly line?: number;
}

/** Joins the known parts of a place: `document 3 (Component orders), spec.dependsOn[1], line 40`. */
export function place(parts: readonly (string | undefined)[], line?: number): Place {
  const words = parts.filter((part): part is string => part !== undefined && part !== '');
  if (line !== undefined) words.push(`line ${line}`);
  return line === undefined ? { where: words.join(', ') } : { where: words.join(', '), line };
}

export const WHOLE_FILE: Place = { where: '' };

/**
 * A place, or how to work it out. Finding a line in a JSON file means parsing it a second time with the
 * YAML parser, which is slow on large trace dumps, so clean imports never ask for one.
 */
export type At = Place | (() => Place);

function resolve(at: At): Place {
  return typeof at === 'function' ? at() : at;
}

/** Keeps the first MAX_LISTED_ERRORS errors and counts them all. */
export class ErrorList {
  readonly #listed: ImportError[] = [];
  #count = 0;

  add(at: At, message: string): void {
    this.#count += 1;
    if (this.#listed.length < MAX_LISTED_ERRORS) this.#listed.push({ ...resolve(at), message });
  }

  get count(): number {
    return this.#count;
  }

  /** The first MAX_LISTED_ERRORS found, by line (whole-file errors first) so they read in file order. */
  get listed(): readonly ImportError[] {
    return [...this.#listed].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }
}

export interface DependencyInput {
  readonly from: string;
  readonly to: string;
  readonly kind: DependencyKind;
  readonly hidden: boolean;
  readonly origin: 'declared' | 'traced';
  readonly callCount?: number;
  readonly errorCount?: number;
}

type SelfDependency = 'error' | 'ignore';

export class GraphBuilder {
  readonly #errors: ErrorList;
  readonly #defined = new Map<string, { service: ImportedService; at: At }>();
  /** Every name seen, defined or only mentioned, in order of first appearance. */
  readonly #mentioned = new Set<string>();
  readonly #dependencies = new Map<string, ImportedDependency>();
  #mergedDuplicates = 0;
  #ignoredSelfLinks = 0;

  constructor(errors: ErrorList) {
    this.#errors = errors;
  }

  /** A service the file defines with facts; a second definition of the same name is an error. */
  defineService(service: ImportedService, at: At): void {
    const first = this.#defined.get(service.name);
    if (first !== undefined) {
      const firstWhere = resolve(first.at).where;
      const firstPlace = firstWhere === '' ? 'earlier' : `at ${firstWhere}`;
      this.#errors.add(at, `service "${service.name}" is defined twice (first ${firstPlace})`);
      return;
    }
    this.#defined.set(service.name, { service, at });
    this.#mentioned.add(service.name);
  }

  /** Self-dependencies are a mistake in a declared file, and mere noise (a service calling itself) in traces. */
  addDependency(dependency: DependencyInput, at: At, selfDependency: SelfDependency): void {
    if (dependency.from === dependency.to) {
      if (selfDependency === 'ignore') this.#ignoredSelfLinks += 1;
      else this.#errors.add(at, `"${dependency.from}" cannot depend on itself`);
      return;
    }
    this.#mentioned.add(dependency.from);
    this.#mentioned.add(dependency.to);
    const key = `${dependency.from}\u0000${dependency.to}\u0000${dependency.kind}`;
    const known = this.#dependencies.get(key);
    if (known === undefined) {
      this.#dependencies.set(key, { ...dependency });
      return;
    }
    // A duplicate says nothing new except counts; hidden stays flagged if any listing flags it.
    this.#mergedDuplicates += 1;
    const merged: { -readonly [K in keyof ImportedDependency]: ImportedDependency[K] } = {
      ...known,
      hidden: known.hidden || dependency.hidden,
    };
    const callCount = addCounts(known.callCount, dependency.callCount);
    const errorCount = addCounts(known.errorCount, dependency.errorCount);
    if (callCount !== undefined) merged.callCount = callCount;
    if (errorCount !== undefined) merged.errorCount = errorCount;
    this.#dependencies.set(key, merged);
  }

  notes(): string[] {
    const notes: string[] = [];
    if (this.#mergedDuplicates > 0) {
      notes.push(`${plural(this.#mergedDuplicates, 'duplicate dependency', 'duplicate dependencies')} merged`);
    }
    if (this.#ignoredSelfLinks > 0) {
      notes.push(`${plural(this.#ignoredSelfLinks, 'link', 'links')} from a service to itself ignored`);
    }
    return notes;
  }

  /** The graph, or null after reporting why there is none (no services, or too many). */
  build(): ImportedGraph | null {
    if (this.#mentioned.size === 0) {
      // After other errors, an empty graph is their consequence rather than news.
      if (this.#errors.count === 0) this.#errors.add(WHOLE_FILE, 'the file names no services');
      return null;
    }
    if (this.#mentioned.size > MAX_IMPORT_SERVICES) {
      this.#errors.add(
        WHOLE_FILE,
        `the file names ${this.#mentioned.size} services; the most one import takes is ${MAX_IMPORT_SERVICES}`,
      );
      return null;
    }
    const services: ImportedService[] = [...this.#defined.values()].map((entry) => entry.service);
    for (const name of this.#mentioned) {
      if (!this.#defined.has(name)) services.push({ name, sources: {} });
    }
    return { services, dependencies: [...this.#dependencies.values()] };
  }
}

function addCounts(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}
