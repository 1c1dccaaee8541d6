CREATE TABLE `installations` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`team_id` text,
	`enterprise_id` text,
	`is_enterprise_install` integer NOT NULL,
	`sealed_bot_token` text NOT NULL,
	`bot_user_id` text NOT NULL,
	`bot_id` text,
	`scopes` text NOT NULL,
	`installer_user_id` text NOT NULL,
	`installed_at` integer NOT NULL
);
