CREATE TABLE `quiz_state` (
	`question_id` integer PRIMARY KEY NOT NULL,
	`opened_at` text NOT NULL,
	`closes_at` text,
	`closed_at` text,
	`voided_at` text,
	`void_reason` text,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `questions` ADD `image` blob;--> statement-breakpoint
ALTER TABLE `questions` ADD `image_type` text;--> statement-breakpoint
ALTER TABLE `quiz_answers` ADD `entered_by` text DEFAULT 'team' NOT NULL;