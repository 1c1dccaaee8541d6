// The whole schema. Every row carries the workspace it belongs to (team, or enterprise for org
// installs) and every query is scoped by it. Changes go through `npm run db:generate -- --name …`.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { OUTCOMES } from '../domain/checklist.ts';
import { HEALTH_STATES, HEALTH_UNITS, type Threshold, UNKNOWN_REASONS } from '../domain/health.ts';
import { TEMPLATE_SETS } from '../domain/health-templates.ts';
import {
  DEPENDENCY_KINDS,
  DEPENDENCY_ORIGINS,
  IMPORT_FORMATS,
  PLAN_DIRECTIONS,
  SERVICE_STATES,
  STRATEGIES,
} from '../domain/model.ts';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const MIGRATION_STATUSES = ['active', 'archived'] as const;
export const DIGEST_DAYS = ['weekdays', 'daily'] as const;

export const migrationsTable = sqliteTable(
  'migrations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    name: text('name').notNull(),
    fromPlatform: text('from_platform'),
    toPlatform: text('to_platform'),
    strategy: text('strategy', { enum: STRATEGIES }).notNull(),
    direction: text('direction', { enum: PLAN_DIRECTIONS }).notNull().default('leaf-first'),
    status: text('status', { enum: MIGRATION_STATUSES }).notNull().default('active'),
    createdBy: text('created_by').notNull(),
    /** JSON object of the settings the team set (SettingKey -> number); absent keys use defaults. */
    settings: text('settings', { mode: 'json' }).$type<Record<string, number>>().notNull().default({}),
    rehearsalGate: integer('rehearsal_gate', { mode: 'boolean' }).notNull().default(true),
    digestTime: text('digest_time').notNull().default('09:30'),
    digestTz: text('digest_tz').notNull().default('UTC'),
    digestDays: text('digest_days', { enum: DIGEST_DAYS }).notNull().default('weekdays'),
    digestEnabled: integer('digest_enabled', { mode: 'boolean' }).notNull().default(true),
    weeklyChart: integer('weekly_chart', { mode: 'boolean' }).notNull().default(true),
    /** Private channels' migrations are shown only to the channel's members. */
    channelPrivate: integer('channel_private', { mode: 'boolean' }).notNull().default(false),
    graphChangedAt: integer('graph_changed_at', { mode: 'timestamp_ms' }),
    lastDigestAt: integer('last_digest_at', { mode: 'timestamp_ms' }),
    digestFailureNotifiedAt: integer('digest_failure_notified_at', { mode: 'timestamp_ms' }),
    /** When its creator was told that a message could not be delivered; once per migration. */
    deliveryFailureNotifiedAt: integer('delivery_failure_notified_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('migrations_workspace_channel_idx').on(t.workspaceId, t.channelId),
    uniqueIndex('migrations_workspace_name_uq').on(t.workspaceId, t.name),
    uniqueIndex('migrations_one_active_per_channel_uq').on(t.workspaceId, t.channelId).where(sql`status = 'active'`),
  ],
);

export const assessmentsTable = sqliteTable(
  'assessments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    userId: text('user_id').notNull(),
    coupling: integer('coupling').notNull(),
    teamSize: integer('team_size').notNull(),
    automation: integer('automation').notNull(),
    riskTolerance: integer('risk_tolerance').notNull(),
    timeline: integer('timeline').notNull(),
    dualRunningCost: integer('dual_running_cost').notNull(),
    total: integer('total').notNull(),
    outcome: text('outcome', { enum: OUTCOMES }).notNull(),
    note: text('note'),
    migrationId: integer('migration_id').references(() => migrationsTable.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('assessments_workspace_channel_idx').on(t.workspaceId, t.channelId, t.createdAt)],
);

export const PERSON_ROLES = ['lead', 'approver'] as const;
export const PERSON_KINDS = ['user', 'usergroup'] as const;

/** Leads and approvers of a migration. A user group's members are read from Slack when needed. */
export const migrationPeopleTable = sqliteTable(
  'migration_people',
  {
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id')
      .notNull()
      .references(() => migrationsTable.id, { onDelete: 'cascade' }),
    role: text('role', { enum: PERSON_ROLES }).notNull(),
    kind: text('kind', { enum: PERSON_KINDS }).notNull(),
    slackId: text('slack_id').notNull(),
    addedBy: text('added_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.migrationId, t.role, t.slackId] })],
);

export const OWNER_KINDS = ['user', 'team'] as const;

export const servicesTable = sqliteTable(
  'services',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id')
      .notNull()
      .references(() => migrationsTable.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** A Slack user id when ownerKind is 'user', else a team name shown as text. */
    owner: text('owner'),
    ownerKind: text('owner_kind', { enum: OWNER_KINDS }),
    tier: integer('tier'),
    stateful: integer('stateful', { mode: 'boolean' }).notNull().default(false),
    external: integer('external', { mode: 'boolean' }).notNull().default(false),
    effortDays: real('effort_days'),
    /** Where each fact came from: field -> source description. */
    sources: text('sources', { mode: 'json' }).$type<Record<string, string>>().notNull().default({}),
    /** Runbook steps the import file gave for this service, merged into the defaults when the runbook is made. */
    importedSteps: text('imported_steps', { mode: 'json' })
      .$type<{ phase?: string; step: string }[]>()
      .notNull()
      .default([]),
    state: text('state', { enum: SERVICE_STATES }).notNull().default('planned'),
    stateChangedAt: createdAt().$type<Date>(),
    /** The per-service flag inside a parallel batch: off means this member is rolled back alone. */
    flagEnabled: integer('flag_enabled', { mode: 'boolean' }).notNull().default(true),
    monitoringEndsAt: integer('monitoring_ends_at', { mode: 'timestamp_ms' }),
    /** Set when the owner has been prompted that the window ended; claims the prompt once. */
    monitoringPromptedAt: integer('monitoring_prompted_at', { mode: 'timestamp_ms' }),
    rehearsalMinutes: integer('rehearsal_minutes'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('services_migration_name_uq').on(t.migrationId, t.name),
    index('services_workspace_state_idx').on(t.workspaceId, t.state, t.monitoringEndsAt),
  ],
);

export const importsTable = sqliteTable('imports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  workspaceId: text('workspace_id').notNull(),
  migrationId: integer('migration_id')
    .notNull()
    .references(() => migrationsTable.id, { onDelete: 'cascade' }),
  format: text('format', { enum: IMPORT_FORMATS }).notNull(),
  fileName: text('file_name'),
  userId: text('user_id').notNull(),
  summary: text('summary', { mode: 'json' }).$type<Record<string, number>>().notNull().default({}),
  createdAt: createdAt(),
});

export const dependenciesTable = sqliteTable(
  'dependencies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id')
      .notNull()
      .references(() => migrationsTable.id, { onDelete: 'cascade' }),
    /** The consumer: `fromId` depends on `toId`. */
    fromId: integer('from_id')
      .notNull()
      .references(() => servicesTable.id, { onDelete: 'cascade' }),
    toId: integer('to_id')
      .notNull()
      .references(() => servicesTable.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: DEPENDENCY_KINDS }).notNull().default('sync'),
    hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
    origin: text('origin', { enum: DEPENDENCY_ORIGINS }).notNull(),
    importId: integer('import_id').references(() => importsTable.id, { onDelete: 'set null' }),
    callCount: integer('call_count'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('dependencies_edge_uq').on(t.migrationId, t.fromId, t.toId, t.kind, t.origin),
    index('dependencies_to_idx').on(t.toId),
  ],
);

export const plansTable = sqliteTable(
  'plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id')
      .notNull()
      .references(() => migrationsTable.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    strategy: text('strategy', { enum: STRATEGIES }).notNull(),
    direction: text('direction', { enum: PLAN_DIRECTIONS }).notNull(),
    createdBy: text('created_by').notNull(),
    /** Groups (cycles, shared databases) and anything else the plan explains, as the planner gave it. */
    notes: text('notes', { mode: 'json' }).$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('plans_migration_version_uq').on(t.migrationId, t.version)],
);

export const TRACKS = ['sequential', 'parallel'] as const;

export const planEntriesTable = sqliteTable(
  'plan_entries',
  {
    planId: integer('plan_id')
      .notNull()
      .references(() => plansTable.id, { onDelete: 'cascade' }),
    serviceId: integer('service_id')
      .notNull()
      .references(() => servicesTable.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    phase: integer('phase').notNull(),
    step: integer('step'),
    batch: integer('batch'),
    track: text('track', { enum: TRACKS }).notNull(),
    blastRadius: integer('blast_radius').notNull(),
    groupLabel: text('group_label'),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.serviceId] }), index('plan_entries_batch_idx').on(t.planId, t.batch)],
);

export const RUNBOOK_STEP_STATUSES = ['open', 'done', 'skipped'] as const;

export const runbookStepsTable = sqliteTable(
  'runbook_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    serviceId: integer('service_id')
      .notNull()
      .references(() => servicesTable.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    phase: text('phase').notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    validation: integer('validation', { mode: 'boolean' }).notNull().default(false),
    origin: text('origin', { enum: ['default', 'import', 'custom'] }).notNull(),
    status: text('status', { enum: RUNBOOK_STEP_STATUSES }).notNull().default('open'),
    statusBy: text('status_by'),
    statusAt: integer('status_at', { mode: 'timestamp_ms' }),
    skipReason: text('skip_reason'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('runbook_steps_service_key_uq').on(t.serviceId, t.key)],
);

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;

export const approvalRequestsTable = sqliteTable(
  'approval_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id')
      .notNull()
      .references(() => migrationsTable.id, { onDelete: 'cascade' }),
    /** The batch number when the request covers a whole batch. */
    batch: integer('batch'),
    serviceIds: text('service_ids', { mode: 'json' }).$type<number[]>().notNull(),
    requestedBy: text('requested_by').notNull(),
    required: integer('required').notNull(),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    channelId: text('channel_id').notNull(),
    messageTs: text('message_ts'),
    decidedBy: text('decided_by'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    reason: text('reason'),
    remindedAt: integer('reminded_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('approval_requests_status_idx').on(t.workspaceId, t.status, t.createdAt)],
);

export const approvalsTable = sqliteTable(
  'approvals',
  {
    requestId: integer('request_id')
      .notNull()
      .references(() => approvalRequestsTable.id, { onDelete: 'cascade' }),
    approverId: text('approver_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.approverId] })],
);

/** Append-only: rows are inserted, never updated or deleted (see test/store/audit-log.test.ts). */
export const auditLogTable = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id').references(() => migrationsTable.id, { onDelete: 'set null' }),
    serviceId: integer('service_id'),
    serviceName: text('service_name'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    reason: text('reason'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('audit_log_migration_idx').on(t.workspaceId, t.migrationId, t.createdAt),
    index('audit_log_service_idx').on(t.serviceId, t.createdAt),
  ],
);

export const PENDING_STATUSES = ['pending', 'done', 'cancelled'] as const;

/** A confirmation waiting for a click: Confirm runs `kind` with `payload` once, before `expiresAt`. */
export const pendingActionsTable = sqliteTable('pending_actions', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id').notNull(),
  userId: text('user_id').notNull(),
  channelId: text('channel_id').notNull(),
  kind: text('kind').notNull(),
  payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
  summary: text('summary').notNull(),
  status: text('status', { enum: PENDING_STATUSES }).notNull().default('pending'),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: createdAt(),
});

export const DIGEST_RUN_STATUSES = ['claimed', 'posted', 'failed'] as const;

/** One row per (workspace, migration, local date): the claim that makes a scheduled digest go out once. */
export const digestRunsTable = sqliteTable(
  'digest_runs',
  {
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id')
      .notNull()
      .references(() => migrationsTable.id, { onDelete: 'cascade' }),
    localDate: text('local_date').notNull(),
    status: text('status', { enum: DIGEST_RUN_STATUSES }).notNull().default('claimed'),
    error: text('error'),
    messageTs: text('message_ts'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.migrationId, t.localDate] })],
);

export const OUTBOX_KINDS = ['post', 'update', 'upload', 'refresh'] as const;
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
/** JSON the sender reads back and validates (src/slack/outbox-sender.ts owns its shape). */
export type OutboxPayloadJson = { readonly [key: string]: unknown };

/**
 * Messages that report a change, written in the change's own transaction and delivered after the
 * commit by one sender, in id order per lane (a channel, or a user for a DM).
 */
export const outboxTable = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    /** The migration it concerns, when there is one: its creator hears of a message that cannot go out. */
    migrationId: integer('migration_id').references(() => migrationsTable.id, { onDelete: 'set null' }),
    lane: text('lane').notNull(),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    payload: text('payload', { mode: 'json' }).$type<OutboxPayloadJson>().notNull(),
    /** A message that shows state names what it shows (`approval:42`): at most one queued row each. */
    ref: text('ref'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** A time-out or 5xx after the request left: the post may have landed, so look before re-posting. */
    uncertain: integer('uncertain', { mode: 'boolean' }).notNull().default(false),
    notBefore: integer('not_before', { mode: 'timestamp_ms' }),
    leaseUntil: integer('lease_until', { mode: 'timestamp_ms' }),
    error: text('error'),
    postedChannel: text('posted_channel'),
    postedTs: text('posted_ts'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('outbox_status_lane_idx').on(t.status, t.workspaceId, t.lane, t.id),
    uniqueIndex('outbox_one_queued_ref_uq').on(t.workspaceId, t.ref).where(sql`status = 'queued' and ref is not null`),
  ],
);

export const HEALTH_SOURCE_KINDS = ['prometheus'] as const;

/** The metrics source of a migration (one at most), and how its checks are run. */
export const healthSourcesTable = sqliteTable(
  'health_sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id')
      .notNull()
      .references(() => migrationsTable.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: HEALTH_SOURCE_KINDS }).notNull().default('prometheus'),
    /** The API base, checked against the operator's allowlist at save and before every request. */
    url: text('url').notNull(),
    /**
     * Opaque text: the credentials as encrypted by the production issue's key. This table neither
     * encrypts nor decrypts; until that issue lands nothing may write plain credentials here.
     */
    credentials: text('credentials'),
    /** The default set the checks come from, or 'custom' for this migration's health_templates rows. */
    templateSet: text('template_set', { enum: TEMPLATE_SETS }).notNull().default('prometheus'),
    /** The {{window}} of rate() in the templates. */
    window: text('window').notNull().default('5m'),
    /** Services are evaluated no more often than this. */
    intervalSeconds: integer('interval_seconds').notNull().default(60),
    /** The {{platform}} label values; null: the migration's from/to platform names. */
    oldPlatformLabel: text('old_platform_label'),
    newPlatformLabel: text('new_platform_label'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('health_sources_migration_uq').on(t.migrationId)],
);

/** A migration's own templates, used when its source's templateSet is 'custom'. */
export const healthTemplatesTable = sqliteTable(
  'health_templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    migrationId: integer('migration_id')
      .notNull()
      .references(() => migrationsTable.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    query: text('query').notNull(),
    referenceQuery: text('reference_query'),
    threshold: text('threshold', { mode: 'json' }).$type<Threshold>().notNull(),
    unit: text('unit', { enum: HEALTH_UNITS }).notNull(),
    dashboardUrl: text('dashboard_url'),
    position: integer('position').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('health_templates_migration_key_uq').on(t.migrationId, t.key)],
);

export const HEALTH_CHECK_ORIGINS = ['import', 'command'] as const;

/**
 * A service's own check: overrides the template with the same key (null fields keep the
 * template's), removes it (`removed`), or adds one (a key no template has, with query and threshold).
 */
export const healthChecksTable = sqliteTable(
  'health_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    serviceId: integer('service_id')
      .notNull()
      .references(() => servicesTable.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    removed: integer('removed', { mode: 'boolean' }).notNull().default(false),
    name: text('name'),
    query: text('query'),
    referenceQuery: text('reference_query'),
    threshold: text('threshold', { mode: 'json' }).$type<Threshold>(),
    unit: text('unit', { enum: HEALTH_UNITS }),
    dashboardUrl: text('dashboard_url'),
    origin: text('origin', { enum: HEALTH_CHECK_ORIGINS }).notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('health_checks_service_key_uq').on(t.serviceId, t.key)],
);

/** Every evaluation of every check, with its time: the latest per check is the current state. */
export const healthResultsTable = sqliteTable(
  'health_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id').notNull(),
    serviceId: integer('service_id')
      .notNull()
      .references(() => servicesTable.id, { onDelete: 'cascade' }),
    checkKey: text('check_key').notNull(),
    checkName: text('check_name').notNull(),
    dashboardUrl: text('dashboard_url'),
    state: text('state', { enum: HEALTH_STATES }).notNull(),
    value: real('value'),
    reference: real('reference'),
    unknown: text('unknown', { enum: UNKNOWN_REASONS }),
    reason: text('reason').notNull(),
    evaluatedAt: integer('evaluated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('health_results_service_check_idx').on(t.serviceId, t.checkKey, t.evaluatedAt)],
);

/** The claim on a service's next evaluation: taken at most once per interval, by one process. */
export const healthRunsTable = sqliteTable('health_runs', {
  serviceId: integer('service_id')
    .primaryKey()
    .references(() => servicesTable.id, { onDelete: 'cascade' }),
  workspaceId: text('workspace_id').notNull(),
  claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * Requests already handled, by Slack's own id for each (a command's or a click's trigger_id, an
 * event's event_id), so a request sent again verbatim is answered without being done twice.
 * Every request inserts one row, so the table is built for that: WITHOUT ROWID, one b-tree keyed
 * by the key, and no index on seen_at. An insert then writes one page instead of three (the rowid
 * table, the key's index, the time's index): 30 µs against 52 µs per insert, measured in the bot
 * under the ack bench on Node 26. Forgetting old keys scans the table instead, at most once a
 * minute (src/slack/listeners/replays.ts). drizzle cannot say WITHOUT ROWID:
 * migrations/0006_request_keys_without_rowid.sql rebuilds the table by hand.
 */
export const requestKeysTable = sqliteTable('request_keys', {
  key: text('key').primaryKey(),
  seenAt: integer('seen_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * One row per install in OAuth mode: a workspace, or an Enterprise Grid org installed org-wide.
 * Keyed like every other row's workspace_id (the enterprise id for an org install, the team id
 * otherwise). The bot token is sealed with the secret box (src/secrets/secret-box.ts), never stored
 * in the clear. Uninstalling deletes the row; the workspace's data stays until an operator deletes it.
 */
export const installationsTable = sqliteTable('installations', {
  workspaceId: text('workspace_id').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  isEnterpriseInstall: integer('is_enterprise_install', { mode: 'boolean' }).notNull(),
  sealedBotToken: text('sealed_bot_token').notNull(),
  botUserId: text('bot_user_id').notNull(),
  botId: text('bot_id'),
  scopes: text('scopes').notNull(),
  installerUserId: text('installer_user_id').notNull(),
  installedAt: integer('installed_at', { mode: 'timestamp_ms' }).notNull(),
});
