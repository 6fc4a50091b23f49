import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { EVERYONE, route } from "./route";
import { HazardParams, HazardView, PlanBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "PUT",
    path: "/v1/hazards/{id}/plan",
    summary: "Set the treatment plan of a major hazard (措施、责任、资金、时限、预案) before listing",
    auth: true,
    access: { roles: EVERYONE, reaches: "hazard" },
    params: HazardParams,
    body: PlanBody,
    response: HazardView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).plan(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
