import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createFilingCycle } from "../domain/filing-cycle";
import { task } from "./task";

export const { create, handler, ports } = task(
  (deps, input) => createFilingCycle(deps).cityDigests(input),
  [timersPort, notifierPort],
);
