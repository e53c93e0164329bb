import { formatTraceCodeForPrint, parseTraceCode, type TraceCodeParts, type VoucherClaims } from "@shian/schemas";
import type { CryptoBackend } from "../crypto/runtime";
import { importVerifier, type SignatureVerifier } from "../crypto/signature-keys";
import { isShianError, ShianError, type ShianErrorCode } from "../errors";
import { jwkThumbprint } from "../keys/generate";
import { Jwks, type PublicJwk, type SignatureAlg } from "../keys/jwk";
import { type TrustBundleContent, type TrustedIssuer, type TrustedKey, verifyTrustBundle } from "../trust/bundle";
import { rolesMayIssue } from "../trust/roles";
import { readStatusListKid, type StatusList, type StatusValue, verifyStatusList } from "../trust/status-list";
import { type DecodedVoucher, decodeVoucher } from "../voucher/decode";
import { FORMAT_VERSION, type VoucherPayload } from "../voucher/payload";
import { splitVoucherUrl } from "../voucher/url";
import { signingInput } from "../voucher/signing-input";
import type { VerificationCheck, VerificationResult } from "./result";

/** Clocks on scales, phones and servers disagree: times within this many seconds are accepted. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

interface KeyEntry {
  kid: string;
  keyIndex: number;
  verifier: SignatureVerifier;
  issuer?: TrustedIssuer;
  key?: TrustedKey;
  /** Check details that depend only on the key and its issuer, made once per bundle (the same strings in every result). */
  details?: KeyDetails;
}

interface KeyDetails {
  key: string;
  validity: string;
  notBeforeMs: number;
  notAfterMs: number;
  namespaces: Map<number, string>;
  roles: Map<string, string>;
}

export interface VerifierOptions {
  /** Seconds of clock difference tolerated on every time comparison (default 300). */
  clockSkewSeconds?: number;
  /** Force the crypto backend (default: node:crypto on Node, WebCrypto elsewhere). */
  backend?: CryptoBackend;
}

export interface BundleVerifierOptions extends VerifierOptions {
  /** Authority public keys that sign trust bundles. */
  trustAnchors: readonly unknown[];
  /** The trust bundle, a compact JWS. */
  bundle: string;
  /** Status lists (compact JWS) to load now. */
  statusLists?: readonly string[];
  /** The highest bundle version accepted before (persist it): lower versions are refused. */
  minBundleVersion?: number;
  /** Time used to check the bundle's and lists' expiry while loading (default now). */
  now?: Date;
}

export interface VerifyOptions {
  /** Verification time (default now). */
  at?: Date;
  /**
   * The caller has already established that these exact bytes carry a good signature, e.g. a
   * server whose database holds this voucher, verified when it was issued, and matched it
   * byte for byte. The signature check is reported as such and not repeated; every other
   * check (key revocation and validity, namespace, role, host, time, status) still runs.
   * Never set it for bytes that came from outside without such a match.
   */
  preverified?: boolean;
  /**
   * With `preverified`, the voucher as the caller stored it when it verified these bytes: its
   * claims and key index (the algorithm is the trusted key's). The URL's digits are then not
   * decoded again; its base URL and host are still parsed and checked.
   */
  known?: { claims: VoucherClaims; keyIndex: number };
  /**
   * The caller checks the voucher's current status itself (a server reading its own database)
   * and adds its own status check: status lists are not consulted and no status check is
   * added; `status` stays "unchecked".
   */
  liveStatus?: boolean;
}

const NO_BYTES = new Uint8Array(0);
const PREVERIFIED_DETAIL: Record<SignatureAlg, string> = {
  EdDSA: "EdDSA signature verified earlier for these exact bytes",
  ES256: "ES256 signature verified earlier for these exact bytes",
};

/** A bundle key's check details, made on first use. */
function detailsOf(entry: KeyEntry): KeyDetails {
  if (entry.details) return entry.details;
  const key = entry.key!;
  return (entry.details = {
    key: `key index ${entry.keyIndex} (${entry.kid}) of ${entry.issuer!.id}`,
    validity: `signed within the key's validity ${key.notBefore} – ${key.notAfter}`,
    notBeforeMs: Date.parse(key.notBefore),
    notAfterMs: Date.parse(key.notAfter),
    namespaces: new Map(),
    roles: new Map(),
  });
}
const statusRank: Record<StatusValue, number> = { valid: 0, suspended: 1, recalled: 2, revoked: 3 };

/**
 * Verifies vouchers fully offline. Build one with `createOfflineVerifier` (trust bundle +
 * status lists) or `createJwksVerifier` (bare keys: signature only, no policy); keep it and
 * call `verify` per scan. `verify` never throws.
 */
export class VoucherVerifier {
  private readonly byIndex = new Map<number, KeyEntry>();
  private readonly byKid = new Map<string, KeyEntry>();
  private readonly statusLists = new Map<number, StatusList>();
  private bundle: TrustBundleContent | undefined;
  private readonly skewMs: number;
  private readonly hostDetails = new Map<string, string>();

  private constructor(
    private readonly options: VerifierOptions & { trustAnchors?: readonly unknown[] },
    private readonly jwksEntries: KeyEntry[] = [],
  ) {
    const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
    if (!Number.isFinite(skew) || skew < 0) throw new ShianError("invalid-input", "clockSkewSeconds must be ≥ 0");
    this.skewMs = skew * 1000;
  }

  static async fromBundle(options: BundleVerifierOptions): Promise<VoucherVerifier> {
    const verifier = new VoucherVerifier(options);
    await verifier.updateBundle(options.bundle, { minVersion: options.minBundleVersion ?? 0, now: options.now });
    for (const list of options.statusLists ?? []) await verifier.addStatusList(list, { now: options.now });
    return verifier;
  }

  static async fromJwks(jwks: unknown, options: VerifierOptions = {}): Promise<VoucherVerifier> {
    const parsed = Jwks.safeParse(jwks);
    if (!parsed.success) throw new ShianError("invalid-input", "not a JWKS of Ed25519 or P-256 public keys");
    const entries = await Promise.all(
      parsed.data.keys.map(async (jwk) => ({
        kid: await jwkThumbprint(jwk),
        keyIndex: -1,
        verifier: await importVerifier(jwk, options.backend),
      })),
    );
    return new VoucherVerifier(options, entries);
  }

  get bundleVersion(): number | undefined {
    return this.bundle?.version;
  }

  get bundleContent(): TrustBundleContent | undefined {
    return this.bundle;
  }

  /** Replaces the trust bundle with a newer one; older or equal versions are refused. */
  async updateBundle(jws: string, { minVersion, now = new Date() }: { minVersion?: number; now?: Date | undefined } = {}): Promise<void> {
    const anchors = this.options.trustAnchors;
    if (!anchors) throw new ShianError("invalid-input", "this verifier was built from a JWKS and has no trust anchors");
    const content = await verifyTrustBundle(jws, anchors);
    const floor = Math.max(minVersion ?? 0, this.bundle ? this.bundle.version + 1 : 0);
    if (content.version < floor) {
      throw new ShianError("stale-bundle", `trust bundle version ${content.version} is older than ${floor}`);
    }
    if (Date.parse(content.expiresAt) + this.skewMs < now.getTime()) {
      throw new ShianError("stale-bundle", `trust bundle expired at ${content.expiresAt}`);
    }
    const entries: KeyEntry[] = [];
    for (const issuer of content.issuers) {
      for (const key of issuer.keys) {
        entries.push({
          kid: await jwkThumbprint(key.jwk),
          keyIndex: key.keyIndex,
          verifier: await importVerifier(key.jwk, this.options.backend),
          issuer,
          key,
        });
      }
    }
    this.byIndex.clear();
    this.byKid.clear();
    for (const entry of entries) {
      this.byIndex.set(entry.keyIndex, entry);
      this.byKid.set(entry.kid, entry);
    }
    this.bundle = content;
  }

  /**
   * Adds a status list. It must be signed by a key in the bundle whose issuer owns the
   * namespace or is a regulator, and be newer than the list already held for the namespace.
   */
  async addStatusList(jws: string, { now = new Date() }: { now?: Date | undefined } = {}): Promise<void> {
    if (!this.bundle) throw new ShianError("invalid-status-list", "status lists need a trust bundle");
    const signer = this.byKid.get(readStatusListKid(jws));
    if (!signer?.issuer || !signer.key) throw new ShianError("invalid-status-list", "the status list is signed by a key not in the bundle");
    if (signer.key.revokedAt) throw new ShianError("invalid-status-list", "the status list is signed by a revoked key");
    const list = await verifyStatusList(jws, signer.verifier.publicJwk as PublicJwk);
    const { namespace, version, expiresAt } = list.content;
    if (!signer.issuer.roles.includes("regulator") && !signer.issuer.namespaces.includes(namespace)) {
      throw new ShianError("invalid-status-list", `issuer ${signer.issuer.id} does not own namespace ${namespace}`);
    }
    const held = this.statusLists.get(namespace);
    if (held && version <= held.content.version) {
      throw new ShianError("stale-status-list", `status list version ${version} is not newer than ${held.content.version}`);
    }
    if (Date.parse(expiresAt) + this.skewMs < now.getTime()) {
      throw new ShianError("stale-status-list", `status list expired at ${expiresAt}`);
    }
    this.statusLists.set(namespace, list);
  }

  /** Verifies a voucher URL or voucher JWS. Never throws. */
  async verify(input: string, options: VerifyOptions = {}): Promise<VerificationResult> {
    const at = options.at ?? new Date();
    const checks: VerificationCheck[] = [];
    const result: VerificationResult = {
      valid: false,
      status: "unchecked",
      checks,
      trust: this.bundle ? { source: "bundle", version: this.bundle.version } : { source: "jwks", keys: this.jwksEntries.length },
      at: Number.isNaN(at.getTime()) ? "invalid" : at.toISOString(),
    };
    try {
      if (Number.isNaN(at.getTime())) throw new ShianError("invalid-input", "verification time is not a valid date");
      const pending = this.run(input, at, result, options);
      if (pending) await pending;
      result.valid = true;
    } catch (error) {
      const failure = isShianError(error) ? error : new ShianError("malformed", "the voucher could not be processed");
      result.error = { code: failure.code, message: failure.message };
      const last = checks[checks.length - 1];
      if (!last || last.ok) checks.push({ check: checkFor(failure.code), ok: false, detail: failure.message });
    }
    return result;
  }

  /** Runs every check; synchronous (returns undefined) when no signature needs checking. */
  private run(input: string, at: Date, result: VerificationResult, options: VerifyOptions): Promise<void> | undefined {
    const { checks } = result;
    // A JWKS verifier always checks the signature, so it always decodes.
    const decoded = options.preverified && options.known && this.bundle ? this.knownVoucher(input, options.known) : decodeVoucher(input);
    const { claims, payload, signature } = decoded;
    const code = parseTraceCode(claims.code);
    if (!code.ok) throw new ShianError("malformed", "voucher code is not a trace code");
    result.voucher = { claims, keyIndex: decoded.keyIndex, alg: decoded.alg, printedCode: formatTraceCodeForPrint(code.parts) };
    checks.push({ check: "format", ok: true, detail: `format v${decoded.version}, ${claims.type} voucher ${claims.code}` });

    if (!this.bundle) return this.jwksSigner(decoded, payload, signature, checks).then((entry) => this.checkSigned(decoded, code.parts, entry, at, result, options));
    const entry = this.bundleSigner(decoded, checks);
    if (options.preverified === true) {
      checks.push({ check: "signature", ok: true, detail: PREVERIFIED_DETAIL[decoded.alg] });
      this.checkSigned(decoded, code.parts, entry, at, result, options);
      return undefined;
    }
    return entry.verifier.verify(signingInput(decoded.alg, payload), signature).then((good) => {
      if (!good) throw new ShianError("bad-signature");
      checks.push({ check: "signature", ok: true, detail: `${decoded.alg} signature verified` });
      this.checkSigned(decoded, code.parts, entry, at, result, options);
    });
  }

  /** The checks after the signature: key and issuer, policy, times and status. */
  private checkSigned(decoded: DecodedVoucher, parts: TraceCodeParts, entry: KeyEntry, at: Date, result: VerificationResult, options: VerifyOptions): void {
    result.key = { kid: entry.kid, keyIndex: decoded.keyIndex };
    if (entry.issuer) result.issuer = { id: entry.issuer.id, name: entry.issuer.name, roles: entry.issuer.roles };
    if (this.bundle && entry.issuer && entry.key) this.checkPolicy(decoded, parts.namespace, entry, decoded.host, at, result.checks);
    this.checkTimes(decoded, at, result.at, result.checks);
    if (!options.liveStatus) this.checkStatus(decoded.claims.code, parts, decoded.claims.batchCode, result);
  }

  /** A voucher URL whose decoded content the caller vouches for (see `VerifyOptions.known`). */
  private knownVoucher(input: string, known: { claims: VoucherClaims; keyIndex: number }): DecodedVoucher {
    if (!/^https?:/i.test(input)) return decodeVoucher(input);
    const { baseUrl, host } = splitVoucherUrl(input);
    // An unknown index keeps EdDSA here and fails as unknown-key in bundleSigner.
    const alg = this.byIndex.get(known.keyIndex)?.verifier.alg ?? "EdDSA";
    return { version: FORMAT_VERSION, keyIndex: known.keyIndex, alg, claims: known.claims, baseUrl, host, payload: NO_BYTES, signature: NO_BYTES };
  }

  /** The bundle key the voucher names, checked to be of the voucher's algorithm. */
  private bundleSigner(decoded: VoucherPayload, checks: VerificationCheck[]): KeyEntry {
    const entry = this.byIndex.get(decoded.keyIndex);
    if (!entry) throw new ShianError("unknown-key", `no trusted key has index ${decoded.keyIndex}`);
    if (entry.verifier.alg !== decoded.alg) {
      throw new ShianError("unknown-key", `key index ${decoded.keyIndex} is an ${entry.verifier.alg} key, the voucher says ${decoded.alg}`);
    }
    checks.push({ check: "key", ok: true, detail: detailsOf(entry).key });
    return entry;
  }

  /** The JWKS key whose signature matches (a JWKS verifier always checks the signature). */
  private async jwksSigner(decoded: VoucherPayload, payload: Uint8Array, signature: Uint8Array, checks: VerificationCheck[]): Promise<KeyEntry> {
    const input = signingInput(decoded.alg, payload);
    const candidates = this.jwksEntries.filter((entry) => entry.verifier.alg === decoded.alg);
    if (candidates.length === 0) throw new ShianError("unknown-key", `no ${decoded.alg} key in the JWKS`);
    checks.push({ check: "key", ok: true, detail: `${candidates.length} ${decoded.alg} key(s) from a JWKS; no roles, namespaces or validity known` });
    for (const entry of candidates) {
      if (await entry.verifier.verify(input, signature)) {
        checks.push({ check: "signature", ok: true, detail: `${decoded.alg} signature verified with ${entry.kid}` });
        return entry;
      }
    }
    throw new ShianError("bad-signature");
  }

  private checkPolicy(decoded: VoucherPayload, namespace: number, entry: KeyEntry, host: string | undefined, at: Date, checks: VerificationCheck[]): void {
    const { claims } = decoded;
    const issuer = entry.issuer!;
    const key = entry.key!;
    const details = detailsOf(entry);
    const hosts = this.bundle!.resolverHosts;
    if (host !== undefined && hosts.length > 0) {
      if (!hosts.includes(host)) throw new ShianError("host-not-allowed", `host ${host} is not a trusted resolver host`);
      checks.push({ check: "host", ok: true, detail: this.hostDetail(host) });
    }
    if (Date.parse(this.bundle!.expiresAt) + this.skewMs < at.getTime()) {
      throw new ShianError("stale-bundle", `trust bundle expired at ${this.bundle!.expiresAt}`);
    }
    if (key.revokedAt) throw new ShianError("key-revoked", `key index ${key.keyIndex} was revoked at ${key.revokedAt}`);
    const issued = Date.parse(claims.issuedAt);
    if (issued + this.skewMs < details.notBeforeMs) throw new ShianError("key-not-yet-valid", `signed ${claims.issuedAt}, key valid from ${key.notBefore}`);
    if (issued - this.skewMs > details.notAfterMs) throw new ShianError("key-expired", `signed ${claims.issuedAt}, key valid until ${key.notAfter}`);
    checks.push({ check: "key-validity", ok: true, detail: details.validity });
    if (!issuer.namespaces.includes(namespace)) {
      throw new ShianError("namespace-not-allowed", `${issuer.id} may not issue codes in namespace ${namespace}`);
    }
    let namespaceDetail = details.namespaces.get(namespace);
    if (namespaceDetail === undefined) details.namespaces.set(namespace, (namespaceDetail = `namespace ${namespace} belongs to ${issuer.id}`));
    checks.push({ check: "namespace", ok: true, detail: namespaceDetail });
    if (!rolesMayIssue(issuer.roles, claims.type)) {
      throw new ShianError("type-not-allowed", `roles ${issuer.roles.join(", ")} may not issue ${claims.type} vouchers`);
    }
    let roleDetail = details.roles.get(claims.type);
    if (roleDetail === undefined) details.roles.set(claims.type, (roleDetail = `${issuer.roles.join(", ")} may issue ${claims.type} vouchers`));
    checks.push({ check: "role", ok: true, detail: roleDetail });
  }

  /** The host check's detail, one string per host. */
  private hostDetail(host: string): string {
    let detail = this.hostDetails.get(host);
    if (detail === undefined) {
      if (this.hostDetails.size >= 64) this.hostDetails.clear();
      this.hostDetails.set(host, (detail = `resolver host ${host} is trusted`));
    }
    return detail;
  }

  private checkTimes({ claims }: VoucherPayload, at: Date, atText: string, checks: VerificationCheck[]): void {
    const now = at.getTime();
    if (Date.parse(claims.issuedAt) - this.skewMs > now) throw new ShianError("not-yet-valid", `issued ${claims.issuedAt}, after ${atText}`);
    if (claims.expiresAt && Date.parse(claims.expiresAt) + this.skewMs < now) throw new ShianError("expired", `expired ${claims.expiresAt}`);
    checks.push({ check: "time", ok: true, detail: `valid at ${atText} (±${this.skewMs / 1000} s)` });
  }

  private checkStatus(code: string, parts: TraceCodeParts, batchCode: string | undefined, result: VerificationResult): void {
    const found: string[] = [];
    let worst: StatusValue | undefined;
    const batch = batchCode === undefined ? undefined : parseTraceCode(batchCode);
    const subjects: Array<[string, TraceCodeParts]> = [[`voucher ${code}`, parts]];
    if (batch?.ok) subjects.push([`batch ${batchCode}`, batch.parts]);
    for (const [label, { namespace, serial }] of subjects) {
      const status = this.statusLists.get(namespace)?.statusOf(serial);
      if (status === undefined) {
        found.push(`${label}: no status list covers it`);
        continue;
      }
      found.push(`${label}: ${status}`);
      if (!worst || statusRank[status] > statusRank[worst]) worst = status;
    }
    result.status = worst ?? "unchecked";
    const detail = found.join("; ");
    if (worst && worst !== "valid") {
      result.checks.push({ check: "status", ok: false, detail });
      throw new ShianError(worst as ShianErrorCode, detail);
    }
    result.checks.push({ check: "status", ok: true, detail });
  }
}

function checkFor(code: ShianErrorCode): VerificationCheck["check"] {
  switch (code) {
    case "unknown-key":
      return "key";
    case "bad-signature":
      return "signature";
    case "host-not-allowed":
      return "host";
    case "key-revoked":
    case "key-expired":
    case "key-not-yet-valid":
    case "stale-bundle":
      return "key-validity";
    case "namespace-not-allowed":
      return "namespace";
    case "type-not-allowed":
      return "role";
    case "not-yet-valid":
    case "expired":
      return "time";
    case "revoked":
    case "suspended":
    case "recalled":
      return "status";
    default:
      return "format";
  }
}

export const createOfflineVerifier = (options: BundleVerifierOptions) => VoucherVerifier.fromBundle(options);
export const createJwksVerifier = (jwks: unknown, options?: VerifierOptions) => VoucherVerifier.fromJwks(jwks, options);
