import * as z from "zod";
import type { DeliveryReceipt } from "../domain/ports";

/**
 * An SES configuration-set event as EventBridge delivers it (`source: aws.ses`): only what a receipt needs
 * is read, with bounds; other event types (sends, opens, complaints, delays) are not receipts.
 */
const SesEvent = z.object({
  detail: z.object({
    eventType: z.string().max(40),
    mail: z.object({ messageId: z.string().min(1).max(200), timestamp: z.string().max(40) }),
    delivery: z
      .object({ timestamp: z.string().max(40), smtpResponse: z.string().max(500).optional() })
      .optional(),
    bounce: z
      .object({
        bounceType: z.string().max(40),
        bounceSubType: z.string().max(40).optional(),
        timestamp: z.string().max(40),
      })
      .optional(),
    reject: z.object({ reason: z.string().max(200) }).optional(),
  }),
});

/**
 * The receipt in an SES event: `Delivery` → delivered, `Bounce` and `Reject` → not delivered (with the
 * bounce type as the code); anything else → none. SES names the message by its own MessageId.
 */
export function sesEventReceipts(event: unknown): DeliveryReceipt[] {
  const parsed = SesEvent.safeParse(event);
  if (!parsed.success) return [];
  const { eventType, mail, delivery, bounce, reject } = parsed.data.detail;
  const base = { provider: "ses" as const, providerMessageId: mail.messageId };
  if (eventType === "Delivery")
    return [{ ...base, delivered: true, code: "Delivery", at: delivery?.timestamp ?? mail.timestamp }];
  if (eventType === "Bounce" && bounce)
    return [
      {
        ...base,
        delivered: false,
        code: `Bounce:${bounce.bounceType}${bounce.bounceSubType ? `:${bounce.bounceSubType}` : ""}`,
        at: bounce.timestamp,
      },
    ];
  if (eventType === "Reject")
    return [{ ...base, delivered: false, code: `Reject:${reject?.reason ?? ""}`, at: mail.timestamp }];
  return [];
}
