import type { CheckName } from "@shian/sdk";
import type { ScanState } from "../services/scan";
import type { PageLocale } from "./html";

export interface ScanStrings {
  title: string;
  states: Record<ScanState, { heading: string; advice: string }>;
  product: string;
  origin: string;
  quantity: string;
  issuer: string;
  issuedAt: string;
  code: string;
  batch: string;
  tests: string;
  noTests: string;
  onVoucher: string;
  upstream: string;
  recallReason: string;
  recalledAt: string;
  checks: string;
  checkNames: Record<CheckName, string>;
  switchTo: string;
  reason: string;
  testFailed: string;
  colon: string;
  errors: Partial<Record<string, string>>;
  kg: string;
  g: string;
  pieces: string;
  timeZone: string;
  checkedAt: string;
}

export const SCAN_STRINGS: Record<PageLocale, ScanStrings> = {
  "zh-CN": {
    title: "食品追溯凭证",
    states: {
      valid: { heading: "凭证有效", advice: "签名与签发方已核验，批次状态正常。" },
      invalid: { heading: "凭证无效", advice: "无法核验此凭证，请勿据此购买，可向市场监管部门反映。" },
      suspended: { heading: "暂停销售", advice: "该批次快检不合格或正在复检，暂停销售，请勿食用。" },
      recalled: { heading: "已召回", advice: "该批次已被召回，请勿食用，可联系售卖方退货。" },
      revoked: { heading: "已撤销", advice: "该凭证已被签发方撤销，不能作为购货凭证。" },
    },
    product: "品名",
    origin: "产地",
    quantity: "数量",
    issuer: "签发方",
    issuedAt: "签发时间",
    code: "追溯码",
    batch: "批次",
    tests: "快检结果",
    noTests: "暂无快检记录",
    onVoucher: "凭证记载",
    upstream: "上游批次",
    recallReason: "召回原因",
    recalledAt: "召回时间",
    checks: "核验项目",
    checkNames: { format: "凭证格式", key: "签名密钥", signature: "数字签名", host: "查询网址", "key-validity": "密钥有效期", namespace: "编码归属", role: "签发权限", time: "签发时间", status: "状态" },
    switchTo: "English",
    reason: "原因",
    testFailed: "快检不合格",
    colon: "：",
    errors: {
      malformed: "凭证格式不正确，可能被篡改或不完整",
      "bad-signature": "签名不符，凭证可能被篡改或伪造",
      "unknown-key": "签发密钥未登记",
      expired: "凭证已过期",
      "not-yet-valid": "签发时间在未来",
      "key-revoked": "签发密钥已被吊销",
      "namespace-not-allowed": "签发方无权使用此追溯码",
      "type-not-allowed": "签发方无权签发此类凭证",
      "host-not-allowed": "凭证网址不是受信任的查询地址",
    },
    kg: "千克",
    g: "克",
    pieces: "件",
    timeZone: "北京时间",
    checkedAt: "核验于",
  },
  en: {
    title: "Food trace voucher",
    states: {
      valid: { heading: "Valid voucher", advice: "Signature and issuer verified; the batch is in good standing." },
      invalid: { heading: "Not valid", advice: "This voucher could not be verified. Do not rely on it; you can report it to the regulator." },
      suspended: { heading: "Sale suspended", advice: "This batch failed a rapid test or is being re-tested. Its sale is suspended; do not eat it." },
      recalled: { heading: "Recalled", advice: "This batch has been recalled. Do not eat it; return it to the seller." },
      revoked: { heading: "Revoked", advice: "The issuer has revoked this voucher; it is no proof of purchase." },
    },
    product: "Product",
    origin: "Origin",
    quantity: "Quantity",
    issuer: "Issued by",
    issuedAt: "Issued at",
    code: "Trace code",
    batch: "Batch",
    tests: "Rapid tests",
    noTests: "No rapid tests recorded",
    onVoucher: "On the voucher",
    upstream: "Upstream batches",
    recallReason: "Recall reason",
    recalledAt: "Recalled at",
    checks: "What was checked",
    checkNames: { format: "Format", key: "Signing key", signature: "Signature", host: "Resolver address", "key-validity": "Key validity", namespace: "Code namespace", role: "Issuer's role", time: "Issue time", status: "Status" },
    switchTo: "中文",
    reason: "Reason",
    testFailed: "Rapid test failed",
    colon: ": ",
    errors: {},
    kg: "kg",
    g: "g",
    pieces: "pcs",
    timeZone: "Beijing time",
    checkedAt: "Checked",
  },
};
