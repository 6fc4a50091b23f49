/**
 * Writes functions/domain/holiday-table.ts, the holiday notices the calendar reads, from npm `chinese-days`:
 * `npm run holidays:table`. Only the dates are kept (functions/domain/holiday-notices.ts). test/unit/calendar
 * .test.ts fails when the written table and the package's disagree.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import data from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { encodeNotices } from "../functions/domain/holiday-notices";

const path = join(import.meta.dirname, "..", "functions", "domain", "holiday-table.ts");
const lines = Object.entries(encodeNotices(data)).map(
  ([year, notice]) => `  ${year}: ${JSON.stringify(notice).replace(/"(\w+)":/g, "$1: ")},`,
);
writeFileSync(
  path,
  [
    "// Written by `npm run holidays:table` from chinese-days; edit the package version, not this.",
    "// Per year with a notice: its holidays and adjusted working days (调休) as space-separated MMDD.",
    'import type { Notice } from "./holiday-notices";',
    "",
    "export const HOLIDAY_NOTICES: Readonly<Record<number, Notice>> = {",
    ...lines,
    "};",
    "",
  ].join("\n"),
);
// In the layout biome keeps (the lint step checks generated files too).
execFileSync("npx", ["biome", "format", "--write", path], { stdio: "inherit" });
console.log(`holiday table written to ${path}`);
