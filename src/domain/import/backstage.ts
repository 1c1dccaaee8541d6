// Backstage catalog files (multi-document YAML, apiVersion backstage.io/*): Components and Resources become
// services, APIs only resolve `consumesApis` to the Component that provides them; other kinds are counted and
// ignored. Facts Backstage has no field for come from annotations:
//   migrate-bot.io/tier         whole number 1-10, 1 most critical
//   migrate-bot.io/stateful     'true' or 'false' (wins over the Resource type)
//   migrate-bot.io/external     'true' or 'false' (wins over spec.type external-service and tag external)
//   migrate-bot.io/effort-days  number of days, more than 0 and at most 365
// docs/import-formats.md has the full mapping.
import { z } from 'zod';
import type { DependencyKind } from '../model.ts';
import { plural } from '../words.ts';
import { type At, ErrorList, GraphBuilder, place } from './graph-builder.ts';
import { describeValue, formatPath, reportIssues } from './issues.ts';
import type { PathKey, SourceDocument, StructuredSource } from './source.ts';
import { type ImportedService, type ImportResult, SERVICE_NAME_PATTERN, type ServiceFact } from './types.ts';

export const ANNOTATION_TIER = 'migrate-bot.io/tier';
export const ANNOTATION_STATEFUL = 'migrate-bot.io/stateful';
export const ANNOTATION_EXTERNAL = 'migrate-bot.io/external';
export const ANNOTATION_EFFORT_DAYS = 'migrate-bot.io/effort-days';

/** Resource types the planner treats as state, and the kind of dependency on each. */
const RESOURCE_KINDS: ReadonlyMap<string, DependencyKind> = new Map([
  ['database', 'shared-db'],
  ['queue', 'async'],
  ['topic', 'async'],
  ['cache', 'shared-cache'],
]);

const zRefs = z.array(z.string().trim().min(1)).max(10_000).optional();

const zEntity = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({
    name: z.string().trim().regex(SERVICE_NAME_PATTERN),
    namespace: z.string().trim().min(1).optional(),
    annotations: z.record(z.string(), z.unknown()).optional(),
    tags: z.array(z.string()).optional(),
  }),
  spec: z
    .object({
      type: z.string().trim().optional(),
      owner: z.string().trim().min(1).max(200).optional(),
      dependsOn: zRefs,
      consumesApis: zRefs,
      providesApis: zRefs,
    })
    .optional(),
});
type EntityData = z.infer<typeof zEntity>;

interface Entity {
  readonly kind: 'component' | 'resource' | 'api';
  readonly data: EntityData;
  readonly namespace: string;
  readonly document: SourceDocument;
  readonly label: string;
}

interface EntityRef {
  readonly kind?: string;
  readonly namespace: string;
  readonly name: string;
}

const SERVICE_KINDS: ReadonlySet<string> = new Set(['component', 'resource']);
const ENTITY_KINDS: readonly string[] = ['component', 'resource', 'api'];

function isEntityKind(kind: string): kind is Entity['kind'] {
  return ENTITY_KINDS.includes(kind);
}

export function parseBackstage(source: StructuredSource): ImportResult {
  const errors = new ErrorList();
  const ignored = new Map<string, number>();
  const entities: Entity[] = [];
  for (const document of source.documents) {
    const entity = readEntity(document, errors, ignored);
    if (entity !== null) entities.push(entity);
  }

  const byRef = new Map<string, Entity>();
  for (const entity of entities) byRef.set(refKey(entity.kind, entity.namespace, entity.data.metadata.name), entity);
  const providers = new Map<string, Entity[]>();
  for (const entity of entities) {
    if (entity.kind !== 'component') continue;
    for (const [index, raw] of (entity.data.spec?.providesApis ?? []).entries()) {
      const ref = parseRef(raw, entity.namespace);
      if (ref.kind !== undefined && ref.kind !== 'api') {
        errors.add(at(entity, ['spec', 'providesApis', index]), `"${raw}" is not an API reference`);
        continue;
      }
      const key = refKey('api', ref.namespace, ref.name);
      providers.set(key, [...(providers.get(key) ?? []), entity]);
    }
  }

  const graph = new GraphBuilder(errors);
  const services = entities.filter((entity) => SERVICE_KINDS.has(entity.kind));
  for (const entity of services) graph.defineService(toService(entity, errors), at(entity, []));
  let outside = 0;
  for (const entity of services) {
    const from = entity.data.metadata.name;
    for (const [index, raw] of (entity.data.spec?.dependsOn ?? []).entries()) {
      const where = at(entity, ['spec', 'dependsOn', index]);
      const ref = parseRef(raw, entity.namespace);
      if (ref.kind !== undefined && !SERVICE_KINDS.has(ref.kind)) {
        errors.add(where, `"${raw}" names ${kindWords(ref.kind)}; dependsOn can name only a Component or a Resource`);
        continue;
      }
      const target =
        ref.kind === undefined
          ? (byRef.get(refKey('component', ref.namespace, ref.name)) ??
            byRef.get(refKey('resource', ref.namespace, ref.name)))
          : byRef.get(refKey(ref.kind, ref.namespace, ref.name));
      if (target === undefined) {
        if (!SERVICE_NAME_PATTERN.test(ref.name)) {
          errors.add(where, `"${raw}" is not an entity reference such as component:default/orders`);
          continue;
        }
        outside += 1;
      }
      const kind = target?.kind === 'resource' ? resourceKind(target) : 'sync';
      graph.addDependency({ from, to: ref.name, kind, hidden: false, origin: 'declared' }, where, 'error');
    }
    for (const [index, raw] of (entity.data.spec?.consumesApis ?? []).entries()) {
      const where = at(entity, ['spec', 'consumesApis', index]);
      const ref = parseRef(raw, entity.namespace);
      if (ref.kind !== undefined && ref.kind !== 'api') {
        errors.add(where, `"${raw}" names ${kindWords(ref.kind)}; consumesApis can name only an API`);
        continue;
      }
      const key = refKey('api', ref.namespace, ref.name);
      const found = providers.get(key) ?? [];
      const provider = found[0];
      if (provider === undefined) {
        errors.add(where, `no Component in this file lists API "${raw}" in spec.providesApis`);
        continue;
      }
      if (found.length > 1) {
        const names = found.map((candidate) => candidate.data.metadata.name).join(', ');
        errors.add(where, `API "${raw}" is provided by ${names}; one provider is needed to know whom this depends on`);
        continue;
      }
      // Consuming an AsyncAPI means reading the provider's messages rather than calling it.
      const kind = byRef.get(key)?.data.spec?.type?.toLowerCase() === 'asyncapi' ? 'async' : 'sync';
      const dependency = { from, to: provider.data.metadata.name, kind, hidden: false, origin: 'declared' } as const;
      graph.addDependency(dependency, where, 'error');
    }
  }

  const built = graph.build();
  if (built === null || errors.count > 0) {
    return { ok: false, format: 'backstage', errors: errors.listed, errorCount: errors.count };
  }
  const notes = [...graph.notes()];
  if (ignored.size > 0) {
    const counts = [...ignored].map(([kind, count]) => `${count} ${kind}`).join(', ');
    notes.push(`ignored entities that are not services: ${counts}`);
  }
  if (outside > 0) {
    notes.push(`${plural(outside, 'dependency names a service', 'dependencies name services')} not in this file`);
  }
  return { ok: true, format: 'backstage', graph: built, notes };
}

function readEntity(document: SourceDocument, errors: ErrorList, ignored: Map<string, number>): Entity | null {
  const value = document.value;
  if (value === null || value === undefined) return null;
  const prefix = `document ${document.number}`;
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.add(place([prefix], document.lineOf([])), `must be a Backstage entity, not ${describeValue(value)}`);
    return null;
  }
  const apiVersion = Reflect.get(value, 'apiVersion');
  const kind = Reflect.get(value, 'kind');
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    const message = 'a Backstage entity needs apiVersion (backstage.io/v1alpha1) and kind';
    errors.add(place([prefix], document.lineOf([])), message);
    return null;
  }
  const lowerKind = kind.toLowerCase();
  if (!apiVersion.startsWith('backstage.io/') || !isEntityKind(lowerKind)) {
    const label = apiVersion.startsWith('backstage.io/') ? kind : `${kind} (${apiVersion})`;
    ignored.set(label, (ignored.get(label) ?? 0) + 1);
    return null;
  }
  const metadata = Reflect.get(value, 'metadata');
  // metadata may be any YAML value here; zod below says what is wrong with it.
  const rawName = typeof metadata === 'object' && metadata !== null ? Reflect.get(metadata, 'name') : undefined;
  const label = `${prefix} (${kind}${typeof rawName === 'string' ? ` ${rawName.trim()}` : ''})`;
  const parsed = zEntity.safeParse(value, { reportInput: true });
  if (!parsed.success) {
    reportIssues(parsed.error.issues, { document, prefix: label }, errors);
    return null;
  }
  const namespace = parsed.data.metadata.namespace ?? 'default';
  return { kind: lowerKind, data: parsed.data, namespace, document, label };
}

function toService(entity: Entity, errors: ErrorList): ImportedService {
  const { metadata, spec } = entity.data;
  const service: { -readonly [K in keyof ImportedService]: ImportedService[K] } = { name: metadata.name, sources: {} };
  const sources: Partial<Record<ServiceFact, string>> = {};
  const type = spec?.type?.toLowerCase();
  if (spec?.owner !== undefined) {
    service.owner = spec.owner;
    sources.owner = 'backstage spec.owner';
  }
  if (entity.kind === 'resource' && type !== undefined && RESOURCE_KINDS.has(type)) {
    service.stateful = true;
    sources.stateful = `backstage spec.type ${type}`;
  }
  if (type === 'external-service') {
    service.external = true;
    sources.external = 'backstage spec.type external-service';
  } else if (metadata.tags?.some((tag) => tag.trim().toLowerCase() === 'external')) {
    service.external = true;
    sources.external = 'backstage metadata.tags external';
  }
  const annotation = (name: string, read: (raw: string) => number | boolean | string): number | boolean | undefined => {
    const raw = metadata.annotations?.[name];
    if (raw === undefined || raw === null) return undefined;
    const text = String(raw).trim();
    const result = typeof raw === 'object' ? 'must be text' : read(text);
    if (typeof result === 'string') {
      errors.add(at(entity, ['metadata', 'annotations', name]), `${result}, not ${describeValue(raw)}`);
      return undefined;
    }
    return result;
  };
  const tier = annotation(ANNOTATION_TIER, readTier);
  const stateful = annotation(ANNOTATION_STATEFUL, readFlag);
  const external = annotation(ANNOTATION_EXTERNAL, readFlag);
  const effortDays = annotation(ANNOTATION_EFFORT_DAYS, readEffort);
  if (typeof tier === 'number') {
    service.tier = tier;
    sources.tier = `backstage annotation ${ANNOTATION_TIER}`;
  }
  if (typeof stateful === 'boolean') {
    service.stateful = stateful;
    sources.stateful = `backstage annotation ${ANNOTATION_STATEFUL}`;
  }
  if (typeof external === 'boolean') {
    service.external = external;
    sources.external = `backstage annotation ${ANNOTATION_EXTERNAL}`;
  }
  if (typeof effortDays === 'number') {
    service.effortDays = effortDays;
    sources.effortDays = `backstage annotation ${ANNOTATION_EFFORT_DAYS}`;
  }
  service.sources = sources;
  return service;
}

function readTier(text: string): number | string {
  const tier = Number(text);
  return /^\d+$/.test(text) && tier >= 1 && tier <= 10 ? tier : 'must be a whole number from 1 (most critical) to 10';
}

function readFlag(text: string): boolean | string {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return "must be 'true' or 'false'";
}

function readEffort(text: string): number | string {
  const days = Number(text);
  return text !== '' && Number.isFinite(days) && days > 0 && days <= 365
    ? days
    : 'must be a number of days, more than 0 and at most 365';
}

function resourceKind(resource: Entity): DependencyKind {
  return RESOURCE_KINDS.get(resource.data.spec?.type?.toLowerCase() ?? '') ?? 'sync';
}

/** Backstage's `[kind:][namespace/]name`; kind and namespace compare case-insensitively, names as written. */
export function parseRef(raw: string, defaultNamespace: string): EntityRef {
  const ref = raw.trim();
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  const hasKind = colon !== -1 && (slash === -1 || colon < slash);
  const kind = hasKind ? ref.slice(0, colon).toLowerCase() : undefined;
  const rest = hasKind ? ref.slice(colon + 1) : ref;
  const restSlash = rest.indexOf('/');
  const namespace = restSlash === -1 ? defaultNamespace : rest.slice(0, restSlash);
  const name = restSlash === -1 ? rest : rest.slice(restSlash + 1);
  return kind === undefined ? { namespace, name } : { kind, namespace, name };
}

function kindWords(kind: string): string {
  if (kind === 'api') return 'an API';
  return `a ${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
}

function refKey(kind: string, namespace: string, name: string): string {
  return `${kind}:${namespace.toLowerCase()}/${name}`;
}

function at(entity: Entity, path: readonly PathKey[]): At {
  return () => place([entity.label, formatPath(path)], entity.document.lineOf(path));
}
