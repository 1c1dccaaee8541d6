-- The replay guard's table, rebuilt WITHOUT ROWID and without its seen_at index: one insert per
-- request then writes one b-tree page instead of three (src/store/schema.ts says why). The keys it
-- holds are kept: a request seen just before the upgrade is still refused after it.
DROP INDEX `request_keys_seen_idx`;--> statement-breakpoint
CREATE TABLE `__new_request_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`seen_at` integer NOT NULL
) WITHOUT ROWID;--> statement-breakpoint
INSERT INTO `__new_request_keys` (`key`, `seen_at`) SELECT `key`, `seen_at` FROM `request_keys`;--> statement-breakpoint
DROP TABLE `request_keys`;--> statement-breakpoint
ALTER TABLE `__new_request_keys` RENAME TO `request_keys`;
