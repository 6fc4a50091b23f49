import { chmodSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The data folder holds full mobile numbers, message texts and the token secret: only its owner may read it.
 * Everything the process (and the dynalite child, which inherits the mask) creates from now on is 0600 /
 * 0700, and what an earlier version left readable by others is tightened on start.
 */
export function makePrivate(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir);
}

function tighten(path: string): void {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o700);
    for (const name of readdirSync(path)) tighten(join(path, name));
  } else if (stat.isFile() && (stat.mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
  }
}
