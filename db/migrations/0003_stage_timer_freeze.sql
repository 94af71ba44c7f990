CREATE TABLE `freezes` (
	`contest_id` integer PRIMARY KEY NOT NULL,
	`frozen_at` text NOT NULL,
	`board` text NOT NULL,
	`reveal` text,
	`reveal_pos` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `stage` ADD `scene` text DEFAULT 'scoreboard' NOT NULL;--> statement-breakpoint
ALTER TABLE `stage` ADD `timer_duration_ms` integer;--> statement-breakpoint
ALTER TABLE `stage` ADD `timer_ends_at` text;--> statement-breakpoint
ALTER TABLE `stage` ADD `timer_remaining_ms` integer;