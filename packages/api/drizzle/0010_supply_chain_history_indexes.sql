CREATE INDEX `batches_org_created` ON `batches` (`org_id`,`created_at`,`code`);--> statement-breakpoint
CREATE INDEX `vouchers_org_created` ON `vouchers` (`org_id`,`created_at`,`code`);--> statement-breakpoint
CREATE INDEX `rapid_tests_created` ON `rapid_tests` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `purchase_records_received_batch` ON `purchase_records` (`received_batch_code`);--> statement-breakpoint
CREATE INDEX `purchase_records_buyer_created` ON `purchase_records` (`buyer_org_id`,`created_at`,`id`);