import type { DubanConfig } from "./config-schema";
import { failpoint } from "./failpoints";
import { askProvider, resolveInterrupted } from "./interrupted-sends";
import { maskMobiles, renderEmail, renderSms } from "./notify";
import { inParallel } from "./parallel";
import type {
  Clock,
  EmailChannel,
  ObjectStore,
  OutboxEntry,
  OutboxStore,
  Pace,
  SendResult,
  SmsChannel,
  Timers,
} from "./ports";
import {
  type Bucket,
  backoffSeconds,
  drain,
  fullBucket,
  nextAllowed,
  recentSends,
  reserve,
} from "./rate-limit";

export type Log = {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
};

export type DispatcherDeps = {
  outbox: OutboxStore;
  sms: SmsChannel;
  email: EmailChannel;
  clock: Clock;
  timers: Timers;
  config: Pick<DubanConfig, "notify" | "templates">;
  log: Log;
  /** The dispatcher's monotonic time and sleep (rates are real seconds). */
  pace: Pace;
  /** A number in [0, 1): the jitter of a backoff. */
  random: () => number;
  /** The providers' names as the rate table knows them (`ses`, `sink`, …). */
  providers: { sms: string; email: string };
  /** Where the files attached to emails are read from (an issued bulletin's PDF). */
  attachments?: Pick<ObjectStore, "get">;
};

export type DispatchSummary = {
  claimed: number;
  sent: number;
  failed: number;
  retrying: number;
  /** Held back by a number's frequency cap, for later in the same day. */
  paced: number;
  /** Left for the next pass (this one ran out of time). */
  left: number;
};

const empty = (): DispatchSummary => ({ claimed: 0, sent: 0, failed: 0, retrying: 0, paced: 0, left: 0 });

/**
 * When the dispatch timer for messages due at `at` fires: the start of the next whole minute (or `at` itself
 * when it is one). Timers are shared per minute, so one timer must be due no earlier than every message
 * of its minute — a timer due at the first message's instant would leave the later ones of that minute
 * waiting for the next morning's pass.
 */
export function dispatchDueAt(at: string): string {
  const ms = new Date(at).getTime();
  return new Date(Math.ceil(ms / 60_000) * 60_000).toISOString();
}

/** The dispatch timer for a moment: every message due in the same minute shares one. */
export function dispatchTimerId(at: string): string {
  return `dispatch-${dispatchDueAt(at)
    .replace(/[^0-9]/g, "")
    .slice(0, 12)}`;
}

/** Sets the dispatch timer of each minute once per call site's set. */
export function dispatchTimers(timers: Timers) {
  const set = new Set<string>();
  return async (at: string) => {
    const id = dispatchTimerId(at);
    if (set.has(id)) return;
    set.add(id);
    await timers.set({
      id,
      dueAt: dispatchDueAt(at),
      workflow: "notification-dispatch",
      phase: "flush",
      input: {},
    });
  };
}

/**
 * The dispatcher: the one place messages leave duban. A pass reads the queue (`DISPATCH#<shard>`, every
 * shard by key condition), paces each provider with a token bucket and each mobile number with its cap,
 * claims a message (`queued` → `sending`, conditional: two passes never send it both), hands it to the
 * provider and writes the answer: `sent`, back to `queued` after a jittered backoff, or `failed`.
 *
 * A message claimed but not answered (the process died in between) stays `sending` until
 * `recoverInterrupted` asks the provider where it can be asked, or marks it `unknown` — never resent blind:
 * a duplicate SMS to a legal representative costs more trust than a gap that the record shows.
 *
 * Passes are serialised within a process: the buckets and caps are the process's, and a second pass
 * asked for while one runs follows it (one pass, however many asked for it meanwhile).
 */
export function createDispatcher(deps: DispatcherDeps) {
  const { outbox, clock, config, log, pace } = deps;
  const settings = config.notify.dispatch;
  const buckets = new Map<string, Bucket>();
  /** Send times (clock ms) of the last hour per mobile number, for its provider's cap. */
  const numbers = new Map<string, number[]>();
  let lastRecovery: number | undefined;

  const providerOf = (entry: OutboxEntry) =>
    entry.channel === "sms" ? deps.providers.sms : deps.providers.email;

  /** The provider request, or why none can ever be made (a missing template or parameter is permanent). */
  async function render(entry: OutboxEntry) {
    try {
      const template = config.templates[entry.template];
      if (!template) throw new Error(`no template "${entry.template}"`);
      // The console's address is the deployment's, not the message's: every template may name it.
      const withConsole = { ...entry, params: { console: config.notify.consoleUrl, ...entry.params } };
      if (entry.channel === "sms")
        return {
          sms: {
            ...renderSms(template, entry.template, withConsole, config.notify.smsSignName, deps.sms.provider),
            // The entry's id: receipts name the message by it, and a lookup after an interrupted send asks for it.
            outId: entry.id,
          },
        };
      const email = renderEmail(template, entry.template, withConsole);
      if (entry.attachments?.length) {
        const files = [];
        for (const a of entry.attachments) {
          const content = await deps.attachments?.get(a.key);
          if (!content) throw new Error(`attachment ${a.key} not found`);
          files.push({ fileName: a.fileName, contentType: a.contentType, content });
        }
        email.attachments = files;
      }
      return { email };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Hands a claimed message to its provider and writes what it answered. */
  async function attempt(
    entry: OutboxEntry,
    provider: string,
    summary: DispatchSummary,
    later: (at: string) => Promise<void>,
  ) {
    const request = await render(entry);
    let result: SendResult;
    try {
      if (request.sms) result = await deps.sms.send(request.sms);
      else if (request.email) result = await deps.email.send(request.email);
      else result = { ok: false, retryable: false, error: request.error ?? "nothing to send" };
    } catch (error) {
      result = { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
    }
    failpoint("provider-answered");
    const now = clock.now();
    if (result.ok) {
      const expiresAt = Math.floor(now.getTime() / 1000) + config.notify.retentionDays * 86_400;
      // The link first: a receipt may come back before the status is written, and must find the message.
      // SMS carry their id to the provider (`outId`), and its receipts name it; email receipts name only
      // the provider's id.
      if (entry.channel === "email" && result.providerMessageId !== "unknown")
        await outbox.linkProviderId(receiptName(provider), result.providerMessageId, entry.key, expiresAt);
      await outbox.transition(entry.key, "sending", {
        status: "sent",
        sentAt: now.toISOString(),
        providerMessageId: result.providerMessageId,
        provider,
        expiresAt,
      });
      summary.sent++;
      return;
    }
    const error = maskMobiles(result.error);
    const rate = settings.rates[provider];
    const throttles = (entry.throttles ?? 0) + (result.throttled ? 1 : 0);
    if (result.throttled && rate) {
      const bucket = buckets.get(provider) ?? fullBucket(rate, pace.millis());
      buckets.set(provider, drain(bucket, rate, pace.millis(), settings.throttlePauseSeconds * 1000));
    }
    const retry = result.throttled
      ? throttles < settings.maxThrottles
      : result.retryable && entry.attempts < config.notify.retry.maxAttempts;
    if (retry) {
      // Throttling backs off by its own count and gives the attempt back: the provider never looked at it.
      const step = result.throttled ? throttles : entry.attempts;
      const wait = backoffSeconds(step, config.notify.retry, deps.random());
      const notBefore = new Date(now.getTime() + wait * 1000).toISOString();
      await outbox.transition(entry.key, "sending", {
        status: "queued",
        notBefore,
        lastError: error,
        ...(result.throttled ? { throttles, attempts: entry.attempts - 1 } : {}),
      });
      await later(notBefore);
      summary.retrying++;
      log.warn("send failed, will retry", {
        key: entry.key,
        channel: entry.channel,
        attempts: entry.attempts,
        error,
      });
      return;
    }
    await outbox.transition(entry.key, "sending", { status: "failed", lastError: error, provider });
    summary.failed++;
    log.warn("send failed permanently", {
      key: entry.key,
      channel: entry.channel,
      attempts: entry.attempts,
      error,
    });
  }

  /** One message of a pass: its number's cap, its provider's bucket, the claim, the send. */
  async function dispatchOne(
    entry: OutboxEntry,
    deadline: number,
    summary: DispatchSummary,
    later: (at: string) => Promise<void>,
  ) {
    const provider = providerOf(entry);
    const rate = settings.rates[provider];
    if (entry.channel === "sms" && rate?.perNumber) {
      // Minutes and hours of the domain clock, like the message's own `notBefore` (a virtual clock moves
      // on by hours between two passes that are a second apart).
      const at = clock.now().getTime();
      const recent = recentSends(numbers.get(entry.recipient) ?? [], at);
      const allowed = nextAllowed(recent, rate.perNumber, at);
      if (allowed > at) {
        const notBefore = new Date(allowed).toISOString();
        if (await outbox.transition(entry.key, entry.status, { status: entry.status, notBefore })) {
          await later(notBefore);
          summary.paced++;
        }
        return;
      }
      // Counted before the wait, so that two sends to one number in the same pass see each other.
      numbers.set(entry.recipient, [...recent, at]);
    }
    const now = pace.millis();
    if (rate) {
      const reserved = reserve(buckets.get(provider) ?? fullBucket(rate, now), rate, now);
      if (now + reserved.waitMs > deadline) {
        summary.left++;
        return;
      }
      buckets.set(provider, reserved.bucket);
      if (reserved.waitMs > 0) await pace.sleep(reserved.waitMs);
    }
    const attempts = entry.attempts + 1;
    const claimed = await outbox.transition(entry.key, entry.status, {
      status: "sending",
      attempts,
      claimedAt: clock.now().toISOString(),
    });
    if (!claimed) return; // another pass took it
    summary.claimed++;
    failpoint("outbox-claimed");
    const claimedEntry: OutboxEntry = { ...entry, status: "sending", attempts };
    // An SMS tried before may have gone out with its answer lost (a reset, a timeout): where the provider
    // can be asked, ask before sending it again.
    if (entry.attempts > 0 && entry.channel === "sms" && deps.sms.lookup) {
      const asked = await askProvider(claimedEntry, {
        outbox,
        sms: deps.sms,
        clock,
        retentionDays: config.notify.retentionDays,
      });
      if (asked === "recorded") {
        summary.sent++;
        return;
      }
      if (asked === "error") {
        // Neither sent again nor given up: a later pass asks again.
        const notBefore = new Date(clock.now().getTime() + 60_000).toISOString();
        await outbox.transition(entry.key, "sending", {
          status: "queued",
          notBefore,
          lastError: "the provider could not be asked whether an earlier attempt went out",
        });
        await later(notBefore);
        summary.retrying++;
        return;
      }
    }
    await attempt(claimedEntry, provider, summary, later);
  }

  /**
   * Sends that were interrupted (the process died between claiming a message and hearing from the
   * provider), after `claimedBefore`: resolved by asking the provider where it can be asked, else marked
   * `unknown` and never resent (interrupted-sends.ts). Returns how many could not be resolved (unknown).
   */
  async function recoverInterrupted(claimedBefore: Date): Promise<number> {
    let unknown = 0;
    let token: string | undefined;
    do {
      const page = await outbox.pageInFlight(claimedBefore.toISOString(), token);
      token = page.nextToken;
      for (const entry of page.items) {
        const outcome = await resolveInterrupted(entry, {
          outbox,
          sms: deps.sms,
          clock,
          retentionDays: config.notify.retentionDays,
        });
        if (outcome === "unknown") {
          unknown++;
          log.warn("send interrupted, delivery unknown", { key: entry.key, channel: entry.channel });
        } else if (outcome !== "undecided") {
          log.info("interrupted send resolved by the provider", { key: entry.key, outcome });
        }
      }
    } while (token);
    return unknown;
  }

  /** One pass: interrupted sends recorded, then every message whose time has come, paced. */
  async function pass(): Promise<DispatchSummary> {
    const summary = empty();
    const deadline = pace.millis() + settings.passSeconds * 1000;
    // Interrupted sends are looked for once per minute of the clock at most (a pass follows every enqueue
    // locally): none can become stale before the clock moves on.
    const minute = Math.floor(clock.now().getTime() / 60_000);
    if (minute !== lastRecovery) {
      lastRecovery = minute;
      const stale = new Date(clock.now().getTime() - config.notify.interruptedAfterMinutes * 60_000);
      summary.failed += await recoverInterrupted(stale);
    }
    const later = dispatchTimers(deps.timers);
    const now = clock.now().toISOString();
    let token: string | undefined;
    do {
      const page = await outbox.pageDue(now, token);
      token = page.nextToken;
      await inParallel(page.items, config.notify.sendConcurrency, (entry) =>
        dispatchOne(entry, deadline, summary, later),
      );
    } while (token && pace.millis() < deadline);
    // What this pass had no time for is taken up by the next minute's.
    if (summary.left > 0 || token) await later(clock.now().toISOString());
    return summary;
  }

  /** Sends exactly these entries (just enqueued, due now), paced like a pass: no read of the queue. */
  async function sendNow(entries: OutboxEntry[]): Promise<DispatchSummary> {
    const summary = empty();
    const deadline = pace.millis() + settings.passSeconds * 1000;
    const later = dispatchTimers(deps.timers);
    await inParallel(entries, config.notify.sendConcurrency, (entry) =>
      dispatchOne(entry, deadline, summary, later),
    );
    if (summary.left > 0) await later(clock.now().toISOString());
    return summary;
  }

  /** One run at a time; a run asked for while another waits to start is shared with it. */
  let waiting: { run: Promise<DispatchSummary>; entries?: OutboxEntry[] } | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  function serialised(entries?: OutboxEntry[]): Promise<DispatchSummary> {
    if (waiting && (entries === undefined) === (waiting.entries === undefined)) {
      if (entries && waiting.entries) waiting.entries.push(...entries);
      return waiting.run;
    }
    const slot: { run: Promise<DispatchSummary>; entries?: OutboxEntry[] } = {
      run: Promise.resolve(empty()),
      ...(entries ? { entries: [...entries] } : {}),
    };
    slot.run = tail.then(() => {
      if (waiting === slot) waiting = undefined;
      return slot.entries ? sendNow(slot.entries) : pass();
    });
    waiting = slot;
    tail = slot.run.catch(() => undefined);
    return slot.run;
  }

  return {
    /**
     * A pass over the whole queue after the run going on now, if any; callers meanwhile share it. What was
     * queued before the call is looked at by the pass the call returns.
     */
    dispatch: (): Promise<DispatchSummary> => serialised(),
    /**
     * The local runtime's wake: sends the entries an enqueue just wrote (and found due), in the same line
     * as the passes — the same pacing, claims and writes, without reading the queue again.
     */
    send: (entries: OutboxEntry[]): Promise<DispatchSummary> => serialised(entries),
    recoverInterrupted,
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** The name receipts come under: a local stand-in (`ses-local`) speaks for the provider it imitates. */
export function receiptName(provider: string): string {
  return provider.replace(/-local$/, "");
}
