import { createHmac, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import type { DeliveryReceipt, ReceiptReader } from "../functions/domain/ports";

/** The header the local SMS sink signs its receipts in: HMAC-SHA256 of the body, hex. */
export const SINK_SIGNATURE = "x-sink-signature";

/** The sink's receipt key, derived from the local secret (so a receipt cannot be posted without it). */
export function sinkReceiptKey(secret: Uint8Array | string): Buffer {
  return createHmac("sha256", secret).update("duban sms-sink receipts").digest();
}

const SinkReceipts = z.object({
  receipts: z
    .array(
      z.object({
        outId: z.string().min(1).max(64).optional(),
        providerMessageId: z.string().min(1).max(128).optional(),
        to: z
          .string()
          .regex(/^(\+?86)?1[3-9]\d{9}$/)
          .optional(),
        delivered: z.boolean(),
        code: z.string().min(1).max(64),
        at: z.iso.datetime({ offset: true }),
      }),
    )
    .min(1)
    .max(100),
});

/** A signed receipt request as the sink would post it (tests and `duban` post these). */
export function signedSinkReceipts(
  key: Buffer,
  receipts: z.input<typeof SinkReceipts>["receipts"],
): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify({ receipts });
  return {
    headers: {
      "content-type": "application/json",
      [SINK_SIGNATURE]: createHmac("sha256", key).update(body).digest("hex"),
    },
    body,
  };
}

/**
 * The local SMS sink's receipts, verified like a provider's: the body's HMAC under the sink's key, compared
 * in constant time. Lets the local stack and the tests report deliveries the way Aliyun and Tencent do.
 */
export function createSinkReceiptReader(key: Buffer): ReceiptReader {
  return {
    provider: "sink",
    read(request) {
      const given = request.headers[SINK_SIGNATURE] ?? "";
      const expected = createHmac("sha256", key).update(request.body).digest();
      const sent = /^[0-9a-f]{64}$/.test(given) ? Buffer.from(given, "hex") : Buffer.alloc(0);
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
        return { ok: false, reason: "signature does not match" };
      let json: unknown;
      try {
        json = JSON.parse(request.body);
      } catch {
        return { ok: false, reason: "body is not JSON" };
      }
      const parsed = SinkReceipts.safeParse(json);
      if (!parsed.success) return { ok: false, reason: "body is not a list of receipts" };
      const receipts: DeliveryReceipt[] = parsed.data.receipts.map((r) => ({ provider: "sink", ...r }));
      return { ok: true, receipts };
    },
  };
}
