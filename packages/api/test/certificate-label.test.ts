/**
 * PNG labels (Node, with a system CJK TrueType font): the label rasterised at 203 and 300 dpi
 * has the printer's pixel size and resolution, its QR decodes to the certificate URL, and the
 * text is drawn (ink in the field area). Images go to test-output/ for people to look at.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeLabelFont, SYSTEM_LABEL_FONTS } from "../src/labels/node-font";
import { TrueTypeFont } from "../src/labels/truetype";
import { setDefaultLabelFontLoader } from "../src/services/labels";
import { createHarness, type Harness, type TestOrg } from "./harness";
import { certificateBody } from "./certificate-fixtures";

// The SDK's test decoders (jsQR, pngjs), resolved from its package.
const sdkRequire = createRequire(fileURLToPath(new URL("../../sdk/package.json", import.meta.url)));
const jsQR = sdkRequire("jsqr") as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const { PNG } = sdkRequire("pngjs") as { PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } } };

const OUT = fileURLToPath(new URL("../test-output/", import.meta.url));
const font = SYSTEM_LABEL_FONTS.find((path) => existsSync(path));

let h: Harness;
let farm: TestOrg;
let cert: { code: string; url: string };

describe.skipIf(!font && !process.env.LABEL_FONT)("certificate labels as PNG (system CJK font)", () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    setDefaultLabelFontLoader(nodeLabelFont);
    h = await createHarness();
    farm = await h.org("producer", { name: "华宁县绿源蔬菜种植专业合作社" });
    const reply = await h.call("POST", "/v1/certificates", { key: farm.key, json: certificateBody({ issuer: { phone: "13987712345" } }) });
    expect(reply.status, reply.text).toBe(201);
    cert = reply.body;
  });
  afterAll(() => h?.close());

  it("reads the font's cmap, advances and outlines", async () => {
    const parsed = new TrueTypeFont((await nodeLabelFont())!);
    for (const ch of "承诺达标合格证菜心A1") {
      const glyph = parsed.glyphIndex(ch.codePointAt(0)!);
      expect(glyph, ch).toBeGreaterThan(0);
      expect(parsed.advance(glyph)).toBeGreaterThan(0);
      expect(parsed.outline(glyph).length, ch).toBeGreaterThan(0);
    }
  });

  for (const [dpi, width, height] of [[203, 639, 480], [300, 945, 709]] as const) {
    it(`${dpi} dpi: ${width} × ${height} px, pHYs ${dpi} dpi, the QR decodes to the certificate URL, text is inked`, async () => {
      const reply = await h.app.request(`/v1/certificates/${cert.code}/label?format=png&dpi=${dpi}`, { headers: { authorization: `Bearer ${farm.key}` } });
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toBe("image/png");
      const bytes = Buffer.from(await reply.arrayBuffer());
      writeFileSync(`${OUT}certificate-label-${dpi}.png`, bytes);
      const png = PNG.sync.read(bytes);
      expect([png.width, png.height]).toEqual([width, height]);
      const phys = bytes.indexOf(Buffer.from("pHYs"));
      expect(phys).toBeGreaterThan(0);
      expect(Math.round(bytes.readUInt32BE(phys + 4) * 0.0254)).toBe(dpi);
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(decoded?.data).toBe(cert.url);
      // The field column (left of the QR, below the title) carries ink: the text is drawn.
      let ink = 0;
      for (let y = Math.round(height * 0.12); y < Math.round(height * 0.5); y++) {
        for (let x = Math.round(width * 0.03); x < Math.round(width * 0.5); x++) if (png.data[(y * width + x) * 4]! < 128) ink++;
      }
      expect(ink).toBeGreaterThan(width * height * 0.01);
    });
  }
});

describe("certificate labels as PNG without a font", () => {
  it("answers 409 no-label-font (SVG still works)", async () => {
    setDefaultLabelFontLoader(async () => undefined);
    const bare = await createHarness();
    try {
      const org = await bare.org("producer");
      const issued = await bare.call("POST", "/v1/certificates", { key: org.key, json: certificateBody({ issuer: { phone: "13987712345" } }) });
      const png = await bare.call("GET", `/v1/certificates/${issued.body.code}/label?format=png`, { key: org.key });
      expect([png.status, png.body.code]).toEqual([409, "no-label-font"]);
      expect((await bare.call("GET", `/v1/certificates/${issued.body.code}/label`, { key: org.key })).status).toBe(200);
    } finally {
      bare.close();
    }
  });
});
