CREATE TABLE `special_awards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prize_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`member` text,
	`reason` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`prize_id`) REFERENCES `prizes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
