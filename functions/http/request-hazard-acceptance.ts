import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { route } from "./route";
import { HazardParams, HazardView } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/hazards/{id}/acceptance-request",
    summary:
      "Apply in writing for acceptance and delisting (销号申请) after a passing evaluation; the enterprise only",
    auth: true,
    access: { roles: ["enterprise"], reaches: "hazard" },
    params: HazardParams,
    response: HazardView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params }) =>
    createHazardService(deps).requestAcceptance(principal, params.id).then(publicView),
  [timersPort, notifierPort],
);
