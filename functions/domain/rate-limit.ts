/**
 * The dispatcher's pacing rules, as pure functions of time (milliseconds on a monotonic clock handed in):
 * a token bucket per provider (SES's send rate, an SMS provider's QPS), a frequency cap per mobile number
 * (mainland providers refuse more than so many messages to one number a minute and an hour), and the
 * jittered exponential backoff of a retry.
 */

/** A provider's rate: `perSecond` tokens flow in, at most `burst` wait unused. */
export type Rate = { perSecond: number; burst: number };

/**
 * Tokens may go below zero: each send reserves its token at once, and a negative balance is the queue of
 * reservations ahead of it. That keeps concurrent senders in one process fair without a lock.
 */
export type Bucket = { tokens: number; at: number };

export const fullBucket = (rate: Rate, at: number): Bucket => ({ tokens: rate.burst, at });

/** Reserves one token at `now`: the bucket after the reservation and how long to wait before sending. */
export function reserve(bucket: Bucket, rate: Rate, now: number): { bucket: Bucket; waitMs: number } {
  const elapsed = Math.max(0, now - bucket.at);
  const refilled = Math.min(rate.burst, bucket.tokens + (elapsed * rate.perSecond) / 1000);
  const tokens = refilled - 1;
  const waitMs = tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / rate.perSecond);
  return { bucket: { tokens, at: Math.max(now, bucket.at) }, waitMs };
}

/**
 * A provider that says "slow down" (throttling) empties the bucket and holds it for `pauseMs`: the
 * configured rate was more than the provider grants now.
 */
export function drain(bucket: Bucket, rate: Rate, now: number, pauseMs: number): Bucket {
  const held = -(pauseMs * rate.perSecond) / 1000;
  return { tokens: Math.min(bucket.tokens, held), at: Math.max(now, bucket.at) };
}

/** At most `perMinute` messages in any minute and `perHour` in any hour to one number. */
export type NumberCap = { perMinute: number; perHour: number };

/**
 * When the next message to a number may go, given the times (ms) of the earlier ones still inside the last
 * hour: `now` if neither window is full, else the moment the oldest message of the full window leaves it.
 */
export function nextAllowed(sentAt: number[], cap: NumberCap, now: number): number {
  const hour = sentAt.filter((t) => t > now - 3_600_000).sort((a, b) => a - b);
  const minute = hour.filter((t) => t > now - 60_000);
  let at = now;
  if (minute.length >= cap.perMinute)
    at = Math.max(at, (minute[minute.length - cap.perMinute] ?? now) + 60_000);
  if (hour.length >= cap.perHour) at = Math.max(at, (hour[hour.length - cap.perHour] ?? now) + 3_600_000);
  return at;
}

/** The send times still worth remembering for a number's cap (the last hour). */
export function recentSends(sentAt: number[], now: number): number[] {
  return sentAt.filter((t) => t > now - 3_600_000);
}

export type Backoff = { baseDelaySeconds: number; maxDelaySeconds: number };

/**
 * The wait before retry number `attempt` (1-based): base × 2^(attempt−1), capped, then "equal jitter" —
 * half of it fixed, half drawn by `random` (in [0, 1)) — so that messages refused together by a throttled
 * provider do not all come back in the same second, and none comes back sooner than half its step.
 */
export function backoffSeconds(attempt: number, retry: Backoff, random: number): number {
  const step = Math.min(retry.maxDelaySeconds, retry.baseDelaySeconds * 2 ** Math.max(0, attempt - 1));
  const r = Math.min(Math.max(random, 0), 1);
  return Math.max(1, Math.round(step / 2 + (step / 2) * r));
}
