export * from "./vocabulary";
export * from "./epc-uri";
export * from "./event-hash";
export * from "./sha256";
export * from "./trace-events";
export * from "./build-event";
export * from "./document";
export * from "./validate";
