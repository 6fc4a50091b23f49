import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAliyunSms } from "../../functions/adapters/sms/aliyun-sms";
import type { Message } from "../../functions/domain/ports";
import { startFakeAliyun } from "./fakes/aliyun-sms-fake";
import { startTestStack } from "./support";

const keys = { accessKeyId: "LTAI5tFakeAccessKeyId", accessKeySecret: "fake-access-key-secret-0123456789" };

/** A monthly-report reminder to one information officer (the shipped template, three parameters). */
const reminder = (n: number): Message => ({
  key: `remind:sms-delivery:2026-10:d3:ent${n}:info_officer:sms`,
  channel: "sms",
  recipient: `1380000${String(n).padStart(4, "0")}`,
  template: "monthly-report-reminder",
  params: { enterprise: `保山市某某化工有限公司第${n}分公司`, period: "2026年10月", dueDate: "11月5日" },
  subject: { type: "filing", id: `ent${n}` },
  scope: "530502",
});

/**
 * The outbox of the real embedded stack sending through Aliyun's SDK to a fake Aliyun that checks every
 * request's signature: what the provider answers decides what the outbox records, and nothing is sent twice.
 */
describe("SMS delivery through a mainland provider", () => {
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let fake: Awaited<ReturnType<typeof startFakeAliyun>>;
  const at = (minutes: number) =>
    new Date(new Date("2026-11-03T09:00:00+08:00").getTime() + minutes * 60_000);

  beforeAll(async () => {
    let now = () => at(0);
    fake = await startFakeAliyun({ ...keys, now: () => now() });
    stack = await startTestStack({
      now: "2026-11-03T09:00:00+08:00",
      smsChannel: createAliyunSms({
        ...keys,
        endpoint: `127.0.0.1:${fake.port}`,
        protocol: "http",
        parameterMaxLength: 35,
      }),
    });
    now = () => stack.clock.now();
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.stop();
  });

  const outboxOf = (m: Message) => stack.deps.outbox.get(m.key);
  const sendsTo = (m: Message) => fake.sends.filter((s) => s.to === m.recipient);

  it("a throttled provider slows sending: the refused messages wait their backoff, then go out once each", async () => {
    const messages = [reminder(1), reminder(2), reminder(3)];
    fake.next("throttle", "throttle");

    const first = await stack.deps.notifier.enqueue(messages);
    const waiting = await Promise.all(messages.map(outboxOf));
    const early = await stack.deps.notifier.dispatch();
    await stack.clock.set(at(10));
    const later = await stack.deps.notifier.dispatch();

    expect(first).toMatchObject({ enqueued: 3, duplicates: 0 });
    expect(waiting.map((e) => e?.status).sort()).toEqual(["queued", "queued", "sent"]);
    expect(early.sent).toBe(0);
    expect(later.sent).toBe(2);
    for (const m of messages) {
      expect(sendsTo(m), m.recipient).toHaveLength(1);
      expect((await outboxOf(m))?.status).toBe("sent");
    }
  });

  it("a permanent refusal is recorded once and never tried again", async () => {
    const message = reminder(4);
    fake.next("permanent");

    await stack.deps.notifier.enqueue([message]);
    const calls = fake.calls.length;
    await stack.clock.set(at(120));
    await stack.deps.notifier.dispatch();

    expect(await outboxOf(message)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: expect.stringContaining("isv.MOBILE_NUMBER_ILLEGAL"),
    });
    expect(fake.calls.length).toBe(calls);
    expect(sendsTo(message)).toHaveLength(0);
  });

  it("a send whose answer was lost is resolved by asking the provider, not by sending it again", async () => {
    const message = reminder(5);
    fake.next("lose");

    await stack.deps.notifier.enqueue([message]);
    const afterLoss = await outboxOf(message);
    await stack.clock.set(at(180));
    await stack.deps.notifier.dispatch();

    expect(afterLoss?.status).toBe("queued");
    expect(sendsTo(message)).toHaveLength(1);
    expect(fake.calls.filter((c) => c.action === "QuerySendDetails").length).toBeGreaterThan(0);
    expect(await outboxOf(message)).toMatchObject({
      status: "delivered",
      delivery: { delivered: true, code: "DELIVERED" },
    });
  });

  it("a message refused with a system error is sent again after asking, under the same OutId", async () => {
    const message = reminder(6);
    fake.next("transient");

    await stack.deps.notifier.enqueue([message]);
    await stack.clock.set(at(240));
    await stack.deps.notifier.dispatch();

    const entry = await outboxOf(message);
    expect(entry?.status).toBe("sent");
    expect(sendsTo(message).map((s) => s.outId)).toEqual([entry?.id]);
  });
});
