import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestStack } from "./support";

/** Finding 11 of issue 7: the data folder holds full numbers, texts and the secret; others may not read it. */

const dir = mkdtempSync(join(tmpdir(), "duban-private-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function everything(path: string): string[] {
  return statSync(path).isDirectory()
    ? [path, ...readdirSync(path).flatMap((name) => everything(join(path, name)))]
    : [path];
}

describe("the local data folder", () => {
  it("is 0700 with every file 0600 after a start, files an earlier version left readable included", async () => {
    const data = join(dir, "data");
    const stack0 = await startTestStack({ now: "2026-10-15T10:00:00+08:00", dataDir: data });
    await stack0.stop();
    chmodSync(data, 0o755);
    writeFileSync(join(data, "sms.jsonl"), "", { mode: 0o644 });
    chmodSync(join(data, "sms.jsonl"), 0o644);

    const stack = await startTestStack({ now: "2026-10-15T10:00:00+08:00", dataDir: data });
    await stack.stop();

    const paths = everything(data);
    expect(paths.some((p) => p.endsWith("secret"))).toBe(true);
    expect(paths.some((p) => p.includes("dynamo"))).toBe(true);
    for (const path of paths) {
      const mode = statSync(path).mode & 0o777;
      expect(mode.toString(8), path).toBe(statSync(path).isDirectory() ? "700" : "600");
    }
  }, 180_000);
});
