/**
 * Self-inspection templates (自查表) per business type, as data: the items a business checks
 * itself and how often (catering and retail weekly, following 日管控、周排查、月调度; farms and
 * collectors monthly). A self-inspection older than `everyDays` makes the business overdue.
 */
export interface SelfInspectionTemplate {
  id: string;
  name: { "zh-CN": string; en: string };
  businessTypes: string[];
  everyDays: number;
  items: Array<{ code: string; title: string; keyItem: boolean }>;
}

export const SELF_INSPECTION_TEMPLATES: readonly SelfInspectionTemplate[] = [
  {
    id: "catering-weekly-v1",
    name: { "zh-CN": "餐饮服务食品安全周排查表", en: "Catering weekly food-safety check" },
    businessTypes: ["restaurant", "canteen"],
    everyDays: 7,
    items: [
      { code: "C1", title: "食品经营许可证合法有效并公示", keyItem: true },
      { code: "C2", title: "从业人员健康证明在有效期内", keyItem: true },
      { code: "C3", title: "进货查验记录完整，索证索票齐全", keyItem: true },
      { code: "C4", title: "餐饮具清洗消毒并保洁存放", keyItem: true },
      { code: "C5", title: "原料、半成品、成品分开存放，生熟分开", keyItem: false },
      { code: "C6", title: "冷藏冷冻设施温度正常", keyItem: false },
      { code: "C7", title: "食品添加剂专人专柜管理并记录", keyItem: false },
      { code: "C8", title: "防鼠防虫设施完好", keyItem: false },
    ],
  },
  {
    id: "retail-weekly-v1",
    name: { "zh-CN": "食品销售周排查表", en: "Food retail weekly check" },
    businessTypes: ["stall", "supermarket", "wholesaler", "wholesale-market"],
    everyDays: 7,
    items: [
      { code: "R1", title: "营业执照、许可证（备案）公示", keyItem: true },
      { code: "R2", title: "进货查验记录及销售凭证完整", keyItem: true },
      { code: "R3", title: "无过期、变质、标签不全食品", keyItem: true },
      { code: "R4", title: "食用农产品快检结果公示", keyItem: false },
      { code: "R5", title: "储存温度、卫生条件符合要求", keyItem: false },
      { code: "R6", title: "从业人员健康证明在有效期内", keyItem: false },
    ],
  },
  {
    id: "farm-monthly-v1",
    name: { "zh-CN": "食用农产品生产收购月自查表", en: "Farm produce monthly check" },
    businessTypes: ["producer", "collector"],
    everyDays: 30,
    items: [
      { code: "F1", title: "农业投入品购买、使用记录完整", keyItem: true },
      { code: "F2", title: "遵守农药安全间隔期、兽药休药期", keyItem: true },
      { code: "F3", title: "上市前自检或委托检测", keyItem: false },
      { code: "F4", title: "按规定开具承诺达标合格证", keyItem: false },
    ],
  },
];

export function templateFor(businessType: string): SelfInspectionTemplate | undefined {
  return SELF_INSPECTION_TEMPLATES.find((template) => template.businessTypes.includes(businessType));
}
