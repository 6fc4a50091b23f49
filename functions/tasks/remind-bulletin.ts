import { notifierPort } from "../adapters/aws-ports/notifier";
import { objectsPort } from "../adapters/aws-ports/objects";
import { timersPort } from "../adapters/aws-ports/timers";
import { createBulletinReads } from "../render/bulletin-use-cases";
import { task } from "./task";

/** A step of the draft-reminder ladder of a bulletin not yet issued. */
export const { create, handler, ports } = task(
  (deps, input) => createBulletinReads(deps).remind(input),
  [objectsPort, timersPort, notifierPort],
);
