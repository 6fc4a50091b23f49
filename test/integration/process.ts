import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { type Api, apiFor, type Json } from "./support";

/**
 * The real `npm start` process (local/main.ts) as a child of its own process group, for tests that kill it
 * with SIGKILL and start it again on the same data directory.
 */
const ROOT = join(import.meta.dirname, "..", "..");

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Duban = {
  api: Api;
  output: () => string;
  kill: () => Promise<void>;
  stop: () => Promise<void>;
  /** Settles when the process has exited (a failpoint made it kill itself, say). */
  exited: Promise<void>;
};

export const running = new Set<ChildProcess>();
export const tempDirs: string[] = [];

export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `duban-${name}-`));
  tempDirs.push(dir);
  return dir;
}

export const reports: string[] = [];

/**
 * The first start on an empty data directory. It can crash with ResourceNotFoundException (the table is
 * still CREATING when first used: see "the first start on an empty data directory" below); here it is
 * retried on a wiped directory, and reported, so that the kill tests test what they are about.
 */
export async function firstStart(dataDir: string, now: string): Promise<Duban> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDuban(dataDir, now);
    } catch (error) {
      if (attempt >= 5 || !String(error).includes("ResourceNotFoundException")) throw error;
      reports.push(`first start on an empty data dir crashed (table still CREATING); retry ${attempt}`);
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
    }
  }
}

/**
 * `npm start -- --clock virtual …` as a child of its own process group (so a kill reaches all of it);
 * `env` adds to the environment (`DUBAN_FAILPOINTS`).
 */
export async function startDuban(
  dataDir: string,
  now?: string,
  env: Record<string, string> = {},
): Promise<Duban> {
  const args = ["--import", "tsx", "local/main.ts", "--clock", "virtual"];
  if (now) args.push("--now", now);
  args.push("--data", dataDir, "--port", "0", "--ses-port", "0", "--quiet");
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  running.add(child);
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`duban did not start within 120 s:\n${output}`)),
      120_000,
    );
    const check = () => {
      const match = /HTTP API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`duban exited before serving:\n${output}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // Already gone.
    }
    await exited;
  };
  return {
    api: apiFor(url),
    output: () => output,
    kill: () => signal("SIGKILL"),
    stop: () => signal("SIGTERM"),
    exited,
  };
}

export function smsLines(dataDir: string): number {
  const file = join(dataDir, "sms.jsonl");
  if (!existsSync(file)) return 0;
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim()).length;
}

export type KillPoint = { afterMs: number } | { smsAdded: number } | { clockPast: string };

export type Kill = { point: string; inFlight: boolean; clockBefore: string; smsAtKill: number; ms: number };

/** POST advanceTo and kill -9 the process at the kill point, while the request is (ideally) in flight. */
export async function advanceAndKill(
  duban: Duban,
  dataDir: string,
  to: string,
  point: KillPoint,
): Promise<Kill> {
  const started = Date.now();
  const smsBefore = smsLines(dataDir);
  let settled = false;
  const request = duban.api("POST", "/_local/clock", { body: { advanceTo: to } }).then(
    (res) => {
      settled = true;
      return res.status;
    },
    () => {
      settled = true;
      return "connection lost" as const;
    },
  );
  if ("afterMs" in point) await sleep(point.afterMs);
  else if ("clockPast" in point) {
    // The virtual clock moves to each fire's time while the advance runs; kill once it passes the point.
    const target = new Date(point.clockPast).getTime();
    while (!settled) {
      const now = await duban.api("GET", "/_local/clock").catch(() => undefined);
      if (now && new Date(now.body.now).getTime() > target) break;
      await sleep(5);
    }
  } else while (!settled && smsLines(dataDir) < smsBefore + point.smsAdded) await sleep(5);
  const clock = await duban.api("GET", "/_local/clock").catch(() => undefined);
  const smsAtKill = smsLines(dataDir);
  await duban.kill();
  const outcome = await request;
  return {
    point: JSON.stringify(point),
    inFlight: outcome === "connection lost",
    clockBefore: clock?.body?.now ?? "",
    smsAtKill,
    ms: Date.now() - started,
  };
}

export async function clockOf(duban: Duban): Promise<string> {
  return (await duban.api("GET", "/_local/clock")).body.now;
}

export async function advance(duban: Duban, to: string): Promise<Json> {
  const res = await duban.api("POST", "/_local/clock", { body: { advanceTo: to } });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Kills whatever is still running and removes the temporary data directories (call in afterAll). */
export async function cleanUpProcesses(): Promise<void> {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  await sleep(200);
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
}
