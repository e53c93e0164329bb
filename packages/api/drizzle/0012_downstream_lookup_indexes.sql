CREATE INDEX `batches_source_voucher` ON `batches` (`source_voucher_code`);--> statement-breakpoint
CREATE INDEX `purchase_records_source_voucher` ON `purchase_records` (`source_voucher_code`);