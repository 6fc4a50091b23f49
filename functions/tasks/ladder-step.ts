import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createLadderRunner } from "../domain/ladder-runner";
import { task } from "./task";

/** Fires one step of a hazard's or an accident case's ladder (a durable timer's delivery). */
export const { create, handler, ports } = task(
  (deps, input) => createLadderRunner(deps).run(input),
  [timersPort, notifierPort],
);
