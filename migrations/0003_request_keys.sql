CREATE TABLE `request_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `request_keys_seen_idx` ON `request_keys` (`seen_at`);