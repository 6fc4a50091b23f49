import { notifierPort } from "../adapters/aws-ports/notifier";
import { objectsPort } from "../adapters/aws-ports/objects";
import { timersPort } from "../adapters/aws-ports/timers";
import { loadFonts } from "../adapters/fonts";
import { createBulletinService } from "../render/bulletin-service";
import { BulletinParams, BulletinView, SupersedeBulletinBody } from "./bulletin-schemas";
import { route } from "./route";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/bulletins/{id}/supersede",
    summary:
      "Correct an issued bulletin: a new draft version from the month's stored figures, which supersedes it once issued (both kept)",
    auth: true,
    access: { roles: ["anweiban"], reaches: "bulletin" },
    params: BulletinParams,
    body: SupersedeBulletinBody,
    response: BulletinView,
    status: 201,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createBulletinService({ ...deps, fonts: loadFonts }).supersede(principal, params.id, body),
  [objectsPort, timersPort, notifierPort],
);
