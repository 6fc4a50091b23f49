import { createHash, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import type { DeliveryReceipt, ReceiptReader } from "../../domain/ports";

/**
 * Neither Aliyun's SmsReport push nor Tencent's status callback is signed: the only proof a callback comes
 * from the provider is a secret in the URL configured with it (`?token=…`, per deployment, from Secrets
 * Manager). Compared in constant time, over hashes so that the lengths do not tell either.
 */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given || expected.length < 16) return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * A provider's JSON array of reports, accepted only with the deployment's token in the query: each report
 * checked by the schema, then turned into a receipt. A wrong token and a malformed body are refused alike.
 */
export function readReports<T>(
  request: Parameters<ReceiptReader["read"]>[0],
  token: string,
  schema: z.ZodType<T[]>,
  toReceipt: (report: T) => DeliveryReceipt,
): ReturnType<ReceiptReader["read"]> {
  if (!tokenMatches(request.query.token, token)) return { ok: false, reason: "token" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
  } catch {
    return { ok: false, reason: "body" };
  }
  const reports = schema.safeParse(parsed);
  if (!reports.success) return { ok: false, reason: "body" };
  return { ok: true, receipts: reports.data.map(toReceipt) };
}
