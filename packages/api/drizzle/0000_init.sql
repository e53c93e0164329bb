CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`uscc` text,
	`region` text,
	`market_id` text,
	`namespace` integer NOT NULL,
	`next_serial` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_namespace_unique` ON `organisations` (`namespace`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`name` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_prefix_unique` ON `api_keys` (`prefix`);--> statement-breakpoint
CREATE INDEX `api_keys_org` ON `api_keys` (`org_id`);--> statement-breakpoint
CREATE TABLE `versions` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`key_index` integer PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`kid` text NOT NULL,
	`alg` text NOT NULL,
	`public_jwk` text NOT NULL,
	`encrypted_private_jwk` text,
	`not_before` text NOT NULL,
	`not_after` text NOT NULL,
	`revoked_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signing_keys_kid_unique` ON `signing_keys` (`kid`);--> statement-breakpoint
CREATE INDEX `signing_keys_org` ON `signing_keys` (`org_id`);--> statement-breakpoint
CREATE TABLE `batches` (
	`code` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`namespace` integer NOT NULL,
	`serial` integer NOT NULL,
	`parent_code` text,
	`source_voucher_code` text,
	`product_name` text NOT NULL,
	`product_category` text NOT NULL,
	`origin_region` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit` text NOT NULL,
	`certificates` text NOT NULL,
	`status` text DEFAULT 'valid' NOT NULL,
	`status_reason` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `batches_parent` ON `batches` (`parent_code`);--> statement-breakpoint
CREATE INDEX `batches_org` ON `batches` (`org_id`);--> statement-breakpoint
CREATE INDEX `batches_ns_status` ON `batches` (`namespace`,`status`);--> statement-breakpoint
CREATE TABLE `vouchers` (
	`code` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`namespace` integer NOT NULL,
	`serial` integer NOT NULL,
	`type` text NOT NULL,
	`batch_code` text,
	`buyer_org_id` text,
	`key_index` integer NOT NULL,
	`digits` text NOT NULL,
	`url` text NOT NULL,
	`claims` text NOT NULL,
	`status` text DEFAULT 'valid' NOT NULL,
	`idempotency_key` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_digits_unique` ON `vouchers` (`digits`);--> statement-breakpoint
CREATE INDEX `vouchers_batch` ON `vouchers` (`batch_code`);--> statement-breakpoint
CREATE INDEX `vouchers_ns_status` ON `vouchers` (`namespace`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `vouchers_idempotency` ON `vouchers` (`org_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `rapid_tests` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_code` text NOT NULL,
	`org_id` text NOT NULL,
	`item` text NOT NULL,
	`outcome` text NOT NULL,
	`record` text NOT NULL,
	`tested_at` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rapid_tests_batch` ON `rapid_tests` (`batch_code`);--> statement-breakpoint
CREATE TABLE `recalls` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_code` text NOT NULL,
	`org_id` text NOT NULL,
	`reason` text NOT NULL,
	`level` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recalls_batch_code_unique` ON `recalls` (`batch_code`);--> statement-breakpoint
CREATE TABLE `idempotency` (
	`org_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`org_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `platform_secrets` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
