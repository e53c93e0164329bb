export * from "./labels";
export * from "./identifiers/trace-code";
export * from "./identifiers/region";
export * from "./identifiers/gtin";
export * from "./product-category";
export * from "./rapid-test-outcome";
export * from "./voucher";
