CREATE TABLE `purchase_records` (
	`id` text PRIMARY KEY NOT NULL,
	`buyer_org_id` text NOT NULL,
	`source` text NOT NULL,
	`product_name` text NOT NULL,
	`category` text,
	`specification` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit` text NOT NULL,
	`production_date` text,
	`batch_number` text,
	`shelf_life_days` integer,
	`edible_farm_produce` integer NOT NULL,
	`purchase_date` text NOT NULL,
	`supplier_name` text NOT NULL,
	`supplier_address` text NOT NULL,
	`supplier_contact_name` text,
	`supplier_phone` text NOT NULL,
	`supplier_uscc` text,
	`supplier_licence` text,
	`seller_org_id` text,
	`source_voucher_code` text,
	`source_voucher_url` text,
	`source_batch_code` text,
	`received_batch_code` text,
	`certificate_refs` text NOT NULL,
	`retain_until` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`buyer_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_records_buyer_voucher` ON `purchase_records` (`buyer_org_id`,`source_voucher_code`);--> statement-breakpoint
CREATE INDEX `purchase_records_buyer_date` ON `purchase_records` (`buyer_org_id`,`purchase_date`);--> statement-breakpoint
CREATE INDEX `purchase_records_source_batch` ON `purchase_records` (`source_batch_code`);