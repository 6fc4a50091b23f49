import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { OFFICIALS, route } from "./route";
import { AcceptanceBody, HazardParams, HazardView } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/hazards/{id}/acceptance",
    summary:
      "Record the on-site acceptance (复查验收): passed delists, failed sets a new deadline; officials only",
    auth: true,
    access: { roles: OFFICIALS, reaches: "hazard" },
    params: HazardParams,
    body: AcceptanceBody,
    response: HazardView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).recordAcceptance(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
