export { ShianClient, createClient, OPERATIONS, type OperationName, type BulkIssueOptions, type ConditionalOptions } from "./client";
export { newIdempotencyKey, parseRetryAfter, type CallOptions, type Operation, type TransportOptions } from "./http";
export * from "./types";
export { OfflineQueue, MemoryQueueStorage, IndexedDbQueueStorage, type QueuedVoucher, type QueueStorage, type SyncResult, type OfflineQueueOptions } from "./offline-queue";
export type * from "./merchant-types";
export type * from "./report-types";
export type * from "./vote-types";
export type * from "./gs1-types";
export { ndjsonLines, type NdjsonOptions } from "./ndjson";
