import { QrError } from "./errors";
import { requireInteger } from "./options";
import type { QrCode } from "./types";

export interface SvgOptions {
  /** Sets width and height to this many user units a module; without it the SVG scales to its box. */
  moduleSize?: number;
  /** Quiet zone in modules. */
  margin?: number;
  /** Fill of dark modules; default black. */
  dark?: string;
  /** Background fill; default white, "none" for transparent. */
  light?: string;
}

/** One background rect and one path holding a rectangle for each horizontal run of dark modules. */
export function toSvg(qr: QrCode, options: SvgOptions = {}): string {
  const margin = requireInteger("margin", options.margin ?? 4, 0, 64);
  const dark = attribute(options.dark ?? "#000");
  const light = attribute(options.light ?? "#fff");
  const side = qr.size + 2 * margin;

  let size = "";
  if (options.moduleSize !== undefined) {
    const moduleSize = options.moduleSize;
    if (!Number.isFinite(moduleSize) || moduleSize <= 0) {
      throw new QrError("qr-invalid-options", "moduleSize must be a positive number");
    }
    size = ` width="${side * moduleSize}" height="${side * moduleSize}"`;
  }

  let d = "";
  qr.modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      const run = x - start + 1;
      d += `M${start + margin} ${y + margin}h${run}v1h-${run}z`;
    }
  });

  const background = light === "none" ? "" : `<rect width="${side}" height="${side}" fill="${light}"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}"${size} shape-rendering="crispEdges">` +
    `${background}<path fill="${dark}" d="${d}"/></svg>`
  );
}

function attribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
