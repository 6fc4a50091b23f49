import { describe, expect, it } from "vitest";
import type { MessageStatus, OutboxEntry } from "../../functions/domain/ports";
import { fallbackEmail, receiptChange } from "../../functions/domain/receipts";

const delivered = { delivered: true, code: "DELIVRD", at: "2026-11-03T02:00:05Z" };
const undelivered = { delivered: false, code: "MK:0001", at: "2026-11-03T02:00:06Z" };

describe("a receipt's change to a message", () => {
  it.each<[MessageStatus, "delivered" | "undelivered" | undefined, "delivered" | "undelivered" | undefined]>([
    ["sent", "delivered", "undelivered"],
    // The receipt overtook the dispatcher's own `sent`, or the send was interrupted: the provider knows best.
    ["sending", "delivered", "undelivered"],
    ["unknown", "delivered", "undelivered"],
    ["failed", "delivered", "undelivered"],
    // A later success after a failure report is believed; a second failure report changes nothing.
    ["undelivered", "delivered", undefined],
    // Final: nothing moves a delivered message back.
    ["delivered", undefined, undefined],
    // Not handed to any provider yet: no receipt can be its own.
    ["queued", undefined, undefined],
    ["deferred", undefined, undefined],
  ])("from %s: delivered → %s, undelivered → %s", (status, onDelivered, onUndelivered) => {
    expect(receiptChange({ status }, delivered)?.status).toBe(onDelivered);
    expect(receiptChange({ status }, undelivered)?.status).toBe(onUndelivered);
  });

  it("keeps the provider's code and time", () => {
    expect(receiptChange({ status: "sent" }, undelivered)).toEqual({
      status: "undelivered",
      delivery: { delivered: false, code: "MK:0001", at: "2026-11-03T02:00:06Z" },
    });
  });
});

describe("the fallback email of an undelivered SMS", () => {
  const sms: OutboxEntry = {
    key: "digest:monthly-report:2026-10:530502:anweiban:13900000001:sms",
    channel: "sms",
    recipient: "13900000001",
    recipientName: "王安",
    template: "monthly-report-digest",
    params: { period: "2026年10月" },
    subject: { type: "digest", id: "monthly-report/2026-10/530502" },
    scope: "530502",
    fallbackEmail: "wang@example.gov.cn",
    id: "0123456789abcdef",
    status: "undelivered",
    attempts: 1,
    createdAt: "2026-11-06T00:00:00.000Z",
  };

  it("is the same notice to the official's address, under a key derived from the SMS's", () => {
    expect(fallbackEmail(sms)).toEqual({
      key: `${sms.key}:fallback-email`,
      channel: "email",
      recipient: "wang@example.gov.cn",
      recipientName: "王安",
      template: "monthly-report-digest",
      params: { period: "2026年10月" },
      subject: sms.subject,
      scope: "530502",
    });
  });

  it("exists only for an undelivered SMS that names an address", () => {
    expect(fallbackEmail({ ...sms, status: "sent" })).toBeUndefined();
    expect(fallbackEmail({ ...sms, status: "delivered" })).toBeUndefined();
    const { fallbackEmail: _none, ...withoutAddress } = sms;
    expect(fallbackEmail(withoutAddress)).toBeUndefined();
  });
});
