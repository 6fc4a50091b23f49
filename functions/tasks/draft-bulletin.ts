import { notifierPort } from "../adapters/aws-ports/notifier";
import { objectsPort } from "../adapters/aws-ports/objects";
import { timersPort } from "../adapters/aws-ports/timers";
import { loadFonts } from "../adapters/fonts";
import { createBulletinService } from "../render/bulletin-service";
import { task } from "./task";

/** The sweep drafts one jurisdiction's bulletin: figures, named lists, PDF and xlsx stored. */
export const { create, handler, ports } = task(
  (deps, input) => createBulletinService({ ...deps, fonts: loadFonts }).draft(input),
  [objectsPort, timersPort, notifierPort],
);
