import type { PageLocale } from "./html";

export interface DashboardStrings {
  title: string;
  period: (days: number, since: string) => string;
  summary: string;
  tests: string;
  failed: string;
  openReports: string;
  overdueTasks: string;
  flaggedCodes: string;
  testsByRegion: string;
  testsByItem: string;
  testsDescription: string;
  grades: string;
  gradesDescription: string;
  gradeNames: Record<"A" | "B" | "C" | "none", string>;
  scansByRegion: string;
  scansDescription: string;
  unknownRegion: string;
  reportStatuses: Record<"received" | "investigating", string>;
  flagReasons: Record<string, string>;
  voucher: string;
  reason: string;
  regions: string;
  lastSeen: string;
  task: string;
  region: string;
  deadline: string;
  status: string;
  none: string;
  switchTo: string;
  timeZone: string;
}

export const DASHBOARD_STRINGS: Record<PageLocale, DashboardStrings> = {
  "zh-CN": {
    title: "监管驾驶舱",
    period: (days, since) => `近 ${days} 天（自 ${since} 起）`,
    summary: "概况",
    tests: "快检",
    failed: "不合格",
    openReports: "待处理举报",
    overdueTasks: "超期协管任务",
    flaggedCodes: "疑似复制码",
    testsByRegion: "各省快检及不合格数（按批次产地）",
    testsByItem: "各检测项目快检及不合格数",
    testsDescription: "蓝色条为快检次数，红色部分为其中不合格的次数。",
    grades: "商户等级分布（三色码）",
    gradesDescription: "每个条为当前处于该等级的商户数。",
    gradeNames: { A: "A 级（绿）", B: "B 级（黄）", C: "C 级（红）", none: "未评级" },
    scansByRegion: "各省扫码次数",
    scansDescription: "每个条为该省的扫码次数；地区取自扫码应用或网络位置，不记录个人信息。",
    unknownRegion: "未知地区",
    reportStatuses: { received: "待受理", investigating: "调查中" },
    flagReasons: { "over-scanned": "扫码次数超出数量", "distant-regions": "短时间内异地扫码" },
    voucher: "凭证",
    reason: "原因",
    regions: "地区",
    lastSeen: "最近发现",
    task: "任务",
    region: "地区",
    deadline: "截止",
    status: "状态",
    none: "暂无",
    switchTo: "English",
    timeZone: "北京时间",
  },
  en: {
    title: "Regulator dashboard",
    period: (days, since) => `Last ${days} days (since ${since})`,
    summary: "Summary",
    tests: "Rapid tests",
    failed: "Failed",
    openReports: "Open reports",
    overdueTasks: "Overdue co-supervision tasks",
    flaggedCodes: "Possible copied codes",
    testsByRegion: "Rapid tests and failures by province (of the batch's origin)",
    testsByItem: "Rapid tests and failures by test item",
    testsDescription: "Blue bars count rapid tests; the red part counts the failed ones.",
    grades: "Grade distribution of businesses",
    gradesDescription: "Each bar counts the businesses currently at that grade.",
    gradeNames: { A: "A (green)", B: "B (yellow)", C: "C (red)", none: "Not graded" },
    scansByRegion: "Scans by province",
    scansDescription: "Each bar counts the scans in that province; the region comes from the scanner app or the network location, no personal data is kept.",
    unknownRegion: "Unknown region",
    reportStatuses: { received: "Received", investigating: "Investigating" },
    flagReasons: { "over-scanned": "Scanned more often than its quantity allows", "distant-regions": "Scanned in distant provinces within a short time" },
    voucher: "Voucher",
    reason: "Reason",
    regions: "Regions",
    lastSeen: "Last seen",
    task: "Task",
    region: "Region",
    deadline: "Deadline",
    status: "Status",
    none: "None",
    switchTo: "中文",
    timeZone: "Beijing time",
  },
};
