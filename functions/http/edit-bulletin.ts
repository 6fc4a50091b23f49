import { notifierPort } from "../adapters/aws-ports/notifier";
import { objectsPort } from "../adapters/aws-ports/objects";
import { timersPort } from "../adapters/aws-ports/timers";
import { loadFonts } from "../adapters/fonts";
import { createBulletinService } from "../render/bulletin-service";
import { BulletinParams, BulletinView, EditBulletinBody } from "./bulletin-schemas";
import { route } from "./route";

export const { spec, create, handler, ports } = route(
  {
    method: "PUT",
    path: "/v1/bulletins/{id}",
    summary:
      "The 安委办 of the jurisdiction adds a foreword and remarks to a draft (renders made again); an issued bulletin is 409",
    auth: true,
    access: { roles: ["anweiban"], reaches: "bulletin" },
    params: BulletinParams,
    body: EditBulletinBody,
    response: BulletinView,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createBulletinService({ ...deps, fonts: loadFonts }).edit(principal, params.id, body),
  [objectsPort, timersPort, notifierPort],
);
