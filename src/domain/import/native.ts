// The bot's own format, YAML or JSON: one document with `services:` and an optional `migration:` block.
// Field names are snake_case; unknown fields are errors, so a typo (`dependsOn`) never drops data silently.
import { z } from 'zod';
import { DEPENDENCY_KINDS } from '../model.ts';
import { parsePhase, RUNBOOK_PHASES } from '../runbook.ts';
import { ErrorList, GraphBuilder, place, WHOLE_FILE } from './graph-builder.ts';
import { toOverride, zImportedCheck } from './health.ts';
import { reportIssues } from './issues.ts';
import type { PathKey, StructuredSource } from './source.ts';
import type { ImportedMigration, ImportedService, ImportResult, RunbookStep, ServiceFact } from './types.ts';
import { SERVICE_NAME_PATTERN } from './types.ts';

const zServiceName = z.string().trim().regex(SERVICE_NAME_PATTERN);

/** `- billing` is short for `- {service: billing, kind: sync, hidden: false}`. */
const zDependency = z.preprocess(
  (value) => (typeof value === 'string' ? { service: value } : value),
  z.strictObject({
    service: zServiceName,
    kind: z.enum(DEPENDENCY_KINDS).default('sync'),
    hidden: z.boolean().default(false),
  }),
);

/** `- drain consumers` is short for `- {step: drain consumers}`. */
const zRunbookStep = z.preprocess(
  (value) => (typeof value === 'string' ? { step: value } : value),
  z.strictObject({
    phase: z
      .string()
      .trim()
      .transform((raw, ctx) => {
        const phase = parsePhase(raw);
        if (phase === null) {
          ctx.addIssue({ code: 'custom', message: `must be one of ${RUNBOOK_PHASES.join(', ')} (or rollback)` });
          return z.NEVER;
        }
        return phase;
      })
      .optional(),
    step: z.string().trim().min(1).max(500),
  }),
);

const zNativeService = z.strictObject({
  name: zServiceName,
  description: z.string().optional(),
  owner: z.string().trim().min(1).max(200).optional(),
  tier: z.number().int().min(1).max(10).optional(),
  stateful: z.boolean().optional(),
  external: z.boolean().optional(),
  effort_days: z.number().positive().max(365).optional(),
  depends_on: z.array(zDependency).max(10_000).optional(),
  runbook: z.array(zRunbookStep).max(100).optional(),
  health: z
    .array(zImportedCheck)
    .max(50)
    .superRefine((checks, ctx) => {
      const seen = new Set<string>();
      for (const [index, check] of checks.entries()) {
        if (seen.has(check.key))
          ctx.addIssue({ code: 'custom', message: `lists the check key ${check.key} twice`, path: [index, 'key'] });
        seen.add(check.key);
      }
    })
    .optional(),
});

const zMigration = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  from: z.string().trim().min(1).max(200).optional(),
  to: z.string().trim().min(1).max(200).optional(),
});

export const zNativeGraph = z.strictObject({
  migration: zMigration.optional(),
  services: z.array(zNativeService),
});
export type NativeGraph = z.infer<typeof zNativeGraph>;

function allowedKeys(path: readonly PathKey[]): readonly string[] | undefined {
  const [first, second, third, fourth] = path;
  if (path.length === 0) return zNativeGraph.keyof().options;
  if (first === 'migration' && path.length === 1) return zMigration.keyof().options;
  if (first !== 'services' || typeof second !== 'number') return undefined;
  if (path.length === 2) return zNativeService.keyof().options;
  if (third === 'depends_on' && typeof fourth === 'number') return ['service', 'kind', 'hidden'];
  if (third === 'runbook' && typeof fourth === 'number') return ['phase', 'step'];
  if (third === 'health' && typeof fourth === 'number') return zImportedCheck.keyof().options;
  return undefined;
}

export function parseNative(source: StructuredSource): ImportResult {
  const errors = new ErrorList();
  const documents = source.documents.filter((document) => document.value !== null && document.value !== undefined);
  const document = documents[0];
  if (document === undefined || documents.length > 1) {
    const found = documents.length === 0 ? 'the file is empty' : `found ${documents.length} documents`;
    errors.add(WHOLE_FILE, `the native format is one document with a \`services:\` list; ${found}`);
    return failure(errors);
  }
  const parsed = zNativeGraph.safeParse(document.value, { reportInput: true });
  if (!parsed.success) {
    reportIssues(parsed.error.issues, { document, allowedKeys }, errors);
    return failure(errors);
  }

  const graph = new GraphBuilder(errors);
  for (const [index, service] of parsed.data.services.entries()) {
    graph.defineService(
      toImportedService(service),
      place([`services[${index}]`], document.lineOf(['services', index])),
    );
  }
  for (const [index, service] of parsed.data.services.entries()) {
    for (const [depIndex, dependency] of (service.depends_on ?? []).entries()) {
      const path = ['services', index, 'depends_on', depIndex];
      graph.addDependency(
        {
          from: service.name,
          to: dependency.service,
          kind: dependency.kind,
          hidden: dependency.hidden,
          origin: 'declared',
        },
        () => place([`services[${index}].depends_on[${depIndex}]`], document.lineOf(path)),
        'error',
      );
    }
  }
  const built = graph.build();
  if (built === null || errors.count > 0) return failure(errors);
  const migration = parsed.data.migration === undefined ? {} : { migration: toMigration(parsed.data.migration) };
  return { ok: true, format: 'native', graph: built, notes: graph.notes(), ...migration };
}

type NativeService = NativeGraph['services'][number];

function toImportedService(service: NativeService): ImportedService {
  const facts: { -readonly [K in keyof ImportedService]: ImportedService[K] } = { name: service.name, sources: {} };
  const sources: Partial<Record<ServiceFact, string>> = {};
  const given = <K extends ServiceFact>(fact: K, value: ImportedService[K] | undefined): void => {
    if (value === undefined) return;
    facts[fact] = value;
    sources[fact] = 'native';
  };
  given('owner', service.owner);
  given('tier', service.tier);
  given('stateful', service.stateful);
  given('external', service.external);
  given('effortDays', service.effort_days);
  if (service.runbook !== undefined) {
    facts.runbook = service.runbook.map(
      (step): RunbookStep => (step.phase === undefined ? { step: step.step } : { phase: step.phase, step: step.step }),
    );
  }
  if (service.health !== undefined) facts.health = service.health.map(toOverride);
  facts.sources = sources;
  return facts;
}

function toMigration(migration: NonNullable<NativeGraph['migration']>): ImportedMigration {
  const result: { -readonly [K in keyof ImportedMigration]: ImportedMigration[K] } = {};
  if (migration.name !== undefined) result.name = migration.name;
  if (migration.from !== undefined) result.from = migration.from;
  if (migration.to !== undefined) result.to = migration.to;
  return result;
}

function failure(errors: ErrorList): ImportResult {
  return { ok: false, format: 'native', errors: errors.listed, errorCount: errors.count };
}
