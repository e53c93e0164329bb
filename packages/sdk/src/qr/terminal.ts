import { requireInteger } from "./options";
import type { QrCode } from "./types";

export interface TerminalOptions {
  /** Quiet zone in modules. */
  margin?: number;
  /**
   * By default the glyphs draw the light modules and the quiet zone, for the usual light text on a
   * dark terminal; set for dark text on a light terminal, so the glyphs draw the dark modules.
   */
  invert?: boolean;
}

const GLYPH = [" ", "▄", "▀", "█"] as const; // index: top ink × 2 + bottom ink

/** Two module rows a text line, in Unicode half blocks; lines end with "\n" except the last. */
export function toTerminal(qr: QrCode, options: TerminalOptions = {}): string {
  const margin = requireInteger("margin", options.margin ?? 2, 0, 64);
  const inkIsDark = options.invert ?? false;
  const side = qr.size + 2 * margin;
  const ink = (y: number, x: number): boolean => {
    if (y >= side) return false;
    const dark = qr.modules[y - margin]?.[x - margin] ?? false;
    return dark === inkIsDark;
  };

  const lines: string[] = [];
  for (let y = 0; y < side; y += 2) {
    let line = "";
    for (let x = 0; x < side; x++) line += GLYPH[(ink(y, x) ? 2 : 0) + (ink(y + 1, x) ? 1 : 0)];
    lines.push(line);
  }
  return lines.join("\n");
}
