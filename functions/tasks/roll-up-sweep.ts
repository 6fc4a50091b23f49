import { timersPort } from "../adapters/aws-ports/timers";
import { createSweepService } from "../domain/sweep-service";
import { task } from "./task";

export const { create, handler, ports } = task(
  (deps, input) => createSweepService(deps).rollUp(input),
  [timersPort],
);
