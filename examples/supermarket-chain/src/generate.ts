/** `pnpm generate [rows] [file]`: writes a store-system export (default 10,000 rows to .data/store-export.csv). */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateExport } from "./store-export";

const rows = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(rows) || rows < 1) throw new Error("rows must be a whole number ≥ 1");
const out = resolve(process.argv[3] ?? fileURLToPath(new URL("../.data/store-export.csv", import.meta.url)));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, generateExport(rows));
console.log(`${rows.toLocaleString("en")} items written to ${out}`);
