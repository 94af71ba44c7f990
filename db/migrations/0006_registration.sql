CREATE TABLE `team_attachments` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`data` blob NOT NULL,
	`uploaded_at` text NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `contests` ADD `units` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `contests` ADD `registration_deadline` text;--> statement-breakpoint
ALTER TABLE `contests` ADD `draw_seed` text;--> statement-breakpoint
ALTER TABLE `contests` ADD `draw_at` text;--> statement-breakpoint
ALTER TABLE `contests` ADD `draw_method` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `leader_name` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `leader_phone` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `leader_email` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `reject_reason` text;--> statement-breakpoint
ALTER TABLE `teams` ADD `updated_at` text;