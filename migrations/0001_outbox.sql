CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`migration_id` integer,
	`lane` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`ref` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`uncertain` integer DEFAULT false NOT NULL,
	`not_before` integer,
	`lease_until` integer,
	`error` text,
	`posted_channel` text,
	`posted_ts` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`migration_id`) REFERENCES `migrations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `outbox_status_lane_idx` ON `outbox` (`status`,`workspace_id`,`lane`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_one_queued_ref_uq` ON `outbox` (`workspace_id`,`ref`) WHERE status = 'queued' and ref is not null;