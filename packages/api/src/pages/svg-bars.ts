import { escapeHtml as e } from "./html";

export interface Bar {
  label: string;
  value: number;
  /** A part of the value drawn over it in the accent colour (e.g. failed of all tests). */
  part?: number;
  /** Fill of the bar (default blue). */
  colour?: string;
}

export interface BarChartOptions {
  /** Element id; the title and description ids derive from it. */
  id: string;
  title: string;
  /** Read by screen readers after the title, e.g. what the bars and the accent part count. */
  description: string;
  /** Shown when there are no bars. */
  empty: string;
  /** Words for the accent part in each bar's accessible label, e.g. "failed". */
  partName?: string;
}

const ROW = 26;
const WIDTH = 360;
const LABEL_W = 118;
const VALUE_W = 62;
const BAR_W = WIDTH - LABEL_W - VALUE_W;
/** Room for a label left of the bars, in SVG units at font size 12. */
const LABEL_ROOM = LABEL_W - 10;
/** Estimated advance of a character at font size 12: CJK and other wide characters take a full em. */
const advance = (ch: string) => (ch.codePointAt(0)! >= 0x2e80 ? 12 : 7);

/** The label cut with an ellipsis where it would run past the left edge (the full label stays in the bar's accessible name). */
function shorten(text: string): string {
  let width = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    width += advance(chars[i]!);
    if (width > LABEL_ROOM) {
      let cut = i;
      while (cut > 0 && chars.slice(0, cut).reduce((w, ch) => w + advance(ch), 0) + 12 > LABEL_ROOM) cut--;
      return `${chars.slice(0, cut).join("")}…`;
    }
  }
  return text;
}

/**
 * A horizontal bar chart as inline SVG (no script, no external resource): scales to the page
 * width, one `<g class="bar">` per bar with `data-label` / `data-value` (and `data-part`), an
 * accessible name per bar, the title and description for the whole chart.
 */
export function barChart(bars: Bar[], options: BarChartOptions): string {
  const titleId = `${options.id}-title`;
  const descId = `${options.id}-desc`;
  if (bars.length === 0) return `<figure class="chart" id="${e(options.id)}"><figcaption>${e(options.title)}</figcaption><p class="empty">${e(options.empty)}</p></figure>`;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = bars.length * ROW + 4;
  const rows = bars
    .map((bar, i) => {
      const y = i * ROW + 4;
      const w = (bar.value / max) * BAR_W;
      const partW = bar.part ? (bar.part / max) * BAR_W : 0;
      const name = `${bar.label}: ${bar.value}${bar.part !== undefined && options.partName ? `, ${options.partName} ${bar.part}` : ""}`;
      return `<g class="bar" role="listitem" aria-label="${e(name)}" data-label="${e(bar.label)}" data-value="${bar.value}"${bar.part !== undefined ? ` data-part="${bar.part}"` : ""}><title>${e(name)}</title>`
        + `<text class="label" x="${LABEL_W - 6}" y="${y + 15}" text-anchor="end">${e(shorten(bar.label))}</text>`
        + `<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${ROW - 8}" rx="2" fill="${e(bar.colour ?? "#0969da")}"/>`
        + (partW > 0 ? `<rect class="part" x="${LABEL_W}" y="${y}" width="${partW.toFixed(1)}" height="${ROW - 8}" rx="2" fill="#cf222e"/>` : "")
        + `<text class="value" x="${(LABEL_W + w + 4).toFixed(1)}" y="${y + 15}">${bar.value}${bar.part ? ` (${bar.part})` : ""}</text></g>`;
    })
    .join("");
  return `<figure class="chart" id="${e(options.id)}"><figcaption>${e(options.title)}</figcaption>`
    + `<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" font-size="12"><title id="${titleId}">${e(options.title)}</title><desc id="${descId}">${e(options.description)}</desc><g role="list">${rows}</g></svg></figure>`;
}
