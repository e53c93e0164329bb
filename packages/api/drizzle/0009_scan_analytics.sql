CREATE TABLE `flagged_codes` (
	`voucher_code` text NOT NULL,
	`reason` text NOT NULL,
	`org_id` text NOT NULL,
	`regions` text NOT NULL,
	`evidence` text NOT NULL,
	`first_seen` text NOT NULL,
	`last_seen` text NOT NULL,
	PRIMARY KEY(`voucher_code`, `reason`)
);
--> statement-breakpoint
CREATE INDEX `flagged_codes_org` ON `flagged_codes` (`org_id`);--> statement-breakpoint
CREATE INDEX `flagged_codes_last_seen` ON `flagged_codes` (`last_seen`);--> statement-breakpoint
CREATE TABLE `scan_counts` (
	`voucher_code` text NOT NULL,
	`org_id` text NOT NULL,
	`region` text NOT NULL,
	`hour` text NOT NULL,
	`count` integer NOT NULL,
	`first_minute` integer NOT NULL,
	`last_minute` integer NOT NULL,
	PRIMARY KEY(`voucher_code`, `region`, `hour`)
);
--> statement-breakpoint
CREATE INDEX `scan_counts_hour` ON `scan_counts` (`hour`);--> statement-breakpoint
CREATE INDEX `scan_counts_org_hour` ON `scan_counts` (`org_id`,`hour`);