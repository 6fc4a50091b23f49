import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { Deps } from "../../functions/adapters/deps";
import { toEnterpriseCsv } from "../../functions/domain/csv-import";
import { createImportService } from "../../functions/domain/import-service";
import { generateEnterprises } from "../demo-data";
import { processFigures } from "../simulator/phases";
import { startStack } from "../stack";
import { rawBatchWriteRate } from "./raw-write-rate";

/**
 * `npm run bench:import -- [--rows 50000,60000] [--memory]`: hands a catalogue of that many new enterprises
 * to the import service of the embedded stack (data on disk unless --memory), waits for the import job and
 * prints the figures: time until the job is accepted (parse and pages stored), time to done, rows per
 * second, the process's CPU time, and where the time went (the summed time of each store call; pages run
 * two at a time, so the sums exceed the wall time). Then the same file again (every row an update with
 * nothing changed). Beside them: the items the store took per second during the import (counted from the
 * store calls) and the store's raw BatchWriteItem rate measured in the same run, the machine's load
 * average, and the CPU time of the store's own process (it runs beside this one).
 */
const { values } = parseArgs({
  options: { rows: { type: "string", default: "50000,60000" }, memory: { type: "boolean", default: false } },
});
const sizes = String(values.rows)
  .split(",")
  .map((s) => Number.parseInt(s, 10));

/** Wraps each method of the stores an import uses, in place, to sum the time spent in each. */
function timeStores(deps: Deps) {
  const spent = new Map<string, { calls: number; ms: number }>();
  let written = 0;
  for (const name of ["catalogue", "filings", "imports", "objects"] as const) {
    const store = deps[name] as unknown as Record<string, unknown>;
    for (const [method, fn] of Object.entries(store)) {
      if (typeof fn !== "function") continue;
      store[method] = async (...args: unknown[]) => {
        const started = performance.now();
        const items = args[0];
        if (/^(put|open)/.test(method) && Array.isArray(items)) written += items.length;
        try {
          return await fn(...args);
        } finally {
          const entry = spent.get(`${name}.${method}`) ?? { calls: 0, ms: 0 };
          entry.calls++;
          entry.ms += performance.now() - started;
          spent.set(`${name}.${method}`, entry);
        }
      };
    }
  }
  return {
    take() {
      const out = Object.fromEntries(
        [...spent]
          .sort((a, b) => b[1].ms - a[1].ms)
          .map(([k, v]) => [k, `${Math.round(v.ms)} ms / ${v.calls}`]),
      );
      spent.clear();
      const items = written;
      written = 0;
      return { spent: out, items };
    },
  };
}

for (const rows of sizes) {
  const dataDir = values.memory ? undefined : mkdtempSync(join(tmpdir(), "duban-bench-import-"));
  const stack = await startStack({
    clock: "virtual",
    now: new Date("2026-10-15T10:00:00+08:00"),
    quiet: true,
    notice: () => undefined,
    ...(dataDir ? { dataDir } : {}),
  });
  try {
    const storeCpuMs = () => {
      const store = stack.storePid === undefined ? undefined : processFigures(stack.storePid);
      return Math.round((store?.cpu ?? 0) * 1000);
    };
    const raw = await rawBatchWriteRate(stack.urls.dynamo, { items: 20_000, parallel: 4 });
    const principal = { sub: "bench", role: "admin" as const, jurisdiction: "530000" };
    const timing = timeStores(stack.deps);
    const imports = createImportService(stack.deps);
    const csv = toEnterpriseCsv(
      generateEnterprises({
        count: rows,
        seed: rows,
        counties: ["530502", "530521", "530523", "530524", "530581"],
      }),
    );
    for (const pass of ["new", "again"] as const) {
      timing.take();
      const load = loadavg().map((l) => Math.round(l * 10) / 10);
      const storeCpu = storeCpuMs();
      const cpu = process.cpuUsage();
      const started = performance.now();
      // The service directly: a file this size is over the HTTP API's 10 MB body limit.
      const posted = await imports.accept(principal, csv);
      const answered = performance.now() - started;
      await stack.settled();
      const total = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const { spent, items } = timing.take();
      const job = await imports.get(principal, posted.id);
      console.log(
        JSON.stringify({
          rows,
          pass,
          bytes: csv.length,
          answerMs: Math.round(answered),
          doneMs: Math.round(total),
          rowsPerSecond: Math.round(rows / (total / 1000)),
          cpuMs: Math.round((used.user + used.system) / 1000),
          storeCpuMs: storeCpuMs() - storeCpu,
          // Enterprises, their filings and counties written (the job's own items not counted).
          itemsWritten: items,
          itemsPerSecond: Math.round(items / (total / 1000)),
          rawBatchWriteItemsPerSecond: raw.itemsPerSecond,
          loadavg: load,
          imported: job.imported,
          updated: job.updated,
          rejected: job.rejectedCount,
          pagesDone: job.pagesDone,
          pages: job.pages,
          rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
          spent,
        }),
      );
    }
  } finally {
    await stack.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
