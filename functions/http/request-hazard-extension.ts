import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { route } from "./route";
import { ExtensionRequestBody, HazardParams, HazardView } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/hazards/{id}/extension-requests",
    summary: "Ask for a later deadline of a listed major hazard; the enterprise only",
    auth: true,
    access: { roles: ["enterprise"], reaches: "hazard" },
    params: HazardParams,
    body: ExtensionRequestBody,
    response: HazardView,
    status: 201,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).requestExtension(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
