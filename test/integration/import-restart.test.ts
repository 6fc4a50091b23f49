import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toEnterpriseCsv } from "../../functions/domain/csv-import";
import { generateEnterprises } from "../../local/demo-data";
import { cleanUpProcesses, type Duban, firstStart, sleep, startDuban, tempDir } from "./process";
import { type Json, listAll, tokenFor } from "./support";

/**
 * Finding 6 of issue 7: a kill -9 during an import left thousands of enterprises without the filing they
 * owe, and nothing repaired it. Now an import is a job of idempotent pages; a restart resumes it, and at the
 * end every enterprise of the file owes its filing of the period.
 */

const ROWS = 6_000;
const ENTERPRISES = generateEnterprises({
  count: ROWS,
  seed: 4242,
  counties: ["530502", "530521", "530523"],
});

afterAll(cleanUpProcesses, 60_000);

async function secretOf(dataDir: string): Promise<Uint8Array> {
  return new Uint8Array(readFileSync(join(dataDir, "secret")));
}

async function importOf(duban: Duban, token: string, id: string): Promise<Json> {
  const res = await duban.api("GET", `/v1/imports/${id}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe("an import killed with kill -9 and started again", () => {
  it("resumes on start and leaves every enterprise of the file with its profile and the filing it owes", async () => {
    const dataDir = tempDir("import-kill");
    let duban = await firstStart(dataDir, "2026-10-15T10:00:00+08:00");
    const token = await tokenFor(await secretOf(dataDir), { role: "admin", jurisdiction: "530500" });

    const posted = await duban.api("POST", "/v1/imports/enterprises", {
      token,
      csv: toEnterpriseCsv(ENTERPRISES),
    });
    expect(posted.status, posted.text).toBe(202);
    expect(posted.body).toMatchObject({ status: "running", rows: ROWS });
    const id = posted.body.id as string;

    // Kill in the middle: some pages applied, most not.
    for (let guard = 0; guard < 2_000; guard++) {
      const job = await importOf(duban, token, id);
      if (job.pagesDone >= 2) break;
      await sleep(20);
    }
    await duban.kill();

    duban = await startDuban(dataDir);
    expect(duban.output()).toContain(`resuming import ${id}`);
    let job: Json;
    for (let guard = 0; ; guard++) {
      job = await importOf(duban, token, id);
      if (job.status === "done" || guard > 600) break;
      await sleep(200);
    }

    expect(job).toMatchObject({ status: "done", rows: ROWS, pagesDone: job.pages, rejectedCount: 0 });
    expect(job.imported + job.updated).toBe(ROWS);
    const missing = new Set(
      (
        await listAll(
          duban.api,
          "/v1/monthly-reports",
          { period: "2026-10", jurisdiction: "530500", status: "owed", limit: "500" },
          token,
        )
      ).items.map((i: Json) => i.creditCode),
    );
    const without = ENTERPRISES.filter((e) => !missing.has(e.creditCode)).map((e) => e.creditCode);
    expect(without).toEqual([]);
    const sample = ENTERPRISES.filter((_, i) => i % 997 === 0);
    for (const e of sample) {
      const res = await duban.api("GET", `/v1/enterprises/${e.creditCode}`, { token });
      expect(res.body.name).toBe(e.name);
    }
    await duban.stop();
  }, 600_000);
});
