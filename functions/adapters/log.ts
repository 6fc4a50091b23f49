import { Logger } from "@aws-lambda-powertools/logger";
import type { Log } from "../domain/notifier";
import { maskMobiles } from "../domain/notify";

/** Structured logs (Powertools) with every mainland mobile number masked, whatever field it hides in. */
export function createLog(serviceName = "duban", quiet = false): Log {
  const logger = new Logger({ serviceName, logLevel: quiet ? "ERROR" : "INFO" });
  const mask = (data?: Record<string, unknown>) =>
    data ? JSON.parse(maskMobiles(JSON.stringify(data))) : undefined;
  return {
    info: (message, data) => logger.info(maskMobiles(message), mask(data) ?? {}),
    warn: (message, data) => logger.warn(maskMobiles(message), mask(data) ?? {}),
  };
}
