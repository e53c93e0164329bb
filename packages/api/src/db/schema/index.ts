export * from "./organisations";
export * from "./api-keys";
export * from "./signing-keys";
export * from "./batches";
export * from "./vouchers";
export * from "./rapid-tests";
export * from "./idempotency";
export * from "./merchants";
