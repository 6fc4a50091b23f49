import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyToken } from "../../local/auth";
import { startStack } from "../../local/stack";
import { cleanUpProcesses, startDuban, tempDir } from "./process";

/**
 * The local clock and data folder as a person uses them (issue 7, finding 9): whatever clock last ran on a
 * data folder, real or virtual, its stored time is the floor of any `--now`; `npx duban token` signs with
 * the secret of the folder given by `--data`, and never invents one.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const DAY = 86_400_000;

afterAll(cleanUpProcesses);

/** `npx duban token …` as a person runs it: the bin, from `cwd`. */
function dubanToken(args: string[], cwd = ROOT) {
  const started = Date.now();
  const run = spawnSync(process.execPath, [join(ROOT, "local", "bin", "duban.mjs"), "token", ...args], {
    cwd,
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr, ms: Date.now() - started };
}

const secretOf = (data: string) =>
  new TextEncoder().encode(readFileSync(join(data, "secret"), "utf8").trim());

describe("the stored time is the floor of --now", () => {
  for (const first of ["real", "virtual"] as const) {
    it(`a --now earlier than the time a ${first} clock stored is ignored with a notice`, {
      timeout: 120_000,
    }, async () => {
      const data = tempDir(`floor-${first}`);
      const wall = new Date();
      const firstRun = await startStack({
        dataDir: data,
        clock: first,
        ...(first === "virtual" ? { now: wall } : {}),
        quiet: true,
        notice: () => undefined,
      });
      const stoppedAt = firstRun.clock.now();
      await firstRun.stop();
      const notices: string[] = [];
      const earlier = new Date(wall.getTime() - 31 * DAY);

      const second = await startStack({
        dataDir: data,
        clock: "virtual",
        now: earlier,
        quiet: true,
        notice: (text) => notices.push(text),
      });
      const resumedAt = second.clock.now();
      await second.stop();

      expect(resumedAt.getTime()).toBeGreaterThanOrEqual(stoppedAt.getTime());
      const kind = first === "real" ? "真实" : "虚拟";
      expect(notices).toContainEqual(
        expect.stringMatching(
          new RegExp(`^--now \\S+\\+08:00 早于已保存的${kind}时间 \\S+\\+08:00，从已保存的时间继续`),
        ),
      );
    });
  }
});

describe("npx duban token", () => {
  it("signs with the secret of the folder given by --data", { timeout: 120_000 }, async () => {
    const data = tempDir("token-data");
    const stack = await startStack({ dataDir: data, clock: "real", quiet: true, notice: () => undefined });
    await stack.stop();

    const run = dubanToken(["--role", "admin", "--jurisdiction", "530000", "--data", data]);

    expect(run.status, run.stderr).toBe(0);
    await expect(verifyToken(secretOf(data), run.stdout)).resolves.toMatchObject({ role: "admin" });
    console.log(`duban token answered in ${run.ms} ms`);
  });

  it("refuses, in Chinese and with a non-zero exit, where there is no data folder", () => {
    const elsewhere = tempDir("token-nowhere");

    const run = dubanToken(["--role", "admin", "--jurisdiction", "530000"], elsewhere);

    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("没有 npm start 生成的密钥");
    expect(existsSync(join(elsewhere, ".duban")), "no secret invented").toBe(false);
  });

  it("is printed by the start-up banner for the folder in use, and its token is accepted", {
    timeout: 180_000,
  }, async () => {
    const data = tempDir("token-banner");
    const duban = await startDuban(data, "2026-11-02T10:00:00+08:00");

    const printed = /令牌\s+npx duban token (.+)/.exec(duban.output())?.[1]?.trim() ?? "";
    const run = dubanToken(printed.split(/\s+/));
    const res = await duban.api("GET", "/v1/me", { token: run.stdout });
    await duban.stop();

    expect(printed).toBe(`--role anweiban --jurisdiction 530502 --data ${data}`);
    expect(run.status, run.stderr).toBe(0);
    expect(res.status, res.text).toBe(200);
    expect(duban.output()).toMatch(/现在 2026-11-02T10:00:00\+08:00/);
  });
});
