CREATE TABLE `lockdown_holders` (
	`lockdown_id` text NOT NULL,
	`org_id` text NOT NULL,
	`batches` integer NOT NULL,
	`purchase_record_ids` text NOT NULL,
	PRIMARY KEY(`lockdown_id`, `org_id`)
);
--> statement-breakpoint
CREATE INDEX `lockdown_holders_org` ON `lockdown_holders` (`org_id`);--> statement-breakpoint
CREATE TABLE `lockdown_resolutions` (
	`lockdown_id` text PRIMARY KEY NOT NULL,
	`action` text NOT NULL,
	`org_id` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `lockdowns` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_code` text NOT NULL,
	`test_id` text NOT NULL,
	`org_id` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`descendants` integer NOT NULL,
	`recall_id` text,
	`resolved_by_org_id` text,
	`resolved_at` text,
	`note` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lockdowns_test_id_unique` ON `lockdowns` (`test_id`);--> statement-breakpoint
CREATE INDEX `lockdowns_batch` ON `lockdowns` (`batch_code`);--> statement-breakpoint
CREATE INDEX `lockdowns_state_created` ON `lockdowns` (`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `test_before_sale_policies` (
	`market_org_id` text PRIMARY KEY NOT NULL,
	`enabled` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `test_points` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`region` text NOT NULL,
	`address` text,
	`operators` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `test_points_org` ON `test_points` (`org_id`);--> statement-breakpoint
CREATE TABLE `webhook_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`started_at` text NOT NULL,
	`status_code` integer,
	`error` text,
	`duration_ms` integer NOT NULL,
	`next_attempt_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_attempts_delivery` ON `webhook_attempts` (`delivery_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`org_id` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`lease_until` text,
	`last_status` integer,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_event_endpoint` ON `webhook_deliveries` (`event_id`,`endpoint_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_due` ON `webhook_deliveries` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_org` ON `webhook_deliveries` (`org_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`url` text NOT NULL,
	`events` text NOT NULL,
	`secret_sealed` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_org` ON `webhook_endpoints` (`org_id`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`fanned_out` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_events_fan_out` ON `webhook_events` (`fanned_out`,`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_events_org` ON `webhook_events` (`org_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `rapid_tests` ADD `test_point_id` text;