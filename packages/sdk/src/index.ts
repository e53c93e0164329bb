export * from "./errors";
export * from "./keys/jwk";
export * from "./keys/generate";
export { importSigner, importVerifier, type SignatureSigner, type SignatureVerifier, type SignerOptions } from "./crypto/signature-keys";
export type { CryptoBackend } from "./crypto/runtime";
export { encodePayload, decodePayload, FORMAT_VERSION, MAX_KEY_INDEX, type VoucherPayload } from "./voucher/payload";
export { VOUCHER_HEADERS, VOUCHER_JWS_TYPE } from "./voucher/signing-input";
export { buildVoucherUrl, checkBaseUrl, parseVoucherUrl, MAX_VOUCHER_TEXT, type ParsedVoucherUrl } from "./voucher/url";
export { signVoucher, type SignedVoucher, type SignVoucherOptions } from "./voucher/sign";
export { decodeVoucher, type DecodedVoucher } from "./voucher/decode";
export { toJws, fromJws } from "./voucher/jws";
export * from "./trust/roles";
export {
  signTrustBundle,
  verifyTrustBundle,
  TRUST_BUNDLE_TYPE,
  TrustBundleContent,
  TrustedIssuer,
  TrustedKey,
  type TrustBundleInput,
} from "./trust/bundle";
export {
  signStatusList,
  verifyStatusList,
  StatusList,
  STATUS_VALUES,
  STATUS_LIST_TYPE,
  MAX_STATUS_ENTRIES,
  type StatusValue,
  type StatusListInput,
} from "./trust/status-list";
export * from "./verify/result";
export {
  VoucherVerifier,
  createOfflineVerifier,
  createJwksVerifier,
  DEFAULT_CLOCK_SKEW_SECONDS,
  type BundleVerifierOptions,
  type VerifierOptions,
  type VerifyOptions,
} from "./verify/verifier";
export * from "./qr/index";
export * from "./gs1/digital-link";
export * from "./client/index";
export * from "./webhooks/signature";
