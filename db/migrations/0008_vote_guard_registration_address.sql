CREATE TABLE `vote_tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contest_id` integer NOT NULL,
	`code` text NOT NULL,
	`used_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`contest_id`) REFERENCES `contests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vote_tickets_code_unique` ON `vote_tickets` (`code`);--> statement-breakpoint
CREATE INDEX `vote_tickets_contest_idx` ON `vote_tickets` (`contest_id`);--> statement-breakpoint
ALTER TABLE `contests` ADD `voting_tickets` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `teams` ADD `registration_address_hash` text;--> statement-breakpoint
ALTER TABLE `votes` ADD `address` text;--> statement-breakpoint
ALTER TABLE `votes` ADD `ticket_id` integer;--> statement-breakpoint
ALTER TABLE `votes` ADD `voided_at` text;--> statement-breakpoint
ALTER TABLE `votes` ADD `void_reason` text;--> statement-breakpoint
CREATE INDEX `votes_contest_address_idx` ON `votes` (`contest_id`,`address`);