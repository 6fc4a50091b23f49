import { parseArgs } from "node:util";
import * as z from "zod";
import { simulate } from "./simulator/run";
import { provinceShape } from "./simulator/shape";

/**
 * `npm run simulate -- --enterprises 2000 --months 3 --seed 1 [--start 2026-01] [--json]
 * [--transport http|direct] [--concurrency 16] [--hazards-per-enterprise-year 0.6] [--accidents-per-year A]
 * [--counties 130 --cities 16 [--province 530000]] [--store memory|disk]`: a run of the filing cycle,
 * hazards (general and major: listing, progress, extensions, acceptance, escalation) and accident cases on
 * the embedded stack with a virtual clock. `--transport` says how filings and hazard and accident requests
 * reach duban. `--accidents-per-year` defaults to one per 200 enterprises. County-scale by default
 * (保山市's counties, 东城区, 仙桃市); with `--counties` a province's shape (simulator/shape.ts).
 * `--store disk` keeps the table in LevelDB files of a temporary folder instead of the store process's
 * memory. Exits 0 when every invariant held, 1 when one did not, 2 on bad arguments.
 */
const Args = z.object({
  enterprises: z
    .string()
    .regex(/^\d+$/, "--enterprises is a whole number, e.g. 2000")
    .transform(Number)
    .pipe(
      z.number().int().min(1, "--enterprises is at least 1").max(100_000, "--enterprises is at most 100000"),
    ),
  months: z
    .string()
    .regex(/^\d+$/, "--months is a whole number, e.g. 3")
    .transform(Number)
    .pipe(z.number().int().min(1, "--months is at least 1").max(36, "--months is at most 36")),
  seed: z
    .string()
    .regex(/^\d+$/, "--seed is a whole number, e.g. 1")
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .max(2 ** 32 - 1, "--seed is at most 4294967295"),
    ),
  start: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "--start is a month YYYY-MM, e.g. 2026-01"),
  transport: z.enum(["http", "direct"], { error: "--transport is http or direct" }),
  store: z.enum(["memory", "disk"], { error: "--store is memory or disk" }),
  concurrency: z
    .string()
    .regex(/^\d+$/, "--concurrency is a whole number, e.g. 16")
    .transform(Number)
    .pipe(z.number().int().min(1, "--concurrency is at least 1").max(256, "--concurrency is at most 256")),
  json: z.boolean(),
  /** A province's shape (simulator/shape.ts): this many real counties of `--cities` cities of `--province`. */
  counties: z
    .string()
    .regex(/^\d+$/, "--counties is a whole number, e.g. 130")
    .transform(Number)
    .pipe(z.number().int().min(1).max(2000))
    .optional(),
  cities: z
    .string()
    .regex(/^\d+$/, "--cities is a whole number, e.g. 16")
    .transform(Number)
    .pipe(z.number().int().min(1, "--cities is at least 1").max(99, "--cities is at most 99"))
    .optional(),
  province: z.string().regex(/^[1-9]\d0000$/, "--province is a province-level code, e.g. 530000"),
  "hazards-per-enterprise-year": z
    .string()
    .regex(/^\d+(\.\d+)?$/, "--hazards-per-enterprise-year is a number, e.g. 0.6")
    .transform(Number)
    .pipe(z.number().max(50, "--hazards-per-enterprise-year is at most 50")),
  "accidents-per-year": z
    .string()
    .regex(/^\d+(\.\d+)?$/, "--accidents-per-year is a number, e.g. 10")
    .transform(Number)
    .pipe(z.number().max(500, "--accidents-per-year is at most 500"))
    .optional(),
});

function fail(message: string): never {
  console.error(`simulate: ${message}`);
  process.exit(2);
}

let values: Record<string, unknown>;
try {
  values = parseArgs({
    options: {
      enterprises: { type: "string", default: "2000" },
      months: { type: "string", default: "3" },
      seed: { type: "string", default: "1" },
      start: { type: "string", default: "2026-01" },
      transport: { type: "string", default: "http" },
      store: { type: "string", default: "memory" },
      concurrency: { type: "string", default: "16" },
      json: { type: "boolean", default: false },
      "hazards-per-enterprise-year": { type: "string", default: "0.6" },
      "accidents-per-year": { type: "string" },
      counties: { type: "string" },
      cities: { type: "string" },
      province: { type: "string", default: "530000" },
    },
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const parsed = Args.safeParse(values);
if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join("; "));
const args = parsed.data;

function shapeOf(counties: number, cities: number, province: string) {
  try {
    return provinceShape({ province, cities, counties });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

const { result } = await simulate({
  ...(args.counties ? { shape: shapeOf(args.counties, args.cities ?? 1, args.province) } : {}),
  enterprises: args.enterprises,
  months: args.months,
  seed: args.seed,
  start: args.start,
  transport: args.transport,
  store: args.store,
  concurrency: args.concurrency,
  hazardsPerEnterpriseYear: args["hazards-per-enterprise-year"],
  ...(args["accidents-per-year"] === undefined ? {} : { accidentsPerYear: args["accidents-per-year"] }),
  ...(args.json ? {} : { progress: (line: string) => console.error(line) }),
  // The store's raw write rate beside the run's (issue 12), measured after the run.
  yardstickItems: 10_000,
});

if (!args.json) {
  const r = result;
  console.log(
    [
      `${r.enterprises} enterprises × ${r.months} months from ${r.start} (seed ${r.seed}, requests over ${r.transport})`,
      `reports: ${r.reports.onTime} on time, ${r.reports.late} late, ${r.reports.missing} missing`,
      `hazards: ${r.hazards?.general ?? 0} general, ${r.hazards?.major ?? 0} major, ${r.hazards?.rectified ?? 0} rectified, ${r.hazards?.delisted ?? 0} delisted, ${r.hazards?.extended ?? 0} extended, ${r.hazards?.overdue ?? 0} overdue; escalations ${JSON.stringify(r.hazards?.escalations ?? {})}`,
      `accidents: ${r.accidents?.created ?? 0} created, ${r.accidents?.closed ?? 0} closed, ${r.accidents?.evaluated ?? 0} evaluated, ${r.accidents?.overdueInvestigations ?? 0} overdue investigations, ${r.accidents?.overdueEvaluations ?? 0} overdue evaluations`,
      `notifications: ${r.notifications.sms} SMS, ${r.notifications.email} emails, ${r.notifications.digests} digests, ${r.notifications.duplicates} duplicates`,
      `invariants: ${r.invariants.checked} checks, ${r.invariants.violated.length ? `VIOLATED:\n  ${r.invariants.violated.join("\n  ")}` : "all held"}`,
      `cycle phases read ${r.cycleSweeps.itemsRead} items for ${r.cycleSweeps.nonFilers} expected non-filers`,
      `compliance sweep: ${r.sweep.itemsRead} items read, ${r.sweep.itemsReported} reported, ${r.sweep.wallSeconds} s; ${r.sweep.figuresChecked} figures checked, ${r.sweep.mismatches} mismatches`,
      `bulletins: ${r.bulletins.made} made (${r.bulletins.figuresChecked} figures checked with the sweep's), PDF ${r.bulletins.pdfBytes} bytes (largest ${r.bulletins.maxPdfBytes}), xlsx ${r.bulletins.xlsxBytes} bytes, render ${r.bulletins.renderMs} ms (${r.bulletins.renderMsPerBulletin} ms each)`,
      `${r.wallSeconds} s wall, ${r.enterpriseMonthsPerSecond} enterprise-months/s, peak RSS ${r.peakRssMB} MB, about $${r.estimatedMonthlyCostUSD}/month`,
      `store writes: ${r.storeWrites.items} items, ${r.storeWrites.perSecond}/s over the run; raw BatchWriteItem ${r.storeWrites.rawBatchWriteItemsPerSecond}/s (ratio ${r.storeWrites.ratio})`,
      "",
    ].join("\n"),
  );
}
console.log(JSON.stringify(result, null, 2));
process.exit(
  result.invariants.violated.length === 0 &&
    result.notifications.duplicates === 0 &&
    result.sweep.mismatches === 0
    ? 0
    : 1,
);
