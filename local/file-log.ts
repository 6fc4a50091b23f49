import { appendFileSync } from "node:fs";
import type { Log } from "../functions/domain/notifier";
import { maskMobiles } from "../functions/domain/notify";

/**
 * The local runtime's structured log as JSON lines in a file (`<data>/duban.log`), so that the terminal
 * shows what a person reads — one line per fired schedule — and `--verbose` brings the JSON back. Mobile
 * numbers are masked as in the Lambda log.
 */
export function createFileLog(file: string, serviceName = "duban-local"): Log {
  const write = (level: string, message: string, data?: Record<string, unknown>) =>
    appendFileSync(
      file,
      `${maskMobiles(JSON.stringify({ level, message, service: serviceName, timestamp: new Date().toISOString(), ...data }))}\n`,
    );
  return {
    info: (message, data) => write("INFO", message, data),
    warn: (message, data) => write("WARN", message, data),
  };
}
