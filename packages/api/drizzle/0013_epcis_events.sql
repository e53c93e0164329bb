CREATE TABLE `epcis_event_batches` (
	`hash_id` text NOT NULL,
	`batch_code` text NOT NULL,
	PRIMARY KEY(`hash_id`, `batch_code`)
);
--> statement-breakpoint
CREATE INDEX `epcis_event_batches_batch` ON `epcis_event_batches` (`batch_code`,`hash_id`);--> statement-breakpoint
CREATE TABLE `epcis_events` (
	`hash_id` text PRIMARY KEY NOT NULL,
	`event_id` text,
	`org_id` text NOT NULL,
	`capture_id` text NOT NULL,
	`event_type` text NOT NULL,
	`event_time` text NOT NULL,
	`biz_step` text,
	`disposition` text,
	`biz_location` text,
	`epcs` text NOT NULL,
	`body` text NOT NULL,
	`captured_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `epcis_events_org_time` ON `epcis_events` (`org_id`,`event_time`,`hash_id`);