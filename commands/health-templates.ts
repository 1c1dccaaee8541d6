// `/migrate health templates …`, `health window`, `health interval`: the checks every service of
// a migration gets, and how often and over which rate window they run. Leads only; audited.
import type { Actor, Deps } from '../src/deps.ts';
import { DEFAULT_TEMPLATE_SETS, type TemplateSet } from '../src/domain/health-templates.ts';
import { parseThreshold, THRESHOLD_RULE, thresholdText } from '../src/domain/import/health.ts';
import { audit } from '../src/services/health-setup.ts';
import { requireChangeable, requireReader } from '../src/services/scope.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeCode, escapeInline } from '../src/slack/escape.ts';
import { noSourceMessage, templatesMessage } from '../src/slack/views/health-setup-text.ts';
import {
  type HealthSourceSettings,
  healthSource,
  migrationTemplates,
  replaceTemplates,
  updateHealthSettings,
} from '../src/store/health.ts';
import type { MigrationRow } from '../src/store/migrations.ts';

const DEFAULT_SETS = Object.keys(DEFAULT_TEMPLATE_SETS) as (keyof typeof DEFAULT_TEMPLATE_SETS)[];

export async function showTemplates(deps: Deps, actor: Actor, migration: MigrationRow): Promise<Effect[]> {
  await requireReader(deps, migration, actor);
  const row = healthSource(deps.store.db, migration);
  if (row === null) return [reply(noSourceMessage(migration.name))];
  return [
    reply(
      templatesMessage(
        migration.name,
        row.templateSet,
        migrationTemplates(deps.store.db, migration, row.templateSet),
        null,
      ),
    ),
  ];
}

/** The source every template change needs; null (with the answer to give) when there is none. */
function sourceFor(deps: Deps, actor: Actor, migration: MigrationRow, what: string) {
  requireChangeable(deps, migration, actor, what);
  return healthSource(deps.store.db, migration);
}

export function useTemplates(deps: Deps, actor: Actor, migration: MigrationRow, raw: string): Effect[] {
  const row = sourceFor(deps, actor, migration, 'change the check templates');
  if (row === null) return [reply(noSourceMessage(migration.name))];
  const set = raw.toLowerCase();
  if (!(DEFAULT_SETS as string[]).includes(set)) {
    return [
      reply({
        text: `There is no template set \`${escapeCode(raw)}\`: use ${DEFAULT_SETS.map((s) => `\`${s}\``).join(' or ')}.`,
      }),
    ];
  }
  const now = deps.now();
  deps.store.db.transaction((tx) => {
    updateHealthSettings(tx, migration, { templateSet: set as TemplateSet });
    audit(tx, migration, { actor: actor.userId, action: 'health.templates', from: row.templateSet, to: set }, now);
  });
  const intro = `Every service of *${escapeInline(migration.name)}* now gets the \`${set}\` checks.`;
  return [
    reply(
      templatesMessage(migration.name, set, migrationTemplates(deps.store.db, migration, set as TemplateSet), intro),
    ),
  ];
}

export function setTemplateThreshold(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  key: string,
  raw: string,
): Effect[] {
  const row = sourceFor(deps, actor, migration, 'change the check templates');
  if (row === null) return [reply(noSourceMessage(migration.name))];
  const templates = migrationTemplates(deps.store.db, migration, row.templateSet);
  const at = templates.findIndex((t) => t.key === key);
  const template = templates[at];
  if (template === undefined) {
    const keys = templates.map((t) => `\`${escapeCode(t.key)}\``).join(', ') || 'none';
    return [reply({ text: `There is no template \`${escapeCode(key)}\`. The templates are: ${keys}.` })];
  }
  const parsed = parseThreshold(raw);
  if (parsed === null) return [reply({ text: `\`${escapeCode(raw)}\` is not a threshold: ${THRESHOLD_RULE}.` })];
  const changed = templates.map((t, i) =>
    i === at ? { ...t, threshold: parsed.threshold, unit: parsed.unit ?? t.unit } : t,
  );
  const now = deps.now();
  deps.store.db.transaction((tx) => {
    // The migration keeps its own copy from now on: a default set is copied, then changed.
    replaceTemplates(tx, migration, changed, actor.userId);
    audit(
      tx,
      migration,
      {
        actor: actor.userId,
        action: 'health.template.threshold',
        from: `${key} ${thresholdText(template.threshold, template.unit)}`,
        to: `${key} ${thresholdText(parsed.threshold, parsed.unit ?? template.unit)}`,
        detail: { key, from: template.threshold, to: parsed.threshold },
      },
      now,
    );
  });
  const intro = `Changed the threshold of \`${escapeCode(key)}\` for every service of *${escapeInline(migration.name)}*.`;
  return [reply(templatesMessage(migration.name, 'custom', changed, intro))];
}

const DURATION = /^(\d+)(s|m|h)$/;

function seconds(raw: string): number | null {
  const m = DURATION.exec(raw.trim().toLowerCase());
  if (m === null) return null;
  return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
}

function changeSettings(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  settings: HealthSourceSettings,
  said: string,
  logged: string,
): Effect[] {
  const row = sourceFor(deps, actor, migration, 'change how checks are evaluated');
  if (row === null) return [reply(noSourceMessage(migration.name))];
  const now = deps.now();
  deps.store.db.transaction((tx) => {
    updateHealthSettings(tx, migration, settings);
    audit(tx, migration, { actor: actor.userId, action: 'health.settings', to: logged, detail: { ...settings } }, now);
  });
  return [reply({ text: `${said} for *${escapeInline(migration.name)}*.` })];
}

/** The `{{window}}` of rate(): from 30 s to a day, in Prometheus' own spelling. */
export function setWindow(deps: Deps, actor: Actor, migration: MigrationRow, raw: string): Effect[] {
  const s = seconds(raw);
  if (s === null || s < 30 || s > 86_400) {
    return [reply({ text: `\`${escapeCode(raw)}\` is not a rate window: give 30s to 24h, such as \`5m\`.` })];
  }
  const window = raw.trim().toLowerCase();
  return changeSettings(
    deps,
    actor,
    migration,
    { window },
    `Checks now use a rate window of \`${window}\``,
    `window ${window}`,
  );
}

/** The tick runs once a minute, so a shorter interval would promise what it cannot keep. */
export function setEvaluationInterval(deps: Deps, actor: Actor, migration: MigrationRow, raw: string): Effect[] {
  const s = seconds(raw);
  if (s === null || s < 60 || s > 3600) {
    return [reply({ text: `\`${escapeCode(raw)}\` is not an interval: give 60s to 1h, such as \`60s\` or \`5m\`.` })];
  }
  return changeSettings(
    deps,
    actor,
    migration,
    { intervalSeconds: s },
    `Checks are now evaluated every ${s} s`,
    `interval ${s}s`,
  );
}
