/** Display words for an enum value, so the API, a scan page and a POS all say the same thing. */
export interface Label {
  "zh-CN": string;
  en: string;
}
export type Locale = keyof Label;
export const LOCALES: readonly Locale[] = ["zh-CN", "en"];

export type LabelMap<T extends string> = { readonly [K in T]: Label };

/** Defines an enum's values and their labels in one place; the values keep their order. */
export function labelledEnum<const T extends string>(labels: LabelMap<T>) {
  return { values: Object.keys(labels) as [T, ...T[]], labels };
}
