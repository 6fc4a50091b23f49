import type { Context } from "aws-lambda";
import type { DubanConfig } from "../../config/schema";
import type { HolidayCalendar } from "../domain/calendar";
import type { Log, Notifier } from "../domain/notifier";
import type { CatalogueStore, Clock, FilingStore, OutboxStore, Timers } from "../domain/ports";

/**
 * Everything a handler needs, built once per runtime: on Lambda from the environment (./lambda-deps), in
 * the local runtime from the embedded stack (local/stack.ts). Handlers receive it; they never build it.
 */
export type Deps = {
  config: DubanConfig;
  clock: Clock;
  calendar: HolidayCalendar;
  catalogue: CatalogueStore;
  filings: FilingStore;
  outbox: OutboxStore;
  notifier: Notifier;
  timers: Timers;
  log: Log;
  auth: { verify(token: string): Promise<Record<string, unknown>> } | undefined;
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
