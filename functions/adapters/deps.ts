import type { Context } from "aws-lambda";
import type { HolidayCalendar } from "../domain/calendar";
import type { CalendarSource } from "../domain/calendar-service";
import type { DubanConfig } from "../domain/config-schema";
import type { Log, Notifier } from "../domain/notifier";
import type { PolicyStore } from "../domain/policy-service";
import type {
  AccidentStore,
  BulletinStore,
  CatalogueStore,
  Clock,
  FilingStore,
  HazardStore,
  IdempotencyStore,
  ImportStore,
  ObjectStore,
  OutboxStore,
  PageTokens,
  ReceiptReader,
  Timers,
  WorkflowStarter,
} from "../domain/ports";
import type { SweepSource, SweepStore } from "../domain/statistics";

/**
 * Everything a handler needs, built once per runtime: on Lambda from the environment (./lambda-deps), in
 * the local runtime from the embedded stack (local/stack.ts). Handlers receive it; they never build it.
 */
export type Deps = {
  config: DubanConfig;
  clock: Clock;
  /** The holiday calendar in force (kept current by `calendars.refresh`). */
  calendar: HolidayCalendar;
  calendars: CalendarSource;
  catalogue: CatalogueStore;
  filings: FilingStore;
  hazards: HazardStore;
  accidents: AccidentStore;
  /** Local rules stored per jurisdiction (functions/domain/policy.ts). */
  policies: PolicyStore;
  outbox: OutboxStore;
  /** Files: bulletin renders and exports (S3 on AWS, a folder locally). */
  objects: ObjectStore;
  imports: ImportStore;
  /** Starts a workflow now (an import of more than one page). */
  workflows: WorkflowStarter;
  ids: { next(prefix: string): string };
  notifier: Notifier;
  timers: Timers;
  /** Compliance sweep results and the sweep's reads by county and month. */
  sweeps: SweepStore & SweepSource;
  /** Bulletins (通报) drafted by the sweep, issued by the 安委办. */
  bulletins: BulletinStore;
  log: Log;
  auth: { verify(token: string): Promise<Record<string, unknown>> } | undefined;
  /** The answers of requests sent with an Idempotency-Key, kept for their retries. */
  idempotency: IdempotencyStore;
  /** Seals and opens the page tokens of list routes with the deployment's key. */
  pageTokens: PageTokens;
  /** Delivery receipts' readers by the provider name in `POST /v1/provider-callbacks/{provider}`. */
  receiptReaders?: Record<string, ReceiptReader>;
};

/** Builds a Lambda handler lazily, so module import stays cheap and tests can pass their own deps. */
export type Invocable<E, R> = (event: E, context: Context, ...rest: never[]) => Promise<R>;

export function lazyHandler<E, R>(create: (deps: Deps) => Invocable<E, R>) {
  let built: Invocable<E, R> | undefined;
  return async (event: E, context: Context): Promise<R> => {
    if (!built) {
      const { lambdaDeps } = await import("./lambda-deps");
      built = create(await lambdaDeps());
    }
    return built(event, context);
  };
}

const calendarLoadedAt = new WeakMap<Deps, number>();

/**
 * Supplied holiday years change rarely (an admin's PUT /v1/calendar/{year}); a warm Lambda reloads them at
 * most once a minute. A cache age, not domain time, so the wall clock is the right one here.
 */
export async function freshCalendar(deps: Deps, maxAgeMs = 60_000): Promise<void> {
  const loaded = calendarLoadedAt.get(deps);
  if (loaded !== undefined && Date.now() - loaded < maxAgeMs) return;
  await deps.calendars.refresh();
  calendarLoadedAt.set(deps, Date.now());
}
