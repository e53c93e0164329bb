/**
 * GS1 Digital Link figures (issue 9), in process:
 * - `dl.parse_per_s`: parseDigitalLink on 2,000 generated URIs (GTIN with lot, serial and
 *   expiry; SSCC; GLN; GRAI; GIAI), each AI's format and check digit validated.
 * - Baseline: GS1's own toolkit (GS1DigitalLinkToolkit.js, shipped in digital-link.js) extracting
 *   the same URIs in the same run, and the WHATWG URL parser alone; ratios against both.
 *   Every URI is also checked to parse to the same AIs in both before timing starts.
 */
import { createRequire } from "node:module";
import { digitalLinkElements, gs1CheckDigit, parseDigitalLink } from "@shian/schemas";
import { prng } from "../packages/sdk/test/seeded";
import { opsPerSecond, progress, report } from "./measure";

const URIS = 2_000;
type AiMap = Record<string, string>;
// The toolkit is a development dependency of packages/schemas (its cross-check tests use it).
const requireFromSchemas = createRequire(new URL("../packages/schemas/package.json", import.meta.url));
const Toolkit = requireFromSchemas("digital-link.js/lib/GS1DigitalLinkCompressionPrototype/GS1DigitalLinkToolkit.js") as new () => {
  extractFromGS1digitalLink(uri: string): { GS1: AiMap };
};

function generatedUris(count: number): string[] {
  const rand = prng(9);
  const int = (n: number) => Math.floor(rand() * n);
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join("");
  const withCheck = (body: string) => body + gs1CheckDigit(body);
  const text = (max: number) => Array.from({ length: 1 + int(max) }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-"[int(35)]).join("");
  const expiry = () => `${26 + int(4)}${String(1 + int(12)).padStart(2, "0")}${String(1 + int(28)).padStart(2, "0")}`;
  const uris: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = int(10);
    if (kind < 6) {
      const gtin = withCheck(digits(13));
      const tail = rand() < 0.5 ? `/10/${text(20)}` : `/10/${text(12)}/21/${text(20)}`;
      uris.push(`https://id.gs1.org/01/${gtin}${tail}${rand() < 0.6 ? `?17=${expiry()}` : ""}`);
    } else if (kind === 6) uris.push(`https://id.gs1.org/00/${withCheck(digits(17))}`);
    else if (kind === 7) uris.push(`https://id.gs1.org/414/${withCheck(digits(12))}`);
    else if (kind === 8) uris.push(`https://id.gs1.org/8003/0${withCheck(digits(12))}${text(8)}`);
    else uris.push(`https://id.gs1.org/8004/${withCheck(digits(12))}${text(10)}`);
  }
  return uris;
}

export async function benchGs1(): Promise<void> {
  const uris = generatedUris(URIS);
  const toolkit = new Toolkit();
  progress(`GS1 Digital Link: ${URIS} URIs, checked against GS1's toolkit first`);
  for (const uri of uris) {
    const ours = Object.fromEntries(digitalLinkElements(parseDigitalLink(uri)).map((e) => [e.ai, e.value]));
    const theirs = toolkit.extractFromGS1digitalLink(uri).GS1;
    if (JSON.stringify(Object.entries(ours).sort()) !== JSON.stringify(Object.entries(theirs).sort())) {
      throw new Error(`parsers disagree on ${uri}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
    }
  }
  let i = 0;
  const next = () => uris[i++ % URIS]!;
  const ours = await opsPerSecond(() => parseDigitalLink(next()));
  const gs1Toolkit = await opsPerSecond(() => toolkit.extractFromGS1digitalLink(next()));
  const urlOnly = await opsPerSecond(() => new URL(next()));
  report("dl.parse_per_s", Math.round(ours), "URIs/s");
  report("dl.gs1_toolkit_parse_per_s", Math.round(gs1Toolkit), "URIs/s");
  report("dl.ratio_vs_gs1_toolkit", ours / gs1Toolkit, "ratio");
  report("dl.ratio_vs_url_parse", ours / urlOnly, "ratio");
}
