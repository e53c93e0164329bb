import type { VerificationResult } from "@shian/sdk";
import { EVIDENCE, type ScanResult } from "./scan";
import type { VoucherView } from "./vouchers";

const text = JSON.stringify as (value: string) => string;
const optionalText = (value: string | null) => (value === null ? "null" : text(value));

/**
 * JSON text with every non-ASCII character written as a \u escape: the same JSON, but a
 * one-byte string, so the answer it is part of stays one-byte: a string joined from one
 * two-byte part is two-byte, and the Node adapter flattens it and measures its UTF-8 length
 * the slow way on every answer.
 * Used for the parts made once and reused (evidence, recurring checks, issuers).
 */
export function asciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (!NON_ASCII.test(json)) return json;
  // replace() on a two-byte string returns a two-byte string even when every character is ASCII;
  // decoding the ASCII bytes gives the one-byte string.
  return asciiDecoder.decode(asciiEncoder.encode(json.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)));
}
const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_ALL = /[\u007f-\uffff]/g;
const asciiEncoder = new TextEncoder();
const asciiDecoder = new TextDecoder();

/**
 * A scan result as JSON text, equal (as JSON) to `JSON.stringify(result)`. The batch evidence
 * (batch, upstream chain, tests, recall) is the same for every voucher of a batch until the
 * status epoch moves, so its serialised form is made once and kept with the cached evidence.
 * A valid voucher registered here is written member by member in the fixed shape of a scan
 * result, its claims serialised once for the two places they appear; anything else (no
 * evidence, an error, a voucher not stored here) goes through JSON.stringify.
 */
export function scanResultJson(result: ScanResult): string {
  const evidence = result[EVIDENCE];
  if (!evidence || result.batch !== evidence.batch || result.upstream !== evidence.upstream || result.tests !== evidence.tests || result.recall !== evidence.recall) {
    return JSON.stringify(result);
  }
  evidence.json ??= asciiJson({ batch: evidence.batch, upstream: evidence.upstream, tests: evidence.tests, recall: evidence.recall }).slice(1, -1);
  const { verification, voucher, issuer } = result;
  const own =
    voucher && issuer && verification.voucher?.claims === voucher.claims && !verification.error
      ? validMembers(result, verification, voucher, issuer)
      : JSON.stringify({ state: result.state, url: result.url, verification: result.verification, issuer: result.issuer, voucher: result.voucher }).slice(1, -1);
  return `{${own},${evidence.json}}`;
}

/**
 * The members of a valid result about a stored voucher; its claims (in the verification and the
 * voucher) are serialised once, ASCII-escaped: claims carry Chinese names, and one two-byte part
 * would make the whole answer two-byte, to be flattened and measured again when it is sent.
 */
function validMembers(result: ScanResult, verification: VerificationResult, voucher: VoucherView, issuer: NonNullable<ScanResult["issuer"]>): string {
  const claims = asciiJson(voucher.claims);
  const url = text(result.url);
  return `"state":${text(result.state)},"url":${url},"verification":${verificationJson(verification, claims)},"issuer":${issuerJson(issuer)},"voucher":${voucherJson(voucher, claims, voucher.url === result.url ? url : text(voucher.url))}`;
}

function verificationJson(v: VerificationResult, claims: string): string {
  let checks = "";
  for (const check of v.checks) checks += `${checks ? "," : ""}${checkJson(check)}`;
  const decoded = v.voucher!;
  let out = `{"valid":${v.valid},"status":${text(v.status)},"checks":[${checks}],"trust":${trustJson(v.trust)},"at":${text(v.at)}`;
  out += `,"voucher":{"claims":${claims},"keyIndex":${decoded.keyIndex},"alg":${text(decoded.alg)},"printedCode":${text(decoded.printedCode)}}`;
  if (v.key) out += `,"key":${keyJson(v.key)}`;
  if (v.issuer) out += `,"issuer":${issuerJson(v.issuer)}`;
  return `${out}}`;
}

function voucherJson(voucher: VoucherView, claims: string, url: string): string {
  return `{"code":${text(voucher.code)},"url":${url},"type":${text(voucher.type)},"orgId":${text(voucher.orgId)},"batchCode":${optionalText(voucher.batchCode)},"buyerOrgId":${optionalText(voucher.buyerOrgId)},"keyIndex":${voucher.keyIndex},"claims":${claims},"status":${text(voucher.status)},"createdAt":${text(voucher.createdAt)}}`;
}

/** Checks whose detail is the same for every voucher of a key (key, signature, host, validity, namespace, role). */
const RECURRING = ["key", "signature", "host", "key-validity", "namespace", "role"];
/** Their JSON text by check and detail: the verifier hands out the same detail strings, so a lookup hashes nothing new. */
const recurringChecks = new Map<string, Map<string, string>>(RECURRING.map((name) => [name, new Map()]));

function checkJson(check: VerificationResult["checks"][number]): string {
  const known = check.ok ? recurringChecks.get(check.check) : undefined;
  let json = known?.get(check.detail);
  if (json === undefined) {
    json = known ? asciiJson(check) : `{"check":${text(check.check)},"ok":${check.ok},"detail":${text(check.detail)}}`;
    if (known) {
      if (known.size >= 256) known.clear();
      known.set(check.detail, json);
    }
  }
  return json;
}

type IssuerView = { id: string; name: string; role: string } | { id: string; name: string; roles: string[] };
/** Issuer JSON by issuer id (the result's issuer with `role`, the verification's with `roles`), checked against the values each time. */
const issuerTexts = { role: new Map<string, { name: string; roles: string; json: string }>(), roles: new Map<string, { name: string; roles: string; json: string }>() };

function issuerJson(issuer: IssuerView): string {
  const form = "role" in issuer ? "role" : "roles";
  const roles = "role" in issuer ? issuer.role : issuer.roles.join(",");
  const texts = issuerTexts[form];
  const kept = texts.get(issuer.id);
  if (kept && kept.name === issuer.name && kept.roles === roles) return kept.json;
  if (texts.size >= 256) texts.clear();
  const json = asciiJson("role" in issuer ? { id: issuer.id, name: issuer.name, role: issuer.role } : { id: issuer.id, name: issuer.name, roles: issuer.roles });
  texts.set(issuer.id, { name: issuer.name, roles, json });
  return json;
}

/** The trust member, the same for every scan at one bundle version. */
let lastTrust: { source: string; version: number; json: string } | undefined;
function trustJson(trust: VerificationResult["trust"]): string {
  const version = trust.source === "bundle" ? trust.version : trust.keys;
  if (lastTrust?.source !== trust.source || lastTrust.version !== version) lastTrust = { source: trust.source, version, json: JSON.stringify(trust) };
  return lastTrust.json;
}

/** The key member by kid (the verifier's string, the same for every voucher of the key). */
const keyTexts = new Map<string, { keyIndex: number; json: string }>();
function keyJson(key: NonNullable<VerificationResult["key"]>): string {
  const kept = keyTexts.get(key.kid);
  if (kept && kept.keyIndex === key.keyIndex) return kept.json;
  if (keyTexts.size >= 256) keyTexts.clear();
  const json = JSON.stringify({ kid: key.kid, keyIndex: key.keyIndex });
  keyTexts.set(key.kid, { keyIndex: key.keyIndex, json });
  return json;
}
