import type { PageLocale } from "./html";

export interface MerchantStrings {
  title: string;
  invalid: string;
  invalidAdvice: string;
  noGrade: string;
  /** The advice line under a grade, from the rule set's label of it (优秀, 良好, 一般, 较差…). */
  gradeAdvice: (label: string) => string;
  noInspections: string;
  belowMinimum: string;
  reason: string;
  businessType: string;
  licence: string;
  licenceUntil: string;
  licenceStates: Record<"valid" | "expiring" | "expired" | "none", string>;
  uscc: string;
  address: string;
  responsible: string;
  hours: string;
  inspections: string;
  average: string;
  ruleSet: string;
  window: string;
  keyItemsFailed: string;
  health: string;
  healthStates: Record<"valid" | "expiring" | "expired", string>;
  healthNote: string;
  tests: string;
  noTests: string;
  batch: string;
  sources: string;
  origin: string;
  report: string;
  reportText: string;
  reportCall: string;
  reportId: string;
  reportOnline: string;
  switchTo: string;
  timeZone: string;
  computedAt: string;
  signed: string;
}

export const MERCHANT_STRINGS: Record<PageLocale, MerchantStrings> = {
  "zh-CN": {
    title: "一店一码",
    invalid: "码无效",
    invalidAdvice: "无法核验此商户码，可能是伪造或已作废，请向市场监管部门反映。",
    noGrade: "暂无等级",
    gradeAdvice: (label) => `食品安全监督量化分级：${label}。等级由监管部门的检查结果计算得出。`,
    noInspections: "近期暂无监督检查记录。",
    belowMinimum: "近期检查平均分低于评级标准，不予评级。",
    reason: "原因",
    businessType: "经营类型",
    licence: "许可证",
    licenceUntil: "有效期至",
    licenceStates: { valid: "有效", expiring: "即将到期", expired: "已过期", none: "未登记许可证" },
    uscc: "信用代码",
    address: "地址",
    responsible: "负责人",
    hours: "营业时间",
    inspections: "监督检查",
    average: "平均分",
    ruleSet: "评定规则",
    window: "统计期间",
    keyItemsFailed: "关键项不合格",
    health: "从业人员健康证",
    healthStates: { valid: "有效", expiring: "30天内到期", expired: "已过期" },
    healthNote: "仅显示数量，不公开个人信息。",
    tests: "在售商品快检",
    noTests: "暂无快检记录。",
    batch: "批次",
    sources: "进货来源",
    origin: "产地",
    report: "投诉举报",
    reportText: "发现食品安全问题？请拨打市场监管投诉举报热线，并提供下方商户编号。",
    reportCall: "拨打",
    reportId: "商户编号",
    reportOnline: "在线匿名举报（不露面，可凭身份代码领奖）",
    switchTo: "English",
    timeZone: "北京时间",
    computedAt: "等级计算于",
    signed: "商户码由平台签名",
  },
  en: {
    title: "Merchant code",
    invalid: "Not valid",
    invalidAdvice: "This merchant code could not be verified: it may be forged or withdrawn. Please tell the market regulator.",
    noGrade: "No grade yet",
    gradeAdvice: (label) => `Food-safety grading: ${label.toLowerCase()}. Computed from the regulator's inspections.`,
    noInspections: "No supervision inspection in the grading period.",
    belowMinimum: "Recent inspections average below the lowest grade: no grade.",
    reason: "Reason",
    businessType: "Business type",
    licence: "Licence",
    licenceUntil: "Valid until",
    licenceStates: { valid: "Valid", expiring: "Expiring soon", expired: "Expired", none: "No licence on file" },
    uscc: "Credit code",
    address: "Address",
    responsible: "Responsible",
    hours: "Opening hours",
    inspections: "Inspections",
    average: "Average",
    ruleSet: "Rules",
    window: "Period",
    keyItemsFailed: "Key items failed",
    health: "Staff health certificates",
    healthStates: { valid: "Valid", expiring: "Expire in 30 days", expired: "Expired" },
    healthNote: "Counts only; no personal data is shown.",
    tests: "Rapid tests of goods sold here",
    noTests: "No rapid tests on record.",
    batch: "Batch",
    sources: "Where the goods come from",
    origin: "Origin",
    report: "Report a problem",
    reportText: "Found a food-safety problem? Call the market-regulation complaints hotline and give the merchant number below.",
    reportCall: "Call",
    reportId: "Merchant number",
    reportOnline: "Report online, anonymously (claim any reward with your identity code)",
    switchTo: "中文",
    timeZone: "Beijing time",
    computedAt: "Grade computed",
    signed: "merchant code signed by the platform",
  },
};
