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
  tests: string;
  noTests: string;
  upstream: string;
  recallReason: string;
  checks: string;
  switchTo: string;
  reason: string;
}

export const SCAN_STRINGS: Record<PageLocale, ScanStrings> = {
  "zh-CN": {
    title: "食品追溯凭证",
    states: {
      valid: { heading: "凭证有效", advice: "签名与来源已核验，批次状态正常。" },
      invalid: { heading: "凭证无效", advice: "无法核验此凭证，请勿据此购买，可向市场监管部门反映。" },
      suspended: { heading: "暂停销售", advice: "该批次快检不合格或正在复检，暂停销售。" },
      recalled: { heading: "已召回", advice: "该批次已被召回，请勿食用，可联系售卖方退货。" },
      revoked: { heading: "已撤销", advice: "该凭证已被签发方撤销。" },
    },
    product: "品名",
    origin: "产地",
    quantity: "数量",
    issuer: "签发方",
    issuedAt: "签发时间",
    code: "追溯码",
    tests: "快检结果",
    noTests: "暂无快检记录",
    upstream: "上游批次",
    recallReason: "召回原因",
    checks: "核验项目",
    switchTo: "English",
    reason: "原因",
  },
  en: {
    title: "Food trace voucher",
    states: {
      valid: { heading: "Valid voucher", advice: "Signature and issuer verified; the batch is in good standing." },
      invalid: { heading: "Not valid", advice: "This voucher could not be verified. Do not rely on it; you can report it to the regulator." },
      suspended: { heading: "Sale suspended", advice: "This batch failed a rapid test or is being re-tested; its sale is suspended." },
      recalled: { heading: "Recalled", advice: "This batch has been recalled. Do not eat it; return it to the seller." },
      revoked: { heading: "Revoked", advice: "The issuer has revoked this voucher." },
    },
    product: "Product",
    origin: "Origin",
    quantity: "Quantity",
    issuer: "Issued by",
    issuedAt: "Issued at",
    code: "Trace code",
    tests: "Rapid tests",
    noTests: "No rapid tests recorded",
    upstream: "Upstream batches",
    recallReason: "Recall reason",
    checks: "What was checked",
    switchTo: "中文",
    reason: "Reason",
  },
};
