import { notifierPort } from "../adapters/aws-ports/notifier";
import { objectsPort } from "../adapters/aws-ports/objects";
import { timersPort } from "../adapters/aws-ports/timers";
import { loadFonts } from "../adapters/fonts";
import { createBulletinService } from "../render/bulletin-service";
import { BulletinParams, BulletinView, IssueBulletinBody } from "./bulletin-schemas";
import { route } from "./route";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/bulletins/{id}/issue",
    summary:
      "Issue (印发) a draft under a document number: email with the PDF to the leaders and the 安委办 of the jurisdiction and of each child, and an SMS; issued is immutable (409)",
    auth: true,
    access: { roles: ["anweiban"], reaches: "bulletin" },
    params: BulletinParams,
    body: IssueBulletinBody,
    response: BulletinView,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createBulletinService({ ...deps, fonts: loadFonts }).issue(principal, params.id, body),
  [objectsPort, timersPort, notifierPort],
);
