CREATE TABLE `vote_items` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`item_key` text NOT NULL,
	`name` text NOT NULL,
	`business_id` text,
	`region` text,
	`status` text NOT NULL,
	`proposed_on` text NOT NULL,
	`adopted_at` text,
	`adopted_by` text,
	`task_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vote_items_kind_key` ON `vote_items` (`kind`,`item_key`);--> statement-breakpoint
CREATE TABLE `votes` (
	`item_id` text NOT NULL,
	`period` text NOT NULL,
	`voter_hash` text NOT NULL,
	PRIMARY KEY(`item_id`, `period`, `voter_hash`),
	FOREIGN KEY (`item_id`) REFERENCES `vote_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `votes_period_item` ON `votes` (`period`,`item_id`);