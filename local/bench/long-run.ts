import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { processFigures } from "../simulator/phases";
import { startStack } from "../stack";

/**
 * `npm run bench:long-run -- [--enterprises 2000] [--months 24] [--memory]`: the embedded stack with a demo
 * catalogue of that many enterprises (nobody files: every reminder, close and digest has its full
 * audience), data on disk unless --memory, advanced one virtual month at a time after a warm-up month
 * (October 2026, when the catalogue joins). Prints per month the wall time of the advance, the RSS of this
 * process and of the store's (a process of its own; the check adds the two), the JS heap, the data folder's
 * size and the load average; then whether the last month took at most 1.5× the first and whether RSS
 * stayed within 1.5× of the third month. Figures, not a test.
 */
const { values } = parseArgs({
  options: {
    enterprises: { type: "string", default: "2000" },
    months: { type: "string", default: "24" },
    memory: { type: "boolean", default: false },
  },
});
const enterprises = Number.parseInt(String(values.enterprises), 10);
const months = Number.parseInt(String(values.months), 10);

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

function folderBytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + folderBytes(join(path, name)), 0);
}

/** The first instant of the month `i` months after 2026-11, Shanghai time. */
function monthStart(i: number): Date {
  const year = 2026 + Math.floor((10 + i) / 12);
  const month = ((10 + i) % 12) + 1;
  return new Date(`${year}-${String(month).padStart(2, "0")}-01T00:00:00+08:00`);
}

const dataDir = values.memory ? undefined : mkdtempSync(join(tmpdir(), "duban-bench-long-run-"));
const quiet = { info: () => undefined, warn: () => undefined };
const loading = performance.now();
const stack = await startStack({
  clock: "virtual",
  now: new Date("2026-10-01T00:00:00+08:00"),
  demo: enterprises,
  quiet: true,
  log: quiet,
  notice: () => undefined,
  ...(dataDir ? { dataDir } : {}),
});
console.log(
  JSON.stringify({ enterprises: stack.demoLoaded, months, loadMs: Math.round(performance.now() - loading) }),
);

// October is the warm-up: the catalogue joins on the 1st, so its first month is not a full cycle.
const warmup = performance.now();
await stack.scheduler.advanceTo(monthStart(0));
console.log(JSON.stringify({ warmupMonth: "2026-10", ms: Math.round(performance.now() - warmup) }));

const rows: { month: string; ms: number; rssMb: number; totalRssMb: number }[] = [];
try {
  for (let i = 0; i < months; i++) {
    const to = monthStart(i + 1);
    const started = performance.now();
    const { fired } = await stack.scheduler.advanceTo(to);
    const ms = Math.round(performance.now() - started);
    const memory = process.memoryUsage();
    const store = stack.storePid === undefined ? undefined : processFigures(stack.storePid);
    const row = {
      // The month that ended at `to` (Shanghai).
      month: new Date(to.getTime() - 86_400_000 + 8 * 3600_000).toISOString().slice(0, 7),
      ms,
      fired: fired.length,
      rssMb: mb(memory.rss),
      heapMb: mb(memory.heapUsed),
      // The store runs in a process of its own: its RSS beside this one's, and the two together.
      storeRssMb: mb(store?.rss ?? 0),
      totalRssMb: mb(memory.rss + (store?.rss ?? 0)),
      loadavg: Number(loadavg()[0]?.toFixed(1)),
      ...(dataDir ? { dataMb: mb(folderBytes(dataDir)) } : {}),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
} finally {
  await stack.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

// Months differ by what falls in them (quarterly statistics in Jan/Apr/Jul/Oct, the annual ones in
// January): the last month is also compared with the same calendar month a year before it.
const yearBefore = rows.length > 12 ? rows[rows.length - 13] : undefined;
const first = rows[0];
const third = rows[2] ?? rows[rows.length - 1];
const last = rows[rows.length - 1];
if (first && third && last) {
  const time = last.ms / first.ms;
  const rss = last.totalRssMb / third.totalRssMb;
  console.log(
    JSON.stringify({
      lastMonthVsFirst: Number(time.toFixed(2)),
      timeFlat: time <= 1.5,
      ...(yearBefore
        ? {
            lastMonthVsSameMonthAYearBefore: Number((last.ms / yearBefore.ms).toFixed(2)),
            timeFlatYearOnYear: last.ms / yearBefore.ms <= 1.5,
          }
        : {}),
      rssVsThirdMonth: Number(rss.toFixed(2)),
      rssFlat: rss <= 1.5,
    }),
  );
}
