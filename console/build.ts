import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Builds the console when console/dist is missing or older than its sources (the console's own files and
 * the API schemas it imports). `npm ci` runs it as `prepare`, `npm start` before serving, so the
 * two-command quick start serves a console; an unchanged tree costs a directory walk, not a build.
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "console", "dist", "index.html");
const sources = [
  join(root, "console", "src"),
  join(root, "console", "index.html"),
  join(root, "console", "vite.config.ts"),
  join(root, "functions", "http"),
  join(root, "functions", "domain"),
];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const force = process.argv.includes("--force");
const built = existsSync(dist) ? statSync(dist).mtimeMs : 0;
const stale = force || built === 0 || sources.some((s) => newest(s) > built);
if (!stale) {
  console.log("console: up to date (console/dist)");
} else {
  console.log("console: building console/dist …");
  const result = spawnSync(
    "vite",
    ["build", "--config", join(root, "console", "vite.config.ts"), "--logLevel", "warn"],
    {
      cwd: root,
      stdio: "inherit",
      shell: process.platform === "win32",
    },
  );
  if (result.status !== 0) {
    console.error("console: the build failed (see above); the API still runs without it");
    process.exit(result.status ?? 1);
  }
}
