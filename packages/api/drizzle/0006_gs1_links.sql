CREATE TABLE `gs1_links` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`gtin` text NOT NULL,
	`lot` text,
	`link_type` text NOT NULL,
	`href` text NOT NULL,
	`title` text NOT NULL,
	`language` text,
	`media_type` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `gs1_links_gtin` ON `gs1_links` (`gtin`,`lot`);--> statement-breakpoint
CREATE INDEX `gs1_links_org` ON `gs1_links` (`org_id`,`created_at`);