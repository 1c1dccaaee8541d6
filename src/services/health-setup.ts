// Setting up health checks (issue 15): a migration's metrics source, tested by one query before it
// is saved; its credentials, sealed; and the import's per-service checks. The source's URL is
// checked against the operator's allowlist here and again by the client before every request.
import type { Actor, Deps } from '../deps.ts';
import { type PlatformPair, renderQuery } from '../domain/health-templates.ts';
import type { ImportedGraph } from '../domain/import/index.ts';
import { CredentialsError, metricsSourceOf, openCredentials, sealCredentials } from '../health/credentials.ts';
import type { SourceCredentials } from '../health/prometheus.ts';
import { checkSourceUrl, normalizeSourceUrl } from '../health/source-url.ts';
import { type Effect, reply } from '../slack/effect.ts';
import { escapeCode, escapeInline, escapeMrkdwn } from '../slack/escape.ts';
import { credentialsModal } from '../slack/views/health-credentials-modal.ts';
import { noSourceMessage, sourceMessage } from '../slack/views/health-setup-text.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { serviceByName } from '../store/graph.ts';
import {
  type HealthSourceRow,
  healthSource,
  removeHealthSource,
  saveHealthSource,
  setServiceCheck,
} from '../store/health.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { activeMigrationById, isLead, requireChangeable, requireReader } from './scope.ts';

export interface HealthAudit {
  readonly actor: string;
  readonly action: string;
  /** Shown by `/migrate log` as "from … to …". Never a credential. */
  readonly from?: string;
  readonly to?: string;
  readonly detail?: Record<string, unknown>;
  readonly serviceId?: number;
}

export function audit(tx: Db, migration: MigrationRow, entry: HealthAudit, now: Date): void {
  appendAudit(tx, {
    workspaceId: migration.workspaceId,
    migrationId: migration.id,
    ...(entry.serviceId === undefined ? {} : { serviceId: entry.serviceId }),
    actor: entry.actor,
    action: entry.action,
    fromValue: entry.from ?? null,
    toValue: entry.to ?? null,
    detail: entry.detail ?? {},
    createdAt: now,
  });
}

function facts(migration: MigrationRow, row: HealthSourceRow) {
  return {
    migrationId: migration.id,
    migrationName: migration.name,
    url: row.url,
    hasCredentials: row.credentials !== null,
    templateSet: row.templateSet,
    window: row.window,
    intervalSeconds: row.intervalSeconds,
  };
}

export async function showSource(deps: Deps, actor: Actor, migration: MigrationRow): Promise<Effect[]> {
  await requireReader(deps, migration, actor);
  const row = healthSource(deps.store.db, migration);
  if (row === null) return [reply(noSourceMessage(migration.name))];
  return [reply(sourceMessage(facts(migration, row), null, isLead(deps, migration, actor.userId)))];
}

/** Checks the URL, runs the test query, then saves: a source that cannot answer is never saved. */
export async function setSource(deps: Deps, actor: Actor, migration: MigrationRow, raw: string): Promise<Effect[]> {
  requireChangeable(deps, migration, actor, 'set the metrics source');
  const check = checkSourceUrl(raw, deps.health.allowlist);
  if (!check.ok) {
    const fix =
      deps.health.allowlist.length === 0
        ? ' The operator of this bot must list the allowed hosts in HEALTH_SOURCE_HOSTS first.'
        : ' Ask the operator to add the host to HEALTH_SOURCE_HOSTS if it should be allowed.';
    return [reply({ text: `Nothing saved: \`${escapeCode(raw)}\` ${escapeMrkdwn(check.problem)}.${fix}` })];
  }
  const url = normalizeSourceUrl(check.url);
  const earlier = healthSource(deps.store.db, migration);
  // Saved credentials stay only with the same URL: they are never sent to a host they were not given for.
  const kept = earlier !== null && earlier.url === url ? earlier.credentials : null;
  const credentials = kept === null || deps.health.box === null ? null : openCredentials(deps.health.box, kept);
  const probe = await deps.health.client.probe({ url, credentials });
  // A source that refuses us without credentials is a Prometheus asking for them: save it, ask for them.
  const needsCredentials = !probe.ok && probe.reason === 'refused' && credentials === null;
  if (!probe.ok && !needsCredentials) {
    return [
      reply({ text: `Nothing saved: the test query to \`${escapeCode(url)}\` failed: ${escapeMrkdwn(probe.detail)}.` }),
    ];
  }
  const now = deps.now();
  const row = deps.store.db.transaction((tx) => {
    const saved = saveHealthSource(
      tx,
      migration,
      { url, credentials: credentials === null ? null : kept, createdBy: actor.userId },
      now,
    );
    audit(
      tx,
      migration,
      {
        actor: actor.userId,
        action: 'health.source',
        ...(earlier === null ? {} : { from: earlier.url }),
        to: url,
        detail: { credentials: saved.credentials !== null },
      },
      now,
    );
    return saved;
  });
  const dropped =
    earlier?.credentials != null && kept === null ? ' The credentials saved for the old URL were dropped.' : '';
  const intro = needsCredentials
    ? `Saved. The source asks for credentials (${escapeMrkdwn(probe.ok ? '' : probe.detail)}): add them with the button below; until then every check is unknown.${dropped}`
    : `Saved: the test query answered.${dropped}`;
  return [reply(sourceMessage(facts(migration, row), intro, true))];
}

export function removeSource(deps: Deps, actor: Actor, migration: MigrationRow): Effect[] {
  requireChangeable(deps, migration, actor, 'remove the metrics source');
  const now = deps.now();
  const removed = deps.store.db.transaction((tx) => {
    const gone = removeHealthSource(tx, migration);
    if (gone) audit(tx, migration, { actor: actor.userId, action: 'health.source.remove' }, now);
    return gone;
  });
  const name = escapeInline(migration.name);
  return [
    reply({
      text: removed
        ? `Removed the metrics source of *${name}* and its credentials. Checks are no longer evaluated; their history and the services' own checks stay.`
        : `*${name}* has no metrics source.`,
    }),
  ];
}

const NO_KEY =
  'Credentials cannot be saved: this bot has no encryption key (the operator sets MIGRATE_BOT_ENCRYPTION_KEY). Nothing was saved.';

/** The Add credentials button: rights and the key are checked before the modal opens. */
export function openCredentialsForm(deps: Deps, actor: Actor, migrationId: number): Effect[] {
  const migration = activeMigrationById(deps, actor, migrationId);
  requireChangeable(deps, migration, actor, 'set the metrics source’s credentials');
  if (deps.health.box === null) return [reply({ text: NO_KEY })];
  const row = healthSource(deps.store.db, migration);
  if (row === null) return [reply(noSourceMessage(migration.name))];
  return [{ type: 'openModal', view: credentialsModal({ migrationId, url: row.url }, migration.name) }];
}

/**
 * The modal's submission, after it closed: tests the source with the new credentials and saves
 * them sealed only when it answers. The values go into the seal and the request header, nowhere else.
 */
export async function saveCredentials(
  deps: Deps,
  actor: Actor,
  meta: { migrationId: number; url: string },
  credentials: SourceCredentials,
): Promise<Effect[]> {
  const migration = activeMigrationById(deps, actor, meta.migrationId);
  requireChangeable(deps, migration, actor, 'set the metrics source’s credentials');
  const box = deps.health.box;
  if (box === null) return [reply({ text: NO_KEY })];
  const row = healthSource(deps.store.db, migration);
  if (row === null || row.url !== meta.url) {
    return [
      reply({
        text: 'Nothing saved: the metrics source changed while the form was open. Open it again from `/migrate health source`.',
      }),
    ];
  }
  const probe = await deps.health.client.probe({ url: row.url, credentials });
  if (!probe.ok) {
    return [
      reply({ text: `Nothing saved: the test query with these credentials failed: ${escapeMrkdwn(probe.detail)}.` }),
    ];
  }
  const now = deps.now();
  const saved = deps.store.db.transaction((tx) => {
    const s = saveHealthSource(
      tx,
      migration,
      { url: row.url, credentials: sealCredentials(box, credentials), createdBy: actor.userId },
      now,
    );
    audit(tx, migration, { actor: actor.userId, action: 'health.credentials', to: credentials.kind }, now);
    return s;
  });
  return [
    reply(
      sourceMessage(facts(migration, saved), 'Credentials saved, encrypted: the test query answered with them.', true),
    ),
  ];
}

/** The import's `health:` entries, written in the import's transaction (a re-import replaces them by key). */
export function writeImportedChecks(tx: Db, migration: MigrationRow, graph: ImportedGraph, by: string): void {
  for (const imported of graph.services) {
    if (imported.health === undefined || imported.health.length === 0) continue;
    const service = serviceByName(tx, migration, imported.name);
    if (service === null) continue;
    for (const check of imported.health) setServiceCheck(tx, service, check, 'import', by);
  }
}

export type QueryTrial = { readonly refuse: string } | { readonly note: string };

/**
 * Runs a check's query once for the service before it is saved, so a PromQL typo is caught while
 * the person is still typing. Only what Prometheus itself refuses blocks the save: no data yet or a
 * source that is down are noted, since the check may well be right.
 */
export async function tryQuery(
  deps: Deps,
  source: HealthSourceRow,
  pair: PlatformPair,
  query: string,
): Promise<QueryTrial> {
  let metrics: ReturnType<typeof metricsSourceOf>;
  try {
    metrics = metricsSourceOf(source, deps.health.box);
  } catch (err) {
    if (err instanceof CredentialsError) return { note: ` It was not tried: ${escapeMrkdwn(err.message)}.` };
    throw err;
  }
  const rendered = renderQuery(query, { service: pair.service, platform: pair.newPlatform, window: pair.window });
  const answer = await deps.health.client.query(metrics, rendered);
  if (answer.ok) {
    return answer.samples.length === 1
      ? { note: '' }
      : {
          note:
            answer.samples.length === 0
              ? ' Tried once: it returns no data yet, so the check is unknown until it does.'
              : ` Tried once: it returns ${answer.samples.length} series; aggregate it to one (sum, max …) or the check stays unknown.`,
        };
  }
  if (answer.reason === 'query_error' || answer.reason === 'bad_response') {
    return { refuse: `Nothing changed: the source refused the query: ${escapeMrkdwn(answer.detail)}.` };
  }
  return { note: ` It could not be tried now (${escapeMrkdwn(answer.detail)}).` };
}
