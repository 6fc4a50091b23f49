import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import type { Message } from "../../functions/domain/ports";
import { signedSinkReceipts } from "../../local/sink-receipts";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, type Json, sesEmails, startTestStack, tokenFor } from "./support";

/**
 * The dispatcher and delivery receipts on the embedded stack: a burst to one SMS provider paced to its
 * rate, receipts posted the provider's way (signed), the fallback email of an undelivered SMS to an
 * official, and the local SES stand-in's events.
 */

/** The sink paced at 20 messages a second, 5 at once: a burst of 40 needs at least (40 − 5) / 20 s. */
const RATE = { perSecond: 20, burst: 5 };
const BURST = 40;

let stack: Stack;
let api: Api;
let admin: string;

beforeAll(async () => {
  const paced = {
    ...config,
    notify: {
      ...config.notify,
      dispatch: { ...config.notify.dispatch, rates: { ...config.notify.dispatch.rates, sink: RATE } },
    },
  };
  stack = await startTestStack({ now: "2026-11-03T10:00:00+08:00", demo: false, config: paced });
  api = apiFor(stack.urls.api);
  admin = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530000" });
}, 120_000);

afterAll(() => stack?.stop());

const mobile = (n: number) => `1391234${String(n).padStart(4, "0")}`;

function notice(n: number, tag: string, extra: Partial<Message> = {}): Message {
  return {
    key: `test:${tag}:${n}:sms`,
    channel: "sms",
    recipient: mobile(n),
    recipientName: `收件人${n}`,
    template: "monthly-report-reminder",
    params: { enterprise: `企业${n}`, period: "2026年10月", dueDate: "11月5日" },
    subject: { type: "filing", id: `ent${n}/monthly-report/2026-10` },
    scope: "530502",
    ...extra,
  };
}

async function entryOf(recipient: string, key: string): Promise<Json> {
  const res = await api("GET", `/v1/notifications?recipient=${encodeURIComponent(recipient)}&limit=100`, {
    token: admin,
  });
  expect(res.status, res.text).toBe(200);
  const stored = await stack.deps.outbox.get(key);
  return res.body.items.find((m: Json) => m.id === stored?.id);
}

function postReceipt(receipts: Parameters<typeof signedSinkReceipts>[1], key = stack.sinkReceiptKey) {
  const { headers, body } = signedSinkReceipts(key, receipts);
  return fetch(`${stack.urls.api}/v1/provider-callbacks/sink`, { method: "POST", headers, body }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as Json }),
  );
}

describe("a burst of messages to one provider", () => {
  it(`sends ${BURST} SMS at ${RATE.perSecond}/s no sooner than the rate allows, each exactly once`, async () => {
    const batch = Array.from({ length: BURST }, (_, i) => notice(i, "burst"));
    const started = performance.now();

    const summary = await stack.deps.notifier.enqueue(batch);
    const seconds = (performance.now() - started) / 1000;

    expect(summary).toMatchObject({ enqueued: BURST, duplicates: 0 });
    const sent = stack.sms.list().filter((m) => m.params.period === "2026年10月");
    expect(sent.map((m) => m.to).sort()).toEqual(batch.map((m) => m.recipient).sort());
    expect(seconds).toBeGreaterThanOrEqual((BURST - RATE.burst) / RATE.perSecond);
    for (const m of batch) expect((await stack.deps.outbox.get(m.key))?.status).toBe("sent");
  });
});

describe("delivery receipts", () => {
  it("a signed receipt marks the SMS delivered, with the provider's code and time, in GET /v1/notifications", async () => {
    const m = notice(101, "receipt");
    await stack.deps.notifier.enqueue([m]);
    const id = (await stack.deps.outbox.get(m.key))?.id;

    const res = await postReceipt([
      { outId: id, to: m.recipient, delivered: true, code: "DELIVRD", at: "2026-11-03T02:00:05Z" },
    ]);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 0, result: 0, received: 1, applied: 1 });
    expect(await entryOf(m.recipient, m.key)).toMatchObject({
      status: "delivered",
      delivery: { delivered: true, code: "DELIVRD", at: "2026-11-03T02:00:05Z" },
    });
  });

  it("the same receipt posted twice changes nothing the second time; a later failure does not undo delivered", async () => {
    const m = notice(102, "twice");
    await stack.deps.notifier.enqueue([m]);
    const id = (await stack.deps.outbox.get(m.key))?.id;
    const receipt = { outId: id, delivered: true, code: "DELIVRD", at: "2026-11-03T02:00:06Z" };
    await postReceipt([receipt]);
    const before = await stack.deps.outbox.get(m.key);

    const again = await postReceipt([receipt]);
    const late = await postReceipt([{ ...receipt, delivered: false, code: "UNDELIV" }]);

    expect(again.body).toMatchObject({ applied: 0, unchanged: 1 });
    expect(late.body).toMatchObject({ applied: 0, unchanged: 1 });
    expect(await stack.deps.outbox.get(m.key)).toEqual(before);
  });

  it("a receipt for a message duban never sent is accepted and ignored", async () => {
    const res = await postReceipt([
      { outId: "ffffffffffffffff", delivered: true, code: "DELIVRD", at: "2026-11-03T02:00:07Z" },
    ]);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 1, applied: 0, unknown: 1 });
  });

  it("a forged receipt (signed with another key, or not at all) is refused with 401 and changes nothing", async () => {
    const m = notice(103, "forged");
    await stack.deps.notifier.enqueue([m]);
    const id = (await stack.deps.outbox.get(m.key))?.id;
    const before = await stack.deps.outbox.get(m.key);
    const receipt = { outId: id, delivered: false, code: "UNDELIV", at: "2026-11-03T02:00:08Z" };

    const forged = await postReceipt([receipt], Buffer.alloc(32, 7));
    const unsigned = await fetch(`${stack.urls.api}/v1/provider-callbacks/sink`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ receipts: [receipt] }),
    });

    expect(forged.status).toBe(401);
    expect(unsigned.status).toBe(401);
    expect(await stack.deps.outbox.get(m.key)).toEqual(before);
  });

  it("a callback for a provider duban has no reader for is 404", async () => {
    const res = await fetch(`${stack.urls.api}/v1/provider-callbacks/nobody`, { method: "POST", body: "{}" });

    expect(res.status).toBe(404);
  });
});

describe("an undelivered SMS to an official", () => {
  it("yields one email to the official's address, however often the receipt comes", async () => {
    const address = "yinghe.fallback@example.gov.cn";
    const m = notice(201, "digest", { fallbackEmail: address, template: "monthly-report-digest" });
    const digest = {
      ...m,
      params: {
        official: "值班员",
        period: "2026年10月",
        closedAt: "2026-11-06 00:00",
        missing: "1",
        zeroInspections: "0",
        tracked: "0",
        trackAfter: "3",
        countyActive: "10",
        countyFiled: "9",
        countyRate: "90.0%",
        missingList: "某企业 联系人 李四 13800000000",
        zeroList: "无",
        trackedList: "无",
        noInspectorSection: "",
      },
    };
    await stack.deps.notifier.enqueue([digest]);
    const id = (await stack.deps.outbox.get(m.key))?.id;
    const receipt = { outId: id, delivered: false, code: "MK:0001", at: "2026-11-03T02:01:00Z" };

    const first = await postReceipt([receipt]);
    const second = await postReceipt([receipt]);

    expect(first.body).toMatchObject({ applied: 1 });
    expect(second.body).toMatchObject({ applied: 0, unchanged: 1 });
    expect(await entryOf(m.recipient, m.key)).toMatchObject({
      status: "undelivered",
      delivery: { delivered: false, code: "MK:0001" },
    });
    const emails = (await sesEmails(stack.urls.ses)).filter((e) => e.destination.to.includes(address));
    expect(emails).toHaveLength(1);
    expect((await stack.deps.outbox.get(`${m.key}:fallback-email`))?.status).toBe("sent");
  });
});

describe("SES events (the local SES stand-in)", () => {
  it("a Delivery event marks the email delivered, a Bounce of another one undelivered", async () => {
    const delivered = {
      ...notice(301, "ses"),
      key: "test:ses:301:email",
      channel: "email" as const,
      recipient: "a301@example.cn",
    };
    const bounced = {
      ...notice(302, "ses"),
      key: "test:ses:302:email",
      channel: "email" as const,
      recipient: "a302@example.cn",
    };
    await stack.deps.notifier.enqueue([delivered, bounced]);
    const idOf = async (key: string) => (await stack.deps.outbox.get(key))?.providerMessageId;
    const event = (messageId: string | undefined, detail: Record<string, unknown>) => ({
      source: "aws.ses",
      detail: { mail: { messageId, timestamp: "2026-11-03T02:02:00Z" }, ...detail },
    });

    const a = await api("POST", "/_local/ses-events", {
      body: event(await idOf(delivered.key), {
        eventType: "Delivery",
        delivery: { timestamp: "2026-11-03T02:02:01Z" },
      }),
    });
    const b = await api("POST", "/_local/ses-events", {
      body: event(await idOf(bounced.key), {
        eventType: "Bounce",
        bounce: { bounceType: "Permanent", bounceSubType: "NoEmail", timestamp: "2026-11-03T02:02:02Z" },
      }),
    });

    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await entryOf(delivered.recipient, delivered.key)).toMatchObject({ status: "delivered" });
    expect(await entryOf(bounced.recipient, bounced.key)).toMatchObject({
      status: "undelivered",
      delivery: { code: "Bounce:Permanent:NoEmail" },
    });
  });
});
