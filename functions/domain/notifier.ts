import type { DubanConfig } from "./config-schema";
import { failpoint } from "./failpoints";
import { shortId } from "./hash";
import { askProvider, resolveInterrupted } from "./interrupted-sends";
import { maskMobiles, renderEmail, renderSms, retryDelaySeconds, smsReleaseTime } from "./notify";
import { inParallel } from "./parallel";
import type {
  Clock,
  EmailChannel,
  Message,
  ObjectStore,
  OutboxEntry,
  OutboxStore,
  SendResult,
  SmsChannel,
  Timers,
} from "./ports";

export type Log = {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
};

export type NotifierDeps = {
  outbox: OutboxStore;
  sms: SmsChannel;
  email: EmailChannel;
  clock: Clock;
  timers: Timers;
  config: Pick<DubanConfig, "notify" | "templates">;
  log: Log;
  /** Where the files attached to emails are read from (an issued bulletin's PDF). */
  attachments?: Pick<ObjectStore, "get">;
};

export type SendSummary = {
  claimed: number;
  duplicates: number;
  sent: number;
  deferred: number;
  failed: number;
  retrying: number;
};

const empty = (): SendSummary => ({
  claimed: 0,
  duplicates: 0,
  sent: 0,
  deferred: 0,
  failed: 0,
  retrying: 0,
});

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

/** The dispatch timer for a moment: every message due in the same minute (all deferred to 08:00) shares one. */
export function dispatchTimerId(at: string): string {
  return `dispatch-${dispatchDueAt(at)
    .replace(/[^0-9]/g, "")
    .slice(0, 12)}`;
}

/**
 * The outbox: every message is claimed under its deterministic key before it is sent, so a retried task,
 * a replayed schedule or a restarted process never sends it twice. An SMS due in the quiet hours waits for
 * their end; a throttled or failing provider is retried with backoff; a permanent error is recorded.
 *
 * A message is claimed as `sending` and marked `sent` after the provider answers. If the process dies in
 * between, the message stays `sending`: duban does not know whether it went out and does not resend it —
 * a duplicate SMS to a legal representative costs more trust than a gap that the record shows.
 */
export function createNotifier(deps: NotifierDeps) {
  const { outbox, clock, config, log } = deps;

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
            // The entry's id, which a lookup after an interrupted send asks the provider for.
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

  async function attempt(entry: OutboxEntry, summary: SendSummary, timersSet: Set<string>): Promise<void> {
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
      await outbox.transition(entry.key, "sending", {
        status: "sent",
        sentAt: now.toISOString(),
        providerMessageId: result.providerMessageId,
        expiresAt: Math.floor(now.getTime() / 1000) + config.notify.retentionDays * 86_400,
      });
      summary.sent++;
      return;
    }
    const error = maskMobiles(result.error);
    if (result.retryable && entry.attempts < config.notify.retry.maxAttempts) {
      const notBefore = new Date(
        now.getTime() + retryDelaySeconds(entry.attempts, config.notify.retry) * 1000,
      ).toISOString();
      await outbox.transition(entry.key, "sending", { status: "queued", notBefore, lastError: error });
      await setDispatchTimer(notBefore, timersSet);
      summary.retrying++;
      log.warn("send failed, will retry", {
        key: entry.key,
        channel: entry.channel,
        attempts: entry.attempts,
        error,
      });
      return;
    }
    await outbox.transition(entry.key, "sending", { status: "failed", lastError: error });
    summary.failed++;
    log.warn("send failed permanently", {
      key: entry.key,
      channel: entry.channel,
      attempts: entry.attempts,
      error,
    });
  }

  async function setDispatchTimer(at: string, timersSet: Set<string>) {
    const id = dispatchTimerId(at);
    if (timersSet.has(id)) return;
    timersSet.add(id);
    await deps.timers.set({
      id,
      dueAt: dispatchDueAt(at),
      workflow: "notification-dispatch",
      phase: "flush",
      input: {},
    });
  }

  return {
    /** Claims and sends each message once; returns what happened to them. */
    async send(messages: Message[]): Promise<SendSummary> {
      const summary = empty();
      const timersSet = new Set<string>();
      await inParallel(messages, config.notify.sendConcurrency, async (message) => {
        const now = clock.now();
        const release = message.channel === "sms" ? smsReleaseTime(now, config.notify.smsQuietHours) : now;
        const deferred = release.getTime() > now.getTime();
        const entry: OutboxEntry = {
          ...message,
          id: shortId(message.key),
          status: deferred ? "deferred" : "sending",
          attempts: deferred ? 0 : 1,
          createdAt: now.toISOString(),
          ...(deferred ? {} : { claimedAt: now.toISOString() }),
          ...(deferred ? { notBefore: release.toISOString() } : {}),
        };
        if (!(await outbox.claim(entry))) {
          summary.duplicates++;
          return;
        }
        summary.claimed++;
        failpoint("outbox-claimed");
        if (deferred) {
          summary.deferred++;
          await setDispatchTimer(release.toISOString(), timersSet);
          return;
        }
        await attempt(entry, summary, timersSet);
      });
      return summary;
    },

    /**
     * Sends that were interrupted (the process died between claiming a message and hearing from the
     * provider), after `olderThan`: resolved by asking the provider where it can be asked, else marked
     * `unknown` and never resent (interrupted-sends.ts). Returns how many could not be resolved (unknown).
     */
    async recoverInterrupted(claimedBefore: Date): Promise<number> {
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
    },

    /** Sends the messages whose time has come: deferred past the quiet hours, or backing off after an error. */
    async flushDue(): Promise<SendSummary> {
      const summary = empty();
      const stale = new Date(clock.now().getTime() - config.notify.interruptedAfterMinutes * 60_000);
      summary.failed += await this.recoverInterrupted(stale);
      const timersSet = new Set<string>();
      const now = clock.now().toISOString();
      let token: string | undefined;
      do {
        const page = await outbox.pageDue(now, token);
        token = page.nextToken;
        await inParallel(page.items, config.notify.sendConcurrency, async (entry) => {
          const attempts = entry.attempts + 1;
          const moved = await outbox.transition(entry.key, entry.status, {
            status: "sending",
            attempts,
            claimedAt: clock.now().toISOString(),
          });
          if (!moved) return; // another flush took it
          summary.claimed++;
          failpoint("outbox-claimed");
          const claimed: OutboxEntry = { ...entry, status: "sending", attempts };
          // An SMS tried before may have gone out with its answer lost (a reset, a timeout): where the
          // provider can be asked, ask before sending it again.
          if (entry.attempts > 0 && entry.channel === "sms" && deps.sms.lookup) {
            const asked = await askProvider(claimed, {
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
              await setDispatchTimer(notBefore, timersSet);
              summary.retrying++;
              return;
            }
          }
          await attempt(claimed, summary, timersSet);
        });
      } while (token);
      return summary;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
