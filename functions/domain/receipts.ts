import type { DubanConfig } from "./config-schema";
import { failpoint } from "./failpoints";
import type { Notifier } from "./notifier";
import type { Clock, DeliveryReceipt, Message, OutboxEntry, OutboxStore, ReceiptReader } from "./ports";

/** The statuses a receipt may move: the message was handed to the provider (or may have been). */
const RECEIVABLE = new Set<OutboxEntry["status"]>(["sending", "sent", "failed", "unknown", "undelivered"]);

/**
 * What a provider's receipt changes in a message, or nothing. `delivered` is final: no later receipt
 * moves it back. A first `undelivered` is recorded; a second one, or one after `delivered`, changes
 * nothing (receipts come in any order, and more than once). A message not yet handed over (queued,
 * deferred) cannot have a receipt of its own: one naming it is ignored.
 */
export function receiptChange(
  entry: Pick<OutboxEntry, "status">,
  receipt: Pick<DeliveryReceipt, "delivered" | "code" | "at">,
): { status: "delivered" | "undelivered"; delivery: NonNullable<OutboxEntry["delivery"]> } | undefined {
  if (!RECEIVABLE.has(entry.status)) return undefined;
  const delivery = { delivered: receipt.delivered, code: receipt.code, at: receipt.at };
  if (receipt.delivered) return { status: "delivered", delivery };
  if (entry.status === "undelivered") return undefined;
  return { status: "undelivered", delivery };
}

/**
 * The email an official gets when the SMS did not reach his phone: the same notice, under a key derived
 * from the SMS's, so it is enqueued once however many receipts say so.
 */
export function fallbackEmail(entry: OutboxEntry): Message | undefined {
  if (entry.channel !== "sms" || entry.status !== "undelivered" || !entry.fallbackEmail) return undefined;
  return {
    key: `${entry.key}:fallback-email`,
    channel: "email",
    recipient: entry.fallbackEmail,
    ...(entry.recipientName ? { recipientName: entry.recipientName } : {}),
    template: entry.template,
    params: entry.params,
    subject: entry.subject,
    scope: entry.scope,
    ...(entry.about ? { about: entry.about } : {}),
  };
}

export type ReceiptOutcome = { received: number; applied: number; unchanged: number; unknown: number };

export type ReceiptDeps = {
  outbox: OutboxStore;
  notifier: Pick<Notifier, "enqueue">;
  clock: Clock;
  config: Pick<DubanConfig, "notify">;
};

/**
 * Applies providers' receipts to the messages they name (by `outId`, the message's id, or by the
 * provider's own id): a key lookup each, a conditional write on the status read, and the fallback email
 * of an undelivered SMS to an official. A receipt naming no message of ours is accepted and ignored.
 */
export function createReceipts(deps: ReceiptDeps) {
  const { outbox } = deps;

  async function find(receipt: DeliveryReceipt): Promise<OutboxEntry | undefined> {
    const entry = receipt.outId
      ? await outbox.byId(receipt.outId)
      : receipt.providerMessageId
        ? await outbox.byProviderId(receipt.provider, receipt.providerMessageId)
        : undefined;
    // A receipt that names a number must name the message's: an id alone is not trusted across numbers.
    if (entry && receipt.to && entry.channel === "sms" && !sameMobile(receipt.to, entry.recipient))
      return undefined;
    return entry;
  }

  async function fallBack(entry: OutboxEntry) {
    const email = fallbackEmail(entry);
    if (email) await deps.notifier.enqueue([email]);
  }

  async function applyOne(receipt: DeliveryReceipt): Promise<"applied" | "unchanged" | "unknown"> {
    // Two tries: a dispatcher writing `sent` at the same moment moves the status under us once at most.
    for (let attempt = 0; attempt < 2; attempt++) {
      const entry = await find(receipt);
      if (!entry) return "unknown";
      const change = receiptChange(entry, receipt);
      if (!change) {
        // Already undelivered (an earlier receipt, perhaps cut off before its fallback): enqueue it again,
        // which finds it there if it was.
        await fallBack(entry);
        return "unchanged";
      }
      const retention = deps.config.notify.retentionDays * 86_400;
      const moved = await outbox.transition(entry.key, entry.status, {
        status: change.status,
        delivery: change.delivery,
        // A receipt may overtake the dispatcher's `sent`: the message still expires with its retention.
        ...(entry.expiresAt ? {} : { expiresAt: Math.floor(deps.clock.now().getTime() / 1000) + retention }),
      });
      if (!moved) continue;
      if (change.status === "undelivered") {
        failpoint("receipt-applied");
        await fallBack({ ...entry, status: change.status });
      }
      return "applied";
    }
    return "unchanged";
  }

  return {
    async apply(receipts: DeliveryReceipt[]): Promise<ReceiptOutcome> {
      const outcome: ReceiptOutcome = { received: receipts.length, applied: 0, unchanged: 0, unknown: 0 };
      for (const receipt of receipts) outcome[await applyOne(receipt)]++;
      return outcome;
    },
    /** A provider's callback: read and verified by its reader, then applied; `undefined` if refused. */
    async callback(
      reader: ReceiptReader,
      request: Parameters<ReceiptReader["read"]>[0],
    ): Promise<{ ok: true; outcome: ReceiptOutcome } | { ok: false; reason: string }> {
      let read: ReturnType<ReceiptReader["read"]>;
      try {
        read = reader.read(request);
      } catch (error) {
        // A reader that trips over a malformed request has not verified it: refused like a bad signature.
        read = { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
      if (!read.ok) return read;
      return { ok: true, outcome: await this.apply(read.receipts) };
    },
  };
}

/** 13812345678, +8613812345678 and 8613812345678 are one number. */
function sameMobile(a: string, b: string): boolean {
  const bare = (m: string) => m.replace(/^\+?86/, "");
  return bare(a) === bare(b);
}
