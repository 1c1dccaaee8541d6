CREATE TABLE `health_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`service_id` integer NOT NULL,
	`key` text NOT NULL,
	`removed` integer DEFAULT false NOT NULL,
	`name` text,
	`query` text,
	`reference_query` text,
	`threshold` text,
	`unit` text,
	`dashboard_url` text,
	`origin` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `health_checks_service_key_uq` ON `health_checks` (`service_id`,`key`);--> statement-breakpoint
CREATE TABLE `health_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`service_id` integer NOT NULL,
	`check_key` text NOT NULL,
	`check_name` text NOT NULL,
	`dashboard_url` text,
	`state` text NOT NULL,
	`value` real,
	`reference` real,
	`unknown` text,
	`reason` text NOT NULL,
	`evaluated_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `health_results_service_check_idx` ON `health_results` (`service_id`,`check_key`,`evaluated_at`);--> statement-breakpoint
CREATE TABLE `health_runs` (
	`service_id` integer PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`claimed_at` integer NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `health_sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`kind` text DEFAULT 'prometheus' NOT NULL,
	`url` text NOT NULL,
	`credentials` text,
	`template_set` text DEFAULT 'prometheus' NOT NULL,
	`window` text DEFAULT '5m' NOT NULL,
	`interval_seconds` integer DEFAULT 60 NOT NULL,
	`old_platform_label` text,
	`new_platform_label` text,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `health_sources_migration_uq` ON `health_sources` (`migration_id`);--> statement-breakpoint
CREATE TABLE `health_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL,
	`reference_query` text,
	`threshold` text NOT NULL,
	`unit` text NOT NULL,
	`dashboard_url` text,
	`position` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `health_templates_migration_key_uq` ON `health_templates` (`migration_id`,`key`);