CREATE TABLE `reviews` (
	`round_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`unlocked_at` text NOT NULL,
	`reason` text NOT NULL,
	`released` text NOT NULL,
	PRIMARY KEY(`round_id`, `team_id`),
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `contests` ADD `voting_opened_at` text;--> statement-breakpoint
ALTER TABLE `contests` ADD `voting_closed_at` text;--> statement-breakpoint
ALTER TABLE `contests` ADD `chair_name` text;--> statement-breakpoint
ALTER TABLE `contests` ADD `secretary_name` text;--> statement-breakpoint
ALTER TABLE `judges` ADD `link_device_hash` text;--> statement-breakpoint
ALTER TABLE `judges` ADD `link_bound_at` text;--> statement-breakpoint
ALTER TABLE `judges` ADD `link_seen_at` text;--> statement-breakpoint
ALTER TABLE `sheet_versions` ADD `comment` text;--> statement-breakpoint
ALTER TABLE `sheets` ADD `comment` text;