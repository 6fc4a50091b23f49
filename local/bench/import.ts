import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { toEnterpriseCsv } from "../../functions/domain/csv-import";
import { createImportService } from "../../functions/domain/import-service";
import { generateEnterprises } from "../demo-data";
import { startStack } from "../stack";

/**
 * `npm run bench:import -- [--rows 50000,60000] [--memory]`: hands a catalogue of that many new enterprises
 * to the import service of the embedded stack (data on disk unless --memory), waits for the import job and prints the figures:
 * time until the job is accepted (parse and pages stored), time to done, rows per second, and the same file again (every row an update
 * with nothing changed).
 */
const { values } = parseArgs({
  options: { rows: { type: "string", default: "50000,60000" }, memory: { type: "boolean", default: false } },
});
const sizes = String(values.rows)
  .split(",")
  .map((s) => Number.parseInt(s, 10));

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
    const principal = { sub: "bench", role: "admin" as const, jurisdiction: "530000" };
    const imports = createImportService(stack.deps);
    const csv = toEnterpriseCsv(
      generateEnterprises({
        count: rows,
        seed: rows,
        counties: ["530502", "530521", "530523", "530524", "530581"],
      }),
    );
    for (const pass of ["new", "again"] as const) {
      const started = performance.now();
      // The service directly: a file this size is over the HTTP API's 10 MB body limit.
      const posted = await imports.accept(principal, csv);
      const answered = performance.now() - started;
      await stack.settled();
      const job = await imports.get(principal, posted.id);
      const total = performance.now() - started;
      console.log(
        JSON.stringify({
          rows,
          pass,
          bytes: csv.length,
          answerMs: Math.round(answered),
          doneMs: Math.round(total),
          rowsPerSecond: Math.round(rows / (total / 1000)),
          imported: job.imported,
          updated: job.updated,
          rejected: job.rejectedCount,
          pagesDone: job.pagesDone,
          pages: job.pages,
          rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
        }),
      );
    }
  } finally {
    await stack.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
