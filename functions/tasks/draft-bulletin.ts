import { loadFonts } from "../adapters/fonts";
import { createBulletinService } from "../render/bulletin-service";
import { task } from "./task";

/** The sweep drafts one jurisdiction's bulletin: figures, named lists, PDF and xlsx stored. */
export const { create, handler } = task((deps, input) =>
  createBulletinService({ ...deps, fonts: loadFonts }).draft(input),
);
