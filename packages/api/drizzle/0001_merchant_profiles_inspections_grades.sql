CREATE TABLE `grade_history` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`seq` integer NOT NULL,
	`grade` text,
	`reason` text NOT NULL,
	`rule_set_id` text NOT NULL,
	`rule_set_version` integer NOT NULL,
	`average_tenths` integer,
	`inspection_ids` text NOT NULL,
	`trigger` text NOT NULL,
	`as_of` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grade_history_org_seq` ON `grade_history` (`org_id`,`seq`);--> statement-breakpoint
CREATE INDEX `grade_history_grade` ON `grade_history` (`grade`);--> statement-breakpoint
CREATE TABLE `grade_rule_sets` (
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`jurisdiction` text NOT NULL,
	`effective_from` text NOT NULL,
	`body` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `grade_rule_sets_id_version` ON `grade_rule_sets` (`id`,`version`);--> statement-breakpoint
CREATE TABLE `health_certificates` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`holder_name` text NOT NULL,
	`number` text,
	`issued_by` text NOT NULL,
	`issue_date` text NOT NULL,
	`expiry_date` text NOT NULL,
	`document_ref` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_certificates_org` ON `health_certificates` (`org_id`);--> statement-breakpoint
CREATE INDEX `health_certificates_expiry` ON `health_certificates` (`expiry_date`);--> statement-breakpoint
CREATE TABLE `inspections` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`regulator_org_id` text NOT NULL,
	`inspector` text NOT NULL,
	`inspected_at` text NOT NULL,
	`score_tenths` integer NOT NULL,
	`key_items_failed` integer NOT NULL,
	`items` text NOT NULL,
	`checklist_id` text,
	`evidence` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`regulator_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspections_org_time` ON `inspections` (`org_id`,`inspected_at`);--> statement-breakpoint
CREATE TABLE `merchant_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`digits` text NOT NULL,
	`url` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `merchant_codes_digits_unique` ON `merchant_codes` (`digits`);--> statement-breakpoint
CREATE INDEX `merchant_codes_org` ON `merchant_codes` (`org_id`);--> statement-breakpoint
CREATE TABLE `merchant_profiles` (
	`org_id` text PRIMARY KEY NOT NULL,
	`uscc` text NOT NULL,
	`licence_number` text,
	`licence_valid_from` text,
	`licence_valid_until` text,
	`business_type` text NOT NULL,
	`address` text NOT NULL,
	`region` text NOT NULL,
	`responsible_person` text NOT NULL,
	`phone` text NOT NULL,
	`opening_hours` text NOT NULL,
	`retention_policy` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `merchant_profiles_region` ON `merchant_profiles` (`region`);--> statement-breakpoint
CREATE INDEX `merchant_profiles_licence_until` ON `merchant_profiles` (`licence_valid_until`);