import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { EVERYONE, route } from "./route";
import { HazardParams, HazardView, RectificationBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/hazards/{id}/rectification",
    summary: "Record the rectification of an open general hazard",
    auth: true,
    access: { roles: EVERYONE, reaches: "hazard" },
    params: HazardParams,
    body: RectificationBody,
    response: HazardView,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).rectify(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
