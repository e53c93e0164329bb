CREATE TABLE `co_task_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`org_id` text NOT NULL,
	`outcome` text NOT NULL,
	`month` text NOT NULL,
	`reviewed_at` text NOT NULL,
	`reviewed_by` text NOT NULL,
	`on_time` integer NOT NULL,
	`commission_fen` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `co_tasks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `co_task_reviews_month_org` ON `co_task_reviews` (`month`,`org_id`);--> statement-breakpoint
CREATE TABLE `co_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`region` text NOT NULL,
	`target_org_id` text,
	`vote_item_id` text,
	`deadline` text NOT NULL,
	`commission_fen` integer NOT NULL,
	`status` text NOT NULL,
	`posted_by` text NOT NULL,
	`posted_at` text NOT NULL,
	`claimed_by` text,
	`claimed_at` text,
	`evidence_text` text,
	`evidence_document_ids` text,
	`submitted_at` text,
	`reviewed_by` text,
	`reviewed_at` text,
	`review_note` text,
	`rejections` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `co_tasks_status_region` ON `co_tasks` (`status`,`region`);--> statement-breakpoint
CREATE INDEX `co_tasks_claimed_by` ON `co_tasks` (`claimed_by`,`status`);