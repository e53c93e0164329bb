import type { CheckName } from "@shian/sdk";

export type Locale = "zh-CN" | "en";
/** What the scanner shows for one voucher. */
export type ScanState = "valid" | "invalid" | "suspended" | "recalled" | "revoked";

export interface Strings {
  title: string;
  switchTo: string;
  start: string;
  stop: string;
  scanning: string;
  cameraFailed: string;
  noCamera: string;
  notVoucher: string;
  pasteLabel: string;
  pastePlaceholder: string;
  verify: string;
  pickImage: string;
  noQrInImage: string;
  online: string;
  offline: string;
  trustNone: string;
  trustSummary: (bundle: number, lists: number, when: string) => string;
  trustRefreshing: string;
  trustRefreshFailed: string;
  trustExpired: string;
  trustUntrusted: string;
  refresh: string;
  reset: string;
  states: Record<ScanState, { heading: string; advice: string }>;
  verifiedOffline: (bundle: number) => string;
  liveStatus: string;
  detailsLoading: string;
  detailsOffline: string;
  detailsFailed: string;
  product: string;
  origin: string;
  quantity: string;
  issuer: string;
  issuedAt: string;
  code: string;
  batch: string;
  type: string;
  tests: string;
  noTests: string;
  upstream: string;
  recallReason: string;
  reason: string;
  checks: string;
  checkNames: Record<CheckName, string>;
  errors: Partial<Record<string, string>>;
  noStatusList: string;
  kg: string;
  g: string;
  pieces: string;
  timeZone: string;
  colon: string;
}

export const STRINGS: Record<Locale, Strings> = {
  "zh-CN": {
    title: "食安扫码",
    switchTo: "English",
    start: "扫码",
    stop: "停止",
    scanning: "请将二维码对准取景框",
    cameraFailed: "无法打开摄像头",
    noCamera: "此浏览器不能使用摄像头，可粘贴凭证网址或选择图片。",
    notVoucher: "这不是食安追溯凭证的二维码",
    pasteLabel: "凭证网址",
    pastePlaceholder: "粘贴或输入凭证网址",
    verify: "核验",
    pickImage: "选择图片",
    noQrInImage: "图片中没有找到二维码",
    online: "在线",
    offline: "离线",
    trustNone: "尚无核验数据：请先联网打开一次。",
    trustSummary: (bundle, lists, when) => `信任包 v${bundle} · 状态列表 ${lists} 个 · 更新于 ${when}`,
    trustRefreshing: "正在更新核验数据…",
    trustRefreshFailed: "核验数据更新失败，继续使用本机缓存",
    trustExpired: "本机核验数据已过期或早于已接受的版本，请联网更新。",
    trustUntrusted: "信任包的签名与本机保存的根密钥不符，已拒绝。",
    refresh: "更新",
    reset: "清除",
    states: {
      valid: { heading: "凭证有效", advice: "签名与签发方已核验，批次状态正常。" },
      invalid: { heading: "凭证无效", advice: "无法核验此凭证，请勿据此购买，可向市场监管部门反映。" },
      suspended: { heading: "暂停销售", advice: "该批次快检不合格或正在复检，暂停销售，请勿食用。" },
      recalled: { heading: "已召回", advice: "该批次已被召回，请勿食用，可联系售卖方退货。" },
      revoked: { heading: "已撤销", advice: "该凭证已被签发方撤销，不能作为购货凭证。" },
    },
    verifiedOffline: (bundle) => `本机离线核验 · 信任包 v${bundle}`,
    liveStatus: "服务器实时状态",
    detailsLoading: "正在获取详细信息…",
    detailsOffline: "离线：详细信息（批次、快检、上游）需联网获取",
    detailsFailed: "未能获取详细信息",
    product: "品名",
    origin: "产地",
    quantity: "数量",
    issuer: "签发方",
    issuedAt: "签发时间",
    code: "追溯码",
    batch: "批次",
    type: "凭证类型",
    tests: "快检结果",
    noTests: "暂无快检记录",
    upstream: "上游批次",
    recallReason: "召回原因",
    reason: "原因",
    checks: "核验项目",
    checkNames: { format: "凭证格式", key: "签名密钥", signature: "数字签名", host: "查询网址", "key-validity": "密钥有效期", namespace: "编码归属", role: "签发权限", time: "签发时间", status: "状态" },
    errors: {
      malformed: "凭证格式不正确，可能被篡改或不完整",
      "bad-signature": "签名不符，凭证可能被篡改或伪造",
      "unknown-key": "签发密钥未登记",
      expired: "凭证已过期",
      "not-yet-valid": "签发时间在未来",
      "key-revoked": "签发密钥已被吊销",
      "key-expired": "签发时密钥已过期",
      "namespace-not-allowed": "签发方无权使用此追溯码",
      "type-not-allowed": "签发方无权签发此类凭证",
      "host-not-allowed": "凭证网址不是受信任的查询地址",
      "stale-bundle": "本机核验数据已过期",
      suspended: "该批次暂停销售",
      recalled: "该批次已被召回",
      revoked: "该凭证已被撤销",
    },
    noStatusList: "本机没有此编码的状态列表，未能离线核对召回状态",
    kg: "千克",
    g: "克",
    pieces: "件",
    timeZone: "北京时间",
    colon: "：",
  },
  en: {
    title: "Shian scanner",
    switchTo: "中文",
    start: "Scan",
    stop: "Stop",
    scanning: "Point the camera at the QR code",
    cameraFailed: "Could not open the camera",
    noCamera: "This browser cannot use a camera: paste a voucher URL or pick an image.",
    notVoucher: "This QR code is not a Shian trace voucher",
    pasteLabel: "Voucher URL",
    pastePlaceholder: "Paste or type a voucher URL",
    verify: "Verify",
    pickImage: "Pick an image",
    noQrInImage: "No QR code found in the image",
    online: "Online",
    offline: "Offline",
    trustNone: "No verification data yet: open this page online once.",
    trustSummary: (bundle, lists, when) => `Trust bundle v${bundle} · ${lists} status list${lists === 1 ? "" : "s"} · updated ${when}`,
    trustRefreshing: "Updating verification data…",
    trustRefreshFailed: "Could not update the verification data; using the copy on this device",
    trustExpired: "The verification data on this device has expired or is older than a version already accepted: go online to update it.",
    trustUntrusted: "The trust bundle is not signed by the authority key kept on this device; refused.",
    refresh: "Update",
    reset: "Clear",
    states: {
      valid: { heading: "Valid voucher", advice: "Signature and issuer verified; the batch is in good standing." },
      invalid: { heading: "Not valid", advice: "This voucher could not be verified. Do not rely on it; you can report it to the regulator." },
      suspended: { heading: "Sale suspended", advice: "This batch failed a rapid test or is being re-tested. Its sale is suspended; do not eat it." },
      recalled: { heading: "Recalled", advice: "This batch has been recalled. Do not eat it; return it to the seller." },
      revoked: { heading: "Revoked", advice: "The issuer has revoked this voucher; it is no proof of purchase." },
    },
    verifiedOffline: (bundle) => `Verified offline on this device · trust bundle v${bundle}`,
    liveStatus: "Live status from the server",
    detailsLoading: "Fetching details…",
    detailsOffline: "Offline: details (batch, rapid tests, upstream) need a connection",
    detailsFailed: "Could not fetch the details",
    product: "Product",
    origin: "Origin",
    quantity: "Quantity",
    issuer: "Issued by",
    issuedAt: "Issued at",
    code: "Trace code",
    batch: "Batch",
    type: "Voucher type",
    tests: "Rapid tests",
    noTests: "No rapid tests recorded",
    upstream: "Upstream batches",
    recallReason: "Recall reason",
    reason: "Reason",
    checks: "What was checked",
    checkNames: { format: "Format", key: "Signing key", signature: "Signature", host: "Resolver address", "key-validity": "Key validity", namespace: "Code namespace", role: "Issuer's role", time: "Issue time", status: "Status" },
    errors: {
      malformed: "The voucher is malformed: it may have been altered or cut short",
      "bad-signature": "The signature does not match: the voucher may have been altered or forged",
      "unknown-key": "The signing key is not registered",
      expired: "The voucher has expired",
      "not-yet-valid": "The voucher says it was issued in the future",
      "key-revoked": "The signing key has been revoked",
      "key-expired": "The signing key had expired when this was signed",
      "namespace-not-allowed": "The issuer may not use this trace code",
      "type-not-allowed": "The issuer may not issue this kind of voucher",
      "host-not-allowed": "The voucher's address is not a trusted resolver",
      "stale-bundle": "The verification data on this device has expired",
      suspended: "The voucher's batch is suspended",
      recalled: "The voucher's batch has been recalled",
      revoked: "The voucher has been revoked",
    },
    noStatusList: "No status list for this code on this device: recalls could not be checked offline",
    kg: "kg",
    g: "g",
    pieces: "pcs",
    timeZone: "Beijing time",
    colon: ": ",
  },
};

/** zh, zh-* → zh-CN; en, en-* → en; anything else undefined. */
export function localeOfTag(tag: string | null | undefined): Locale | undefined {
  const match = /^(zh|en)(?:-[a-z0-9]{1,8})*$/i.exec(tag?.trim() ?? "");
  if (!match) return undefined;
  return match[1]!.toLowerCase() === "en" ? "en" : "zh-CN";
}

/** The first of the browser's languages that is Chinese or English; Chinese otherwise. */
export function defaultLocale(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const locale = localeOfTag(tag);
    if (locale) return locale;
  }
  return "zh-CN";
}

/** An ISO time as Beijing time, to the minute. */
export function beijing(iso: string | undefined, t: Strings): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms) ? "" : `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ")} ${t.timeZone}`;
}
