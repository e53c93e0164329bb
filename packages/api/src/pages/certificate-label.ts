import { type CommitmentCertificate, labelOf, lookupRegion } from "@shian/schemas";
import { encodeQr, type QrCode } from "@shian/sdk";
import { escapeHtml as e } from "./html";

/** Label printers' resolutions: 8 dots/mm (203 dpi) thermal printers and 12 dots/mm (300 dpi). */
export const LABEL_DPIS = [203, 300] as const;
export type LabelDpi = (typeof LABEL_DPIS)[number];

/** The printed label: 80 × 60 mm, the common size of 合格证 labels on scale printers. */
export const LABEL_MM = { width: 80, height: 60 } as const;

export interface LabelText {
  x: number;
  /** Baseline. */
  y: number;
  size: number;
  text: string;
  bold: boolean;
}

/** Everything in printer dots: one layout drawn as SVG or rasterised to PNG. */
export interface LabelLayout {
  dpi: LabelDpi;
  width: number;
  height: number;
  qr: { x: number; y: number; moduleDots: number; code: QrCode };
  texts: LabelText[];
  /** Filled rectangles (frame lines). */
  rules: Array<{ x: number; y: number; w: number; h: number }>;
}

/** Approximate advance of a character at `size`: CJK and full-width forms are square, others about half. */
export function advance(ch: string, size: number): number {
  const cp = ch.codePointAt(0)!;
  return cp >= 0x2e80 || (cp >= 0x2010 && cp <= 0x2027) || cp === 0x2611 || cp === 0x2610 ? size : size * 0.56;
}

function wrap(text: string, maxWidth: number, size: number, indent = 0): string[] {
  const lines: string[] = [];
  let line = "";
  let width = 0;
  for (const ch of text) {
    const w = advance(ch, size);
    if (width + w > maxWidth - (lines.length > 0 ? indent : 0) && line) {
      lines.push(line);
      line = "";
      width = 0;
    }
    line += ch;
    width += w;
  }
  if (line) lines.push(line);
  return lines;
}

function quantityText(certificate: CommitmentCertificate): string {
  if (certificate.netWeightGrams !== undefined) {
    const grams = certificate.netWeightGrams;
    return grams >= 1000 ? `${(grams / 1000).toLocaleString("zh-CN", { maximumFractionDigits: 3 })} 千克` : `${grams} 克`;
  }
  const q = certificate.quantity!;
  if (q.unit === "gram") return q.value >= 1000 ? `${(q.value / 1000).toLocaleString("zh-CN", { maximumFractionDigits: 3 })} 千克` : `${q.value} 克`;
  return `${q.value} ${labelOf("QuantityUnit", q.unit, "zh-CN") ?? q.unit}`;
}

/** The mandatory fields as the label prints them (Chinese, as the rule's template). */
export function labelLines(certificate: CommitmentCertificate): Array<[string, string]> {
  const origin = lookupRegion(certificate.origin.region)?.path.join("") ?? certificate.origin.region;
  return [
    ["食用农产品名称", certificate.productName],
    ["数量（重量）", quantityText(certificate)],
    ["产地", `${origin}${certificate.origin.detail ? ` ${certificate.origin.detail}` : ""}`],
    [certificate.form === "collector" ? "收购者" : "生产者", certificate.issuer.name],
    ["联系方式", certificate.issuer.phone],
    ["开具日期", certificate.issueDate],
    ["承诺依据", certificate.bases.map((basis) => labelOf("CommitmentBasis", basis, "zh-CN") ?? basis).join("、")],
  ];
}

/** Lays out the label at a printer resolution: QR top right (modules on whole dots), fields left, commitments below. */
export function layoutLabel(certificate: CommitmentCertificate, url: string, printedCode: string, dpi: LabelDpi): LabelLayout {
  const mm = (value: number) => Math.round((value * dpi) / 25.4);
  const width = mm(LABEL_MM.width);
  const height = mm(LABEL_MM.height);
  const pad = mm(2.5);
  const code = encodeQr(url, { ecc: "M" });
  const qrTarget = mm(27);
  const moduleDots = Math.max(2, Math.floor(qrTarget / (code.size + 2)));
  const qrSide = (code.size + 2) * moduleDots;
  const qr = { x: width - pad - qrSide, y: pad + mm(1), moduleDots, code };
  const texts: LabelText[] = [];
  const size = mm(2.4);
  const line = Math.round(size * 1.32);
  const title = mm(3.6);
  texts.push({ x: pad, y: pad + title, size: title, text: "承诺达标合格证", bold: true });
  let y = pad + title + mm(1.6);
  const columnWidth = qr.x - pad - mm(1.5);
  for (const [name, value] of labelLines(certificate)) {
    for (const [i, text] of wrap(`${name}：${value}`, columnWidth, size).entries()) {
      y += line;
      texts.push({ x: pad + (i > 0 ? mm(2) : 0), y, size, text, bold: false });
    }
  }
  const codeSize = mm(1.9);
  texts.push({ x: qr.x + moduleDots, y: qr.y + qrSide + codeSize + mm(0.6), size: codeSize, text: `追溯码 ${printedCode}`, bold: false });
  y = Math.max(y, qr.y + qrSide + codeSize + mm(1.2)) + mm(1.2);
  const rules = [{ x: pad, y, w: width - 2 * pad, h: Math.max(1, mm(0.25)) }];
  y += mm(0.8);
  const full = width - 2 * pad;
  for (const text of wrap("我承诺对生产销售的食用农产品：", full, size)) texts.push({ x: pad, y: (y += line), size, text, bold: true });
  for (const statement of certificate.commitments) {
    for (const [i, text] of wrap(`√ ${labelOf("CommitmentStatement", statement, "zh-CN") ?? statement}`, full, size, mm(3)).entries()) {
      texts.push({ x: pad + (i > 0 ? mm(3) : 0), y: (y += line), size, text, bold: false });
    }
  }
  const signature = `${labelOf("SignatureMethod", certificate.signature.method, "zh-CN") ?? certificate.signature.method}（数字签名已核验，扫码查看）`;
  for (const text of wrap(`签名或盖章：${signature}`, full, size)) texts.push({ x: pad, y: (y += line), size, text, bold: false });
  if (y > height - pad / 2) {
    // Long names or many bases: shrink everything below the title rather than cut it off.
    const scale = (height - pad - (pad + title)) / (y - (pad + title));
    for (const text of texts.slice(1)) {
      text.y = Math.round(pad + title + (text.y - pad - title) * scale);
      text.size = Math.max(8, Math.floor(text.size * scale));
    }
    for (const rule of rules) rule.y = Math.round(pad + title + (rule.y - pad - title) * scale);
  }
  return { dpi, width, height, qr, texts, rules };
}

/** The label as SVG: physical size in millimetres, drawn on the printer's dot grid. */
export function labelSvg(layout: LabelLayout): string {
  const { qr } = layout;
  let d = "";
  const m = qr.moduleDots;
  qr.code.modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      d += `M${qr.x + (start + 1) * m} ${qr.y + (y + 1) * m}h${(x - start + 1) * m}v${m}h-${(x - start + 1) * m}z`;
    }
  });
  const font = `font-family="'WenQuanYi Micro Hei','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif"`;
  const texts = layout.texts
    .map((t) => `<text x="${t.x}" y="${t.y}" font-size="${t.size}"${t.bold ? ' font-weight="bold"' : ""}>${e(t.text)}</text>`)
    .join("");
  const rules = layout.rules.map((r) => `<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}"/>`).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LABEL_MM.width}mm" height="${LABEL_MM.height}mm" viewBox="0 0 ${layout.width} ${layout.height}" data-dpi="${layout.dpi}" shape-rendering="crispEdges"><rect width="${layout.width}" height="${layout.height}" fill="#fff"/><g fill="#000" ${font}>${rules}<path d="${d}"/>${texts}</g></svg>`;
}
