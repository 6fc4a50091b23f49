import { describe, expect, it } from "vitest";
import { shardOf } from "../../functions/domain/hash";
import {
  backoffSeconds,
  drain,
  fullBucket,
  nextAllowed,
  recentSends,
  reserve,
} from "../../functions/domain/rate-limit";

const rate = { perSecond: 5, burst: 3 };

/** Reserves `n` tokens at once at time `at` and returns each one's wait. */
function burst(n: number, at: number) {
  let bucket = fullBucket(rate, 0);
  const waits: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = reserve(bucket, rate, at);
    bucket = r.bucket;
    waits.push(r.waitMs);
  }
  return { waits, bucket };
}

describe("a provider's token bucket", () => {
  it("lets a full burst go at once, then one more every 1/rate seconds", () => {
    const { waits } = burst(8, 0);

    expect(waits).toEqual([0, 0, 0, 200, 400, 600, 800, 1000]);
  });

  it("sends N messages no faster than burst + rate × elapsed allows", () => {
    const n = 40;
    const { waits } = burst(n, 0);
    const last = Math.max(...waits);

    expect(last).toBeGreaterThanOrEqual(((n - rate.burst) / rate.perSecond) * 1000);
  });

  it("refills with time but never beyond its burst", () => {
    const spent = burst(3, 0).bucket;

    expect(reserve(spent, rate, 200).waitMs).toBe(0);
    expect(reserve(spent, rate, 60_000).bucket.tokens).toBe(rate.burst - 1);
  });

  it("a throttling answer empties the bucket for the pause", () => {
    const drained = drain(fullBucket(rate, 0), rate, 0, 1000);

    expect(reserve(drained, rate, 0).waitMs).toBe(1200);
    expect(reserve(drained, rate, 1000).waitMs).toBe(200);
  });
});

describe("a mobile number's frequency cap", () => {
  const cap = { perMinute: 1, perHour: 5 };

  it("allows the first message at once and the next one a minute after", () => {
    expect(nextAllowed([], cap, 0)).toBe(0);
    expect(nextAllowed([0], cap, 10_000)).toBe(60_000);
    expect(nextAllowed([0], cap, 60_001)).toBe(60_001);
  });

  it("holds the sixth message of an hour until the first one leaves the hour", () => {
    const five = [0, 60_000, 120_000, 180_000, 240_000];

    expect(nextAllowed(five, cap, 300_000)).toBe(3_600_000);
    expect(recentSends([...five, -3_600_000], 300_000)).toEqual(five);
  });
});

describe("a retry's backoff", () => {
  const retry = { baseDelaySeconds: 60, maxDelaySeconds: 3600 };

  it("doubles per attempt up to its cap, jittered between half and all of the step", () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const step = Math.min(3600, 60 * 2 ** (attempt - 1));
      for (const r of [0, 0.25, 0.5, 0.9999]) {
        const wait = backoffSeconds(attempt, retry, r);
        expect(wait).toBeGreaterThanOrEqual(step / 2);
        expect(wait).toBeLessThanOrEqual(step);
      }
    }
  });

  it("spreads messages refused together over the second half of the step", () => {
    const waits = Array.from({ length: 100 }, (_, i) => backoffSeconds(3, retry, i / 100));

    expect(Math.min(...waits)).toBe(120);
    expect(Math.max(...waits)).toBe(239);
    expect(new Set(waits).size).toBeGreaterThan(50);
  });
});

describe("the dispatch queue's shards", () => {
  it("spread message keys over all 16 shards, none with more than twice its share", () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 3200; i++) {
      const shard = shardOf(
        `remind:monthly-report:2026-10:d3:9153${String(i).padStart(14, "0")}:info_officer:sms`,
        16,
      );
      counts[shard] = (counts[shard] ?? 0) + 1;
    }

    expect(counts.every((c) => c > 0 && c < 400)).toBe(true);
  });
});
