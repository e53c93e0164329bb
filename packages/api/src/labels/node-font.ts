import { readFile } from "node:fs/promises";
import type { LabelFontLoader } from "../services/labels";

/** TrueType fonts with Chinese glyphs found on common Linux systems; LABEL_FONT overrides. */
export const SYSTEM_LABEL_FONTS = [
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
  "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
  "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
  "/usr/share/fonts/truetype/arphic/uming.ttc",
];

/** Node only: reads LABEL_FONT or the first system font that exists. */
export const nodeLabelFont: LabelFontLoader = async () => {
  for (const path of [process.env.LABEL_FONT, ...SYSTEM_LABEL_FONTS]) {
    if (!path) continue;
    try {
      return new Uint8Array(await readFile(path));
    } catch {
      // try the next one
    }
  }
  return undefined;
};
