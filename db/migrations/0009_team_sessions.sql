CREATE TABLE `team_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`team_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`seen_at` text NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `team_sessions_team_idx` ON `team_sessions` (`team_id`);