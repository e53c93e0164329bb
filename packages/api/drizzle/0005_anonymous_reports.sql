CREATE TABLE `report_attempts` (
	`code_key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`locks` integer NOT NULL,
	`locked_until` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report_evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text,
	`blob_key` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_evidence_report` ON `report_evidence` (`report_id`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`code_key` text NOT NULL,
	`secret_hash` text NOT NULL,
	`target_kind` text NOT NULL,
	`target` text NOT NULL,
	`target_org_id` text,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`status` text NOT NULL,
	`submitted_on` text NOT NULL,
	`triage_note` text,
	`inspection_id` text,
	`outcome` text,
	`fine_yuan` integer,
	`reward_tier` text,
	`reward_fen` integer,
	`reward_notice_at` text,
	`claim_deadline` text,
	`claimed_at` text,
	`claim_reference` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reports_code_key` ON `reports` (`code_key`);--> statement-breakpoint
CREATE INDEX `reports_status` ON `reports` (`status`,`submitted_on`);--> statement-breakpoint
CREATE INDEX `reports_target_org` ON `reports` (`target_org_id`);