import { loadFonts } from "../adapters/fonts";
import { createBulletinService } from "../render/bulletin-service";
import { task } from "./task";

/** A step of the draft-reminder ladder of a bulletin not yet issued. */
export const { create, handler } = task((deps, input) =>
  createBulletinService({ ...deps, fonts: loadFonts }).remind(input),
);
