import type { Clock, OutboxEntry, OutboxStore, SmsChannel } from "./ports";

export const interruptedUnknown =
  "interrupted while sending; the channel cannot be asked, delivery unknown, not resent so as never to send twice";

export type InterruptedOutcome = "recorded" | "resend" | "unknown" | "undecided";

/**
 * A message left `sending` (the process died between claiming it and recording the provider's answer).
 * Where the provider can be asked (Aliyun QuerySendDetails, Tencent PullSmsSendStatusByPhoneNumber, by the
 * message's outId), its answer decides: it has the send → recorded as sent, delivered or undelivered; it
 * has none → queued again now, to go out under the same outId. Where it cannot (End User Messaging, SES,
 * SMTP, the local sink) the message is marked `unknown`, never resent: a duplicate notice to a legal
 * representative costs more trust than a gap the record shows. A failed question leaves it for the next pass.
 */
export async function resolveInterrupted(
  entry: OutboxEntry,
  deps: { outbox: OutboxStore; sms: SmsChannel; clock: Clock; retentionDays: number },
): Promise<InterruptedOutcome> {
  const asked = await askProvider(entry, deps);
  if (asked === "recorded") return "recorded";
  if (asked === "error") return "undecided";
  if (asked === "absent") {
    const moved = await deps.outbox.transition(entry.key, "sending", {
      status: "queued",
      notBefore: deps.clock.now().toISOString(),
      lastError: "interrupted while sending; the provider has no such message, sent again",
    });
    return moved ? "resend" : "undecided";
  }
  const moved = await deps.outbox.transition(entry.key, "sending", {
    status: "unknown",
    lastError: interruptedUnknown,
  });
  return moved ? "unknown" : "undecided";
}

/**
 * Asks the provider whether it has the message (in flight as `sending`): `recorded` when it has (the entry
 * now says sent, delivered or undelivered, with the provider's id), `absent` when it has not, `cannot_ask`
 * where the channel cannot be asked, `error` when the question failed. Used for an interrupted send and
 * before sending again after an attempt whose answer may have been lost (a reset, a timeout).
 */
export async function askProvider(
  entry: OutboxEntry,
  deps: { outbox: OutboxStore; sms: SmsChannel; clock: Clock; retentionDays: number },
): Promise<"recorded" | "absent" | "cannot_ask" | "error"> {
  const { outbox, sms, clock } = deps;
  if (entry.channel !== "sms" || !sms.lookup) return "cannot_ask";
  const sentAt = entry.claimedAt ?? entry.createdAt;
  let answer: Awaited<ReturnType<NonNullable<SmsChannel["lookup"]>>>;
  try {
    answer = await sms.lookup({
      to: entry.recipient,
      outId: entry.id,
      sentAt,
      ...(entry.providerMessageId ? { providerMessageId: entry.providerMessageId } : {}),
    });
  } catch {
    return "error";
  }
  if (answer.kind === "not_found") return "absent";
  if (answer.kind === "cannot_ask") return "cannot_ask";
  const now = clock.now();
  const moved = await outbox.transition(entry.key, "sending", {
    status: answer.state,
    sentAt,
    providerMessageId: answer.providerMessageId ?? entry.id,
    expiresAt: Math.floor(now.getTime() / 1000) + deps.retentionDays * 86_400,
    ...(answer.state !== "sent"
      ? {
          delivery: {
            delivered: answer.state === "delivered",
            code: answer.code ?? "",
            at: now.toISOString(),
          },
        }
      : {}),
  });
  return moved ? "recorded" : "error";
}
