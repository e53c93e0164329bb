CREATE TABLE `certificate_attachments` (
	`certificate_code` text NOT NULL,
	`batch_code` text NOT NULL,
	`org_id` text NOT NULL,
	`attached_at` text NOT NULL,
	PRIMARY KEY(`certificate_code`, `batch_code`),
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `certificate_attachments_batch` ON `certificate_attachments` (`batch_code`);--> statement-breakpoint
CREATE TABLE `compliance_certificates` (
	`code` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`form` text NOT NULL,
	`product_name` text NOT NULL,
	`issue_date` text NOT NULL,
	`batch_code` text,
	`body` text NOT NULL,
	`key_index` integer NOT NULL,
	`digits` text NOT NULL,
	`url` text NOT NULL,
	`retain_until` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compliance_certificates_digits_unique` ON `compliance_certificates` (`digits`);--> statement-breakpoint
CREATE INDEX `compliance_certificates_org` ON `compliance_certificates` (`org_id`,`issue_date`);