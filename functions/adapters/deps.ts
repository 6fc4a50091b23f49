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
import type { PortFactory } from "./lambda-deps";

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

/**
 * The ports whose adapters bring an AWS client each (S3, Scheduler, Step Functions, SES, SMS). A handler
 * names the ones it uses; every other one it is given is `refusing`, on Lambda (where its client is not
 * even bundled) and locally alike, so a test of the handler fails the way the function would.
 */
export const AWS_PORTS = ["objects", "timers", "workflows", "notifier"] as const;
export type AwsPort = (typeof AWS_PORTS)[number];

/** A stand-in for a port the handler did not name: reading anything of it throws, naming the port. */
export function refusing(port: AwsPort): never {
  return new Proxy(
    {},
    {
      get(_target, property) {
        // Awaiting a value asks for `then`: answering undefined keeps a refusing port from looking like a promise.
        if (property === "then") return undefined;
        throw new Error(
          `this function was composed without the ${port} port (asked for ${String(property)}): name it in its handler`,
        );
      },
    },
  ) as never;
}

/** `deps` as the handler that named `ports` sees them: the other AWS ports refuse. */
export function only(deps: Deps, ports: readonly AwsPort[]): Deps {
  const seen = { ...deps };
  for (const port of AWS_PORTS) if (!ports.includes(port)) seen[port] = refusing(port);
  return seen;
}

/** Builds a Lambda handler lazily, so module import stays cheap and tests can pass their own deps. */
export type Invocable<E, R> = (event: E, context: Context, ...rest: never[]) => Promise<R>;

export function lazyHandler<E, R>(create: (deps: Deps) => Invocable<E, R>, ports: readonly PortFactory[]) {
  let built: Invocable<E, R> | undefined;
  return async (event: E, context: Context): Promise<R> => {
    if (!built) {
      const { composeLambda } = await import("./lambda-deps");
      built = create(await composeLambda(ports));
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
