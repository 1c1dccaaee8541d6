// `/migrate health <service> [add <key> <promql> <threshold> | remove <key>]`: one service's
// checks with their last results, and its own additions and removals (its owner or a lead).
import type { Actor, Deps } from '../src/deps.ts';
import {
  type CheckOverride,
  DEFAULT_WINDOW,
  effectiveChecks,
  PLACEHOLDERS,
  type PlatformPair,
  renderCheck,
  unknownPlaceholders,
} from '../src/domain/health-templates.ts';
import {
  CHECK_KEY_PATTERN,
  CHECK_KEY_RULE,
  parseThreshold,
  THRESHOLD_RULE,
  thresholdText,
} from '../src/domain/import/health.ts';
import { audit, tryQuery } from '../src/services/health-setup.ts';
import { requireActive, requireReader } from '../src/services/scope.ts';
import { findService, requireServiceRights } from '../src/services/targets.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeCode, escapeInline } from '../src/slack/escape.ts';
import { type CheckRow, serviceHealthMessage } from '../src/slack/views/health-setup-text.ts';
import type { ServiceRow } from '../src/store/graph.ts';
import {
  deleteServiceCheck,
  type HealthSourceRow,
  healthSource,
  migrationTemplates,
  serviceOverrides,
  setServiceCheck,
} from '../src/store/health.ts';
import { latestResults } from '../src/store/health-results.ts';
import type { MigrationRow } from '../src/store/migrations.ts';

const MAX_QUERY = 2000;

function templatesOf(deps: Deps, migration: MigrationRow) {
  const source = healthSource(deps.store.db, migration);
  // Without a source nothing runs; the default set shows what would.
  return { source, templates: migrationTemplates(deps.store.db, migration, source?.templateSet ?? 'prometheus') };
}

/** The placeholders' values for a service; the platform labels default as the schema says. */
function pairOf(migration: MigrationRow, source: HealthSourceRow | null, service: ServiceRow): PlatformPair {
  return {
    service: service.name,
    oldPlatform: source?.oldPlatformLabel ?? migration.fromPlatform ?? 'old',
    newPlatform: source?.newPlatformLabel ?? migration.toPlatform ?? 'new',
    window: source?.window ?? DEFAULT_WINDOW,
  };
}

function healthView(deps: Deps, migration: MigrationRow, service: ServiceRow, intro: string | null): Effect {
  const { source, templates } = templatesOf(deps, migration);
  const overrides = serviceOverrides(deps.store.db, service);
  const templateKeys = new Set(templates.map((t) => t.key));
  const overridden = new Set(overrides.map((o) => o.key));
  const latest = new Map(latestResults(deps.store.db, service).map((r) => [r.key, r]));
  const pair = pairOf(migration, source, service);
  const rows: CheckRow[] = effectiveChecks(templates, overrides).map((c) => {
    const last = latest.get(c.key);
    return {
      key: c.key,
      name: c.name,
      query: c.query,
      threshold: c.threshold,
      unit: c.unit,
      dashboardUrl: last?.dashboardUrl ?? renderCheck(c, pair).dashboardUrl,
      origin: !templateKeys.has(c.key) ? 'own' : overridden.has(c.key) ? 'override' : 'template',
      last:
        last === undefined ? null : { state: last.verdict.state, reason: last.verdict.reason, at: last.evaluatedAt },
    };
  });
  return reply(serviceHealthMessage(service.name, source !== null, rows, intro));
}

export async function showServiceHealth(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  name: string,
): Promise<Effect[]> {
  await requireReader(deps, migration, actor);
  return [healthView(deps, migration, findService(deps.store.db, migration, name), null)];
}

function changeable(deps: Deps, actor: Actor, migration: MigrationRow, name: string): ServiceRow {
  requireActive(migration);
  const service = findService(deps.store.db, migration, name);
  requireServiceRights(deps, migration, actor.userId, [service], `change the health checks of ${service.name}`);
  return service;
}

export async function addCheck(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  args: { service: string; key: string; query: string; threshold: string },
): Promise<Effect[]> {
  const service = changeable(deps, actor, migration, args.service);
  const problems: string[] = [];
  if (!CHECK_KEY_PATTERN.test(args.key)) problems.push(`\`${escapeCode(args.key)}\`: ${CHECK_KEY_RULE}.`);
  const unknown = unknownPlaceholders(args.query);
  if (unknown.length > 0) {
    const known = PLACEHOLDERS.map((p) => `\`{{${p}}}\``).join(', ');
    problems.push(
      `The query uses ${unknown.map((u) => `\`{{${escapeCode(u)}}}\``).join(', ')}; the placeholders are ${known}.`,
    );
  }
  if (args.query.length > MAX_QUERY) problems.push(`The query is longer than ${MAX_QUERY} characters.`);
  const parsed = parseThreshold(args.threshold);
  if (parsed === null) problems.push(`\`${escapeCode(args.threshold)}\` is not a threshold: ${THRESHOLD_RULE}.`);
  if (problems.length > 0 || parsed === null) return [reply({ text: `Nothing changed. ${problems.join(' ')}` })];
  const source = healthSource(deps.store.db, migration);
  const trial =
    source === null ? { note: '' } : await tryQuery(deps, source, pairOf(migration, source, service), args.query);
  if ('refuse' in trial) return [reply({ text: trial.refuse })];
  const override: CheckOverride = {
    key: args.key,
    removed: false,
    name: null,
    query: args.query,
    referenceQuery: null,
    threshold: parsed.threshold,
    unit: parsed.unit,
    dashboardUrl: null,
  };
  const now = deps.now();
  deps.store.db.transaction((tx) => {
    setServiceCheck(tx, service, override, 'command', actor.userId);
    audit(
      tx,
      migration,
      {
        actor: actor.userId,
        action: 'health.check.add',
        to: `${args.key} ${thresholdText(parsed.threshold, parsed.unit ?? 'number')}`,
        detail: { key: args.key, query: args.query, threshold: parsed.threshold },
        serviceId: service.id,
      },
      now,
    );
  });
  const intro = `Saved the check \`${escapeCode(args.key)}\` of *${escapeInline(service.name)}*; it runs from the next evaluation.${trial.note}`;
  return [healthView(deps, migration, service, intro)];
}

export function removeCheck(deps: Deps, actor: Actor, migration: MigrationRow, name: string, key: string): Effect[] {
  const service = changeable(deps, actor, migration, name);
  const { templates } = templatesOf(deps, migration);
  const own = serviceOverrides(deps.store.db, service).find((o) => o.key === key);
  const isTemplate = templates.some((t) => t.key === key);
  const label = `\`${escapeCode(key)}\``;
  if (own?.removed === true)
    return [reply({ text: `${label} is already removed for *${escapeInline(service.name)}*.` })];
  if (own === undefined && !isTemplate) {
    const keys = effectiveChecks(templates, serviceOverrides(deps.store.db, service)).map(
      (c) => `\`${escapeCode(c.key)}\``,
    );
    return [
      reply({
        text: `*${escapeInline(service.name)}* has no check ${label}. Its checks: ${keys.join(', ') || 'none'}.`,
      }),
    ];
  }
  const now = deps.now();
  deps.store.db.transaction((tx) => {
    // A template's check is dropped for this one service by a row saying so; an own check just goes.
    if (isTemplate) {
      const removed: CheckOverride = {
        key,
        removed: true,
        name: null,
        query: null,
        referenceQuery: null,
        threshold: null,
        unit: null,
        dashboardUrl: null,
      };
      setServiceCheck(tx, service, removed, 'command', actor.userId);
    } else deleteServiceCheck(tx, service, key);
    audit(
      tx,
      migration,
      { actor: actor.userId, action: 'health.check.remove', from: key, detail: { key }, serviceId: service.id },
      now,
    );
  });
  return [healthView(deps, migration, service, `Removed the check ${label} of *${escapeInline(service.name)}*.`)];
}
