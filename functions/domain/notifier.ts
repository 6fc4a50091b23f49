import type { DubanConfig } from "./config-schema";
import { createDispatcher, type Dispatcher, type DispatcherDeps, dispatchTimers } from "./dispatcher";
import { failpoint } from "./failpoints";
import { shortId } from "./hash";
import { smsReleaseTime } from "./notify";
import { inParallel } from "./parallel";
import type { Clock, Message, OutboxEntry, OutboxStore, Timers } from "./ports";

export type { Log } from "./dispatcher";
export { dispatchDueAt, dispatchTimerId } from "./dispatcher";

/** Entries claimed per batch round (one BatchGetItem, four BatchWriteItem requests). */
const CLAIM_CHUNK = 100;

export type EnqueueSummary = {
  /** Written now (each under its deterministic key). */
  enqueued: number;
  /** Written before (a replayed step, a retried task): left as they are. */
  duplicates: number;
  /** SMS due in the quiet hours, waiting for their end. */
  deferred: number;
};

/**
 * How an enqueue wakes the dispatcher. `timer`: the dispatch timer of the minute the messages are due (on
 * AWS a one-time schedule; the next whole minute at the latest). `in-process` (the local runtime): what is
 * due now is handed to the process's dispatcher at once and the caller waits for it, so a response or a
 * fired timer returns with its messages handed over; what waits for later gets its timer like on AWS.
 */
export type DispatchWake = "timer" | "in-process";

export type NotifierDeps = {
  outbox: OutboxStore;
  clock: Clock;
  timers: Timers;
  config: Pick<DubanConfig, "notify">;
  dispatcher: Dispatcher;
  wake: DispatchWake;
};

/**
 * The outbox's front: use cases enqueue messages, never send them. Each is written under its deterministic
 * key once (a replay finds its twin and writes nothing): in batches where the store can (`claimMany`: an
 * existence read, then a batch write of the absent ones), else a conditional put each, many in parallel;
 * the dispatcher (dispatcher.ts) sends them under each provider's pace.
 */
export function createNotifier(deps: NotifierDeps) {
  const { outbox, clock, config } = deps;
  return {
    async enqueue(messages: Message[]): Promise<EnqueueSummary> {
      const summary: EnqueueSummary = { enqueued: 0, duplicates: 0, deferred: 0 };
      const later = new Set<string>();
      const dueNow: OutboxEntry[] = [];
      const now = clock.now();
      const entries = messages.map((message): OutboxEntry => {
        const release = message.channel === "sms" ? smsReleaseTime(now, config.notify.smsQuietHours) : now;
        return {
          ...message,
          id: shortId(message.key),
          status: release.getTime() > now.getTime() ? "deferred" : "queued",
          attempts: 0,
          createdAt: now.toISOString(),
          notBefore: release.toISOString(),
        };
      });
      const written = (entry: OutboxEntry) => {
        summary.enqueued++;
        const deferred = entry.status === "deferred";
        if (deferred) summary.deferred++;
        if (deps.wake === "in-process" && !deferred) dueNow.push(entry);
        else later.add(entry.notBefore ?? entry.createdAt);
      };
      if (outbox.claimMany) {
        // A few batch requests per hundred messages instead of a conditional put each (outbox-store.ts).
        for (let i = 0; i < entries.length; i += CLAIM_CHUNK) {
          const chunk = entries.slice(i, i + CLAIM_CHUNK);
          const claimed = await outbox.claimMany(chunk);
          chunk.forEach((entry, j) => {
            if (claimed[j]) written(entry);
            else summary.duplicates++;
          });
        }
      } else {
        await inParallel(entries, Math.max(config.notify.sendConcurrency, 32), async (entry) => {
          if (await outbox.claim(entry)) written(entry);
          else summary.duplicates++;
        });
      }
      if (later.size > 0 || dueNow.length > 0) failpoint("outbox-enqueued");
      const timer = dispatchTimers(deps.timers);
      for (const at of later) await timer(at);
      if (dueNow.length > 0) await deps.dispatcher.send(dueNow);
      return summary;
    },
    /** A pass over the whole queue (the dispatch task; locally also on start). */
    dispatch: () => deps.dispatcher.dispatch(),
    recoverInterrupted: (claimedBefore: Date) => deps.dispatcher.recoverInterrupted(claimedBefore),
  };
}

export type Notifier = ReturnType<typeof createNotifier>;

/** The enqueue side and the dispatcher of one runtime, built together from the same ports. */
export function createOutbox(
  deps: Omit<DispatcherDeps, "config"> & {
    config: Pick<DubanConfig, "notify" | "templates">;
    wake: DispatchWake;
  },
): Notifier {
  const dispatcher = createDispatcher(deps);
  return createNotifier({ ...deps, dispatcher });
}
