import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { createOutbox, dispatchTimerId } from "../../functions/domain/notifier";
import type {
  Message,
  OutboxEntry,
  OutboxStore,
  SendResult,
  SmsChannel,
  Timer,
} from "../../functions/domain/ports";

/** An in-memory outbox with the same conditional semantics as the DynamoDB one (claim once, move if in state). */
function memoryOutbox(): OutboxStore & { entries: Map<string, OutboxEntry> } {
  const entries = new Map<string, OutboxEntry>();
  const links = new Map<string, string>();
  return {
    entries,
    async claim(entry) {
      if (entries.has(entry.key)) return false;
      entries.set(entry.key, { ...entry });
      return true;
    },
    async transition(key, from, patch) {
      const current = entries.get(key);
      if (!current || current.status !== from) return false;
      entries.set(key, { ...current, ...patch });
      return true;
    },
    async get(key) {
      return entries.get(key);
    },
    async pageDue(before) {
      const items = [...entries.values()].filter(
        (e) => (e.status === "queued" || e.status === "deferred") && (e.notBefore ?? "") <= before,
      );
      return { items };
    },
    async pageInFlight(claimedBefore) {
      const items = [...entries.values()].filter(
        (e) => e.status === "sending" && (e.claimedAt ?? "") < claimedBefore,
      );
      return { items };
    },
    async byId(id) {
      return [...entries.values()].find((e) => e.id === id);
    },
    async linkProviderId(provider, providerMessageId, key) {
      links.set(`${provider}#${providerMessageId}`, key);
    },
    async byProviderId(provider, providerMessageId) {
      const key = links.get(`${provider}#${providerMessageId}`);
      return key ? entries.get(key) : undefined;
    },
    async byRecipient(recipient) {
      return { items: [...entries.values()].filter((e) => e.recipient === recipient) };
    },
  };
}

type Outcome = SendResult | ((to: string) => SendResult);

/** A monotonic clock that moves only when the dispatcher waits: what it waited for is the record. */
function fakePace() {
  const pace = {
    t: 0,
    slept: [] as number[],
    millis: () => pace.t,
    /** Concurrent waits overlap: the clock ends at the latest of them, not at their sum. */
    sleep: async (ms: number) => {
      const from = pace.t;
      pace.slept.push(ms);
      await Promise.resolve();
      pace.t = Math.max(pace.t, from + ms);
    },
  };
  return pace;
}

function harness(
  now: string,
  outcomes: Outcome[] = [],
  tuned: Partial<typeof config.notify.dispatch> = {},
  lookup?: SmsChannel["lookup"],
) {
  const clock = {
    at: new Date(now),
    now() {
      return new Date(this.at);
    },
  };
  const sent: { channel: string; to: string; at: number; outId?: string }[] = [];
  const timers: Timer[] = [];
  const pace = fakePace();
  const next = (to: string): SendResult => {
    const outcome = outcomes.shift() ?? { ok: true, providerMessageId: `p-${sent.length}` };
    return typeof outcome === "function" ? outcome(to) : outcome;
  };
  const outbox = memoryOutbox();
  const notifier = createOutbox({
    outbox,
    clock,
    config: { ...config, notify: { ...config.notify, dispatch: { ...config.notify.dispatch, ...tuned } } },
    timers: { set: async (t) => void timers.push(t) },
    log: { info: () => undefined, warn: () => undefined },
    wake: "in-process",
    pace,
    random: () => 0.9999,
    providers: { sms: "test-sms", email: "test-email" },
    sms: {
      provider: lookup ? "aliyun" : "sink",
      send: async (r) => {
        const result = next(r.to);
        if (result.ok) sent.push({ channel: "sms", to: r.to, at: pace.t, outId: r.outId });
        return result;
      },
      ...(lookup ? { lookup } : {}),
    },
    email: {
      send: async (r) => {
        const result = next(r.to);
        if (result.ok) sent.push({ channel: "email", to: r.to, at: pace.t });
        return result;
      },
    },
  });
  return { clock, sent, timers, outbox, notifier, pace };
}

const message = (n: number, channel: "sms" | "email" = "sms"): Message => ({
  key: `remind:test:2026-10:d3:ent${n}:info_officer:${channel}`,
  channel,
  recipient: channel === "sms" ? `1391234${String(n).padStart(4, "0")}` : `a${n}@example.cn`,
  template: "monthly-report-reminder",
  params: { enterprise: `企业${n}`, period: "2026年10月", dueDate: "11月5日" },
  subject: { type: "filing", id: `ent${n}/test/2026-10` },
  scope: "530502",
});

describe("the outbox", () => {
  it("a message sent twice under the same key reaches its recipient once", async () => {
    const { notifier, sent } = harness("2026-11-03T09:00:00+08:00");

    const first = await notifier.enqueue([message(1), message(1, "email")]);
    const replay = await notifier.enqueue([message(1), message(1, "email")]);

    expect(sent).toHaveLength(2);
    expect(first).toEqual({ enqueued: 2, duplicates: 0, deferred: 0 });
    expect(replay).toEqual({ enqueued: 0, duplicates: 2, deferred: 0 });
  });

  it("two dispatchers racing over the same messages send each once", async () => {
    const a = harness("2026-11-03T09:00:00+08:00");
    const b = createOutbox({
      outbox: a.outbox,
      clock: a.clock,
      config,
      timers: { set: async () => undefined },
      log: { info: () => undefined, warn: () => undefined },
      wake: "in-process",
      pace: fakePace(),
      random: () => 0.5,
      providers: { sms: "test-sms", email: "test-email" },
      sms: {
        provider: "sink",
        send: async (r) => {
          a.sent.push({ channel: "sms", to: r.to, at: 0 });
          return { ok: true, providerMessageId: "b" };
        },
      },
      email: { send: async () => ({ ok: true, providerMessageId: "b" }) },
    });
    const batch = Array.from({ length: 30 }, (_, i) => message(i));

    await Promise.all([a.notifier.enqueue(batch), b.enqueue(batch), a.notifier.dispatch(), b.dispatch()]);

    expect(a.sent).toHaveLength(30);
  });

  it("an SMS due at 00:00 Shanghai is deferred to 08:00 under one shared dispatch timer, and an email is not", async () => {
    const { notifier, sent, timers, outbox } = harness("2026-11-06T00:00:00+08:00");

    const summary = await notifier.enqueue([message(1), message(2), message(3, "email")]);

    expect(summary).toMatchObject({ enqueued: 3, deferred: 2 });
    expect(sent.map((s) => s.channel)).toEqual(["email"]);
    const eight = new Date("2026-11-06T08:00:00+08:00").toISOString();
    expect(timers).toEqual([
      {
        id: dispatchTimerId(eight),
        dueAt: eight,
        workflow: "notification-dispatch",
        phase: "flush",
        input: {},
      },
    ]);
    expect(outbox.entries.get(message(1).key)).toMatchObject({ status: "deferred", notBefore: eight });
  });

  it("deferred SMS go out when the quiet hours end, not before", async () => {
    const { notifier, sent, clock, outbox } = harness("2026-11-06T00:00:00+08:00");
    await notifier.enqueue([message(1), message(2)]);

    clock.at = new Date("2026-11-06T07:59:00+08:00");
    const early = await notifier.dispatch();
    clock.at = new Date("2026-11-06T08:00:00+08:00");
    const onTime = await notifier.dispatch();

    expect(early.sent).toBe(0);
    expect(onTime.sent).toBe(2);
    expect(sent).toHaveLength(2);
    expect(outbox.entries.get(message(1).key)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("a throttled send is retried with backoff and then succeeds", async () => {
    const throttled: SendResult = { ok: false, retryable: true, error: "ThrottlingException: rate exceeded" };
    const { notifier, clock, outbox, timers, sent } = harness("2026-11-03T09:00:00+08:00", [throttled]);

    const first = await notifier.enqueue([message(1)]);
    const entry = outbox.entries.get(message(1).key);
    clock.at = new Date(entry?.notBefore ?? 0);
    const retry = await notifier.dispatch();

    expect(first).toMatchObject({ enqueued: 1 });
    expect(entry?.status).toBe("queued");
    expect(entry?.notBefore).toBe(new Date("2026-11-03T09:01:00+08:00").toISOString());
    expect(timers).toHaveLength(1);
    expect(retry.sent).toBe(1);
    expect(sent).toHaveLength(1);
    expect(outbox.entries.get(message(1).key)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a permanent error is recorded and never retried, with the mobile number masked", async () => {
    const rejected: SendResult = { ok: false, retryable: false, error: "InvalidNumber 13912340001" };
    const { notifier, outbox } = harness("2026-11-03T09:00:00+08:00", [rejected]);

    const summary = await notifier.enqueue([message(1)]);
    const again = await notifier.dispatch();

    expect(summary.enqueued).toBe(1);
    expect(again.claimed).toBe(0);
    expect(outbox.entries.get(message(1).key)).toMatchObject({
      status: "failed",
      lastError: "InvalidNumber 139****0001",
    });
  });

  it("a send that keeps failing stops after the configured attempts and is marked failed", async () => {
    const down: SendResult = { ok: false, retryable: true, error: "ServiceUnavailable" };
    const { notifier, clock, outbox } = harness(
      "2026-11-03T09:00:00+08:00",
      Array.from({ length: 10 }, () => ({ ...down })),
    );

    await notifier.enqueue([message(1)]);
    for (let i = 0; i < 10; i++) {
      const entry = outbox.entries.get(message(1).key);
      if (entry?.status !== "queued") break;
      clock.at = new Date(entry.notBefore ?? 0);
      await notifier.dispatch();
    }

    expect(outbox.entries.get(message(1).key)).toMatchObject({
      status: "failed",
      attempts: config.notify.retry.maxAttempts,
    });
  });

  const interruptedAt = (harnessed: ReturnType<typeof harness>, n = 7) => {
    const interrupted = message(n);
    harnessed.outbox.claim({
      ...interrupted,
      id: "0123456789abcdef",
      status: "sending",
      attempts: 1,
      createdAt: harnessed.clock.now().toISOString(),
      claimedAt: harnessed.clock.now().toISOString(),
    });
    return interrupted;
  };

  it("a send interrupted on a channel that cannot be asked is marked unknown after the grace period, never resent", async () => {
    const h = harness("2026-11-03T09:00:00+08:00");
    const interrupted = interruptedAt(h);

    h.clock.at = new Date("2026-11-03T09:10:00+08:00");
    const early = await h.notifier.dispatch();
    h.clock.at = new Date("2026-11-03T09:20:00+08:00");
    const late = await h.notifier.dispatch();

    expect(early.failed).toBe(0);
    expect(late.failed).toBe(1);
    expect(h.sent).toHaveLength(0);
    expect(h.outbox.entries.get(interrupted.key)).toMatchObject({
      status: "unknown",
      lastError: expect.stringMatching(/interrupted/),
    });
  });

  it("a send interrupted where the provider has it is recorded from the provider's answer, not resent", async () => {
    const asked: { outId: string; to: string }[] = [];
    const h = harness("2026-11-03T09:00:00+08:00", [], {}, async (q) => {
      asked.push({ outId: q.outId, to: q.to });
      return { kind: "found", state: "delivered", providerMessageId: "biz-1", code: "DELIVERED" };
    });
    const interrupted = interruptedAt(h);

    h.clock.at = new Date("2026-11-03T09:20:00+08:00");
    await h.notifier.dispatch();

    expect(asked).toEqual([{ outId: "0123456789abcdef", to: interrupted.recipient }]);
    expect(h.sent).toHaveLength(0);
    expect(h.outbox.entries.get(interrupted.key)).toMatchObject({
      status: "delivered",
      providerMessageId: "biz-1",
      delivery: { delivered: true, code: "DELIVERED" },
    });
  });

  it("a send interrupted where the provider has none is sent again once, under the same outId", async () => {
    const h = harness("2026-11-03T09:00:00+08:00", [], {}, async () => ({ kind: "not_found" }));
    const interrupted = interruptedAt(h);

    h.clock.at = new Date("2026-11-03T09:20:00+08:00");
    await h.notifier.dispatch();
    await h.notifier.dispatch();

    expect(h.sent).toMatchObject([{ channel: "sms", to: interrupted.recipient, outId: "0123456789abcdef" }]);
    expect(h.outbox.entries.get(interrupted.key)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a send interrupted whose provider cannot be reached stays in flight for the next pass", async () => {
    const h = harness("2026-11-03T09:00:00+08:00", [], {}, async () => {
      throw new Error("connect ECONNREFUSED");
    });
    const interrupted = interruptedAt(h);

    h.clock.at = new Date("2026-11-03T09:20:00+08:00");
    await h.notifier.dispatch();

    expect(h.sent).toHaveLength(0);
    expect(h.outbox.entries.get(interrupted.key)?.status).toBe("sending");
  });

  it("retries failing in the same minute share one flush timer, due once every one of them is due", async () => {
    const throttled: SendResult = { ok: false, retryable: true, error: "ThrottlingException" };
    const { notifier, clock, outbox, timers, sent } = harness("2026-11-03T09:00:10.000+08:00", [
      throttled,
      { ...throttled },
    ]);

    await notifier.enqueue([message(1)]);
    clock.at = new Date("2026-11-03T09:00:40.000+08:00");
    await notifier.enqueue([message(2)]);
    const [timer] = timers;
    clock.at = new Date(timer?.dueAt ?? 0);
    const flushed = await notifier.dispatch();

    expect(new Set(timers.map((t) => t.id)).size).toBe(1); // setting a timer id again is a no-op
    expect(outbox.entries.get(message(2).key)?.notBefore).toBe(
      new Date("2026-11-03T09:01:40.000+08:00").toISOString(),
    );
    expect(timer?.dueAt).toBe(new Date("2026-11-03T09:02:00.000+08:00").toISOString());
    expect(flushed.sent).toBe(2);
    expect(sent).toHaveLength(2);
  });

  it("a message whose template parameter is missing fails once as permanent and is never retried", async () => {
    const { notifier, clock, outbox, sent, timers } = harness("2026-11-03T09:00:00+08:00");
    const incomplete = { ...message(1), params: { enterprise: "企业1", period: "2026年10月" } };

    const summary = await notifier.enqueue([incomplete]);
    clock.at = new Date("2026-11-03T12:00:00+08:00");
    const later = await notifier.dispatch();

    expect(summary).toMatchObject({ enqueued: 1 });
    expect(later.claimed).toBe(0);
    expect(timers).toHaveLength(0);
    expect(sent).toHaveLength(0);
    expect(outbox.entries.get(incomplete.key)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: expect.stringMatching(/dueDate/),
    });
  });

  it("an SMS whose parameter is only a link fails once as permanent and is never sent with a hole", async () => {
    const { notifier, clock, outbox, sent, timers } = harness("2026-11-03T09:00:00+08:00");
    const linkOnly = { ...message(1), params: { ...message(1).params, enterprise: "http://example.com/a" } };

    const summary = await notifier.enqueue([linkOnly]);
    clock.at = new Date("2026-11-03T12:00:00+08:00");
    const later = await notifier.dispatch();

    expect(summary).toMatchObject({ enqueued: 1 });
    expect(later.claimed).toBe(0);
    expect(timers).toHaveLength(0);
    expect(sent).toHaveLength(0);
    expect(outbox.entries.get(linkOnly.key)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: expect.stringMatching(/enterprise.*empty/),
    });
  });

  it("a sent message expires after the retention period; a failed one is kept", async () => {
    const rejected: SendResult = { ok: false, retryable: false, error: "InvalidNumber" };
    const { notifier, clock, outbox } = harness("2026-11-03T09:00:00+08:00", [
      { ok: true, providerMessageId: "p-1" },
      rejected,
    ]);

    await notifier.enqueue([message(1), message(2)]);

    const sentAt = Math.floor(clock.now().getTime() / 1000);
    expect(outbox.entries.get(message(1).key)?.expiresAt).toBe(sentAt + config.notify.retentionDays * 86_400);
    expect(outbox.entries.get(message(2).key)?.expiresAt).toBeUndefined();
  });
});

describe("the dispatcher's pace", () => {
  const at = "2026-11-03T09:00:00+08:00";
  const slow = { rates: { "test-sms": { perSecond: 4, burst: 2 } } };

  it("sends a burst to one provider no faster than its rate, each message once", async () => {
    const { notifier, sent, pace } = harness(at, [], slow);
    const batch = Array.from({ length: 10 }, (_, i) => message(i));

    await notifier.enqueue(batch);

    expect(sent.map((s) => s.to).sort()).toEqual(batch.map((m) => m.recipient).sort());
    // Two at once (the burst), then one every 250 ms: the last after (10 − 2) / 4 s.
    expect(Math.max(...sent.map((s) => s.at))).toBeGreaterThanOrEqual(2000);
    expect(pace.t).toBeLessThan(2500);
  });

  it("paces each provider on its own: email does not wait for SMS", async () => {
    const { notifier, sent, pace } = harness(at, [], slow);

    await notifier.enqueue([...Array.from({ length: 6 }, (_, i) => message(i)), message(9, "email")]);

    // Six SMS at 4/s with a burst of 2: four of them wait; the email never does.
    expect(pace.slept).toHaveLength(4);
    expect(sent.filter((s) => s.channel === "email")).toHaveLength(1);
  });

  it("holds a second SMS to the same number for its cap's minute, with a timer for then", async () => {
    const capped = {
      rates: { "test-sms": { perSecond: 100, burst: 100, perNumber: { perMinute: 1, perHour: 5 } } },
    };
    const { notifier, sent, outbox, timers } = harness(at, [], capped);
    const second = { ...message(1), key: "another:reminder:sms" };

    await notifier.enqueue([message(1), second]);

    expect(sent).toHaveLength(1);
    const held = [...outbox.entries.values()].find((e) => e.status === "queued");
    expect(held?.notBefore).toBe(new Date("2026-11-03T09:01:00+08:00").toISOString());
    expect(timers.map((t) => t.dueAt)).toContain(held?.notBefore);
  });

  it("a throttling refusal slows the provider and gives the attempt back; the message goes later, once", async () => {
    const throttled: SendResult = {
      ok: false,
      retryable: true,
      throttled: true,
      error: "isv.BUSINESS_LIMIT_CONTROL",
    };
    const { notifier, sent, outbox, clock, pace } = harness(at, [throttled], slow);

    await notifier.enqueue([message(1)]);
    const entry = outbox.entries.get(message(1).key);
    expect(entry).toMatchObject({ status: "queued", attempts: 0, throttles: 1 });
    clock.at = new Date(entry?.notBefore ?? 0);
    await notifier.dispatch();

    expect(pace.slept.some((ms) => ms >= 1000)).toBe(true);
    expect(sent).toHaveLength(1);
    expect(outbox.entries.get(message(1).key)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("a pass that runs out of time leaves the rest queued for the next minute's pass", async () => {
    const { notifier, sent, outbox, timers } = harness(at, [], { ...slow, passSeconds: 5 });
    const batch = Array.from({ length: 40 }, (_, i) => message(i));

    await notifier.enqueue(batch);

    const queued = [...outbox.entries.values()].filter((e) => e.status === "queued");
    expect(sent.length + queued.length).toBe(40);
    expect(sent.length).toBeLessThanOrEqual(2 + 5 * 4);
    expect(timers.map((t) => t.id)).toContain(dispatchTimerId(new Date(at).toISOString()));
  });

  it("remembers which message a provider's id names, for its receipt", async () => {
    const { notifier, outbox } = harness(at, [{ ok: true, providerMessageId: "SES-42" }]);

    await notifier.enqueue([message(1, "email")]);

    expect((await outbox.byProviderId("test-email", "SES-42"))?.key).toBe(message(1, "email").key);
  });
});
