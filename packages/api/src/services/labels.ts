import { ApiError } from "../errors/api-error";
import { encodeGreyPng, rasterizeLabel } from "../labels/raster";
import { TrueTypeFont } from "../labels/truetype";
import type { LabelLayout } from "../pages/certificate-label";

/** Returns the bytes of a TrueType (glyf) font with CJK glyphs, or undefined when there is none. */
export type LabelFontLoader = () => Promise<Uint8Array | undefined>;

let defaultLoader: LabelFontLoader = async () => undefined;

/**
 * Sets the font loader of services created afterwards: the Node entry (and Node tests) point it
 * at a system font (src/labels/node-font.ts); on Workers, a font uploaded as an asset could be
 * given the same way. Without a font, SVG labels still work; PNG labels answer 409 no-label-font.
 */
export function setDefaultLabelFontLoader(loader: LabelFontLoader): void {
  defaultLoader = loader;
}

/** Rasterises label layouts to PNG with the configured font (loaded once). */
export class LabelService {
  private font: Promise<TrueTypeFont | undefined> | undefined;

  constructor(private readonly loader: LabelFontLoader = defaultLoader) {}

  private loadFont(): Promise<TrueTypeFont | undefined> {
    this.font ??= this.loader().then((bytes) => (bytes ? new TrueTypeFont(bytes) : undefined));
    return this.font;
  }

  async png(layout: LabelLayout): Promise<Uint8Array> {
    const font = await this.loadFont();
    if (!font) throw new ApiError("conflict", "no label font is configured on this server: PNG labels need one (SVG labels do not)", { detailCode: "no-label-font" });
    return encodeGreyPng(rasterizeLabel(layout, font), layout.dpi);
  }
}
