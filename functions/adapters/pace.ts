import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { Pace } from "../domain/ports";

/** The dispatcher's real pace: a monotonic clock (not the wall clock, which may be set) and a real wait. */
export const realPace: Pace = {
  millis: () => performance.now(),
  sleep: (ms) => sleep(ms),
};
