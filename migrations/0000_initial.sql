CREATE TABLE `approval_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`batch` integer,
	`service_ids` text NOT NULL,
	`requested_by` text NOT NULL,
	`required` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`channel_id` text NOT NULL,
	`message_ts` text,
	`decided_by` text,
	`decided_at` integer,
	`reason` text,
	`reminded_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `approval_requests_status_idx` ON `approval_requests` (`workspace_id`,`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `approvals` (
	`request_id` integer NOT NULL,
	`approver_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`request_id`, `approver_id`),
	FOREIGN KEY (`request_id`) REFERENCES `approval_requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`user_id` text NOT NULL,
	`coupling` integer NOT NULL,
	`team_size` integer NOT NULL,
	`automation` integer NOT NULL,
	`risk_tolerance` integer NOT NULL,
	`timeline` integer NOT NULL,
	`dual_running_cost` integer NOT NULL,
	`total` integer NOT NULL,
	`outcome` text NOT NULL,
	`note` text,
	`migration_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `assessments_workspace_channel_idx` ON `assessments` (`workspace_id`,`channel_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer,
	`service_id` integer,
	`service_name` text,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`reason` text,
	`detail` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_migration_idx` ON `audit_log` (`workspace_id`,`migration_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_log_service_idx` ON `audit_log` (`service_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `dependencies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`from_id` integer NOT NULL,
	`to_id` integer NOT NULL,
	`kind` text DEFAULT 'sync' NOT NULL,
	`hidden` integer DEFAULT false NOT NULL,
	`origin` text NOT NULL,
	`import_id` integer,
	`call_count` integer,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`from_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dependencies_edge_uq` ON `dependencies` (`migration_id`,`from_id`,`to_id`,`kind`,`origin`);--> statement-breakpoint
CREATE INDEX `dependencies_to_idx` ON `dependencies` (`to_id`);--> statement-breakpoint
CREATE TABLE `digest_runs` (
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`local_date` text NOT NULL,
	`status` text DEFAULT 'claimed' NOT NULL,
	`error` text,
	`message_ts` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`workspace_id`, `migration_id`, `local_date`),
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`format` text NOT NULL,
	`file_name` text,
	`user_id` text NOT NULL,
	`summary` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `migration_people` (
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`role` text NOT NULL,
	`kind` text NOT NULL,
	`slack_id` text NOT NULL,
	`added_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`migration_id`, `role`, `slack_id`),
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `migrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`name` text NOT NULL,
	`from_platform` text,
	`to_platform` text,
	`strategy` text NOT NULL,
	`direction` text DEFAULT 'leaf-first' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_by` text NOT NULL,
	`settings` text DEFAULT '{}' NOT NULL,
	`rehearsal_gate` integer DEFAULT true NOT NULL,
	`digest_time` text DEFAULT '09:30' NOT NULL,
	`digest_tz` text DEFAULT 'UTC' NOT NULL,
	`digest_days` text DEFAULT 'weekdays' NOT NULL,
	`digest_enabled` integer DEFAULT true NOT NULL,
	`weekly_chart` integer DEFAULT true NOT NULL,
	`channel_private` integer DEFAULT false NOT NULL,
	`graph_changed_at` integer,
	`last_digest_at` integer,
	`digest_failure_notified_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`archived_at` integer
);
--> statement-breakpoint
CREATE INDEX `migrations_workspace_channel_idx` ON `migrations` (`workspace_id`,`channel_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `migrations_workspace_name_uq` ON `migrations` (`workspace_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `migrations_one_active_per_channel_uq` ON `migrations` (`workspace_id`,`channel_id`) WHERE status = 'active';--> statement-breakpoint
CREATE TABLE `pending_actions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`user_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `plan_entries` (
	`plan_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`position` integer NOT NULL,
	`phase` integer NOT NULL,
	`step` integer,
	`batch` integer,
	`track` text NOT NULL,
	`blast_radius` integer NOT NULL,
	`group_label` text,
	`reason` text NOT NULL,
	PRIMARY KEY(`plan_id`, `service_id`),
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_entries_batch_idx` ON `plan_entries` (`plan_id`,`batch`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`version` integer NOT NULL,
	`strategy` text NOT NULL,
	`direction` text NOT NULL,
	`created_by` text NOT NULL,
	`notes` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plans_migration_version_uq` ON `plans` (`migration_id`,`version`);--> statement-breakpoint
CREATE TABLE `runbook_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`service_id` integer NOT NULL,
	`key` text NOT NULL,
	`phase` text NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`validation` integer DEFAULT false NOT NULL,
	`origin` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`status_by` text,
	`status_at` integer,
	`skip_reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runbook_steps_service_key_uq` ON `runbook_steps` (`service_id`,`key`);--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`name` text NOT NULL,
	`owner` text,
	`owner_kind` text,
	`tier` integer,
	`stateful` integer DEFAULT false NOT NULL,
	`external` integer DEFAULT false NOT NULL,
	`effort_days` real,
	`sources` text DEFAULT '{}' NOT NULL,
	`imported_steps` text DEFAULT '[]' NOT NULL,
	`state` text DEFAULT 'planned' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`flag_enabled` integer DEFAULT true NOT NULL,
	`monitoring_ends_at` integer,
	`monitoring_prompted_at` integer,
	`rehearsal_minutes` integer,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_migration_name_uq` ON `services` (`migration_id`,`name`);--> statement-breakpoint
CREATE INDEX `services_workspace_state_idx` ON `services` (`workspace_id`,`state`,`monitoring_ends_at`);