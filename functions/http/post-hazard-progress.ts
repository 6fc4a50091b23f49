import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { route } from "./route";
import { HazardParams, HazardView, ProgressBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/hazards/{id}/progress-reports",
    summary: "File (or amend) a month's treatment progress of a listed major hazard; the enterprise only",
    auth: true,
    access: { roles: ["enterprise"], reaches: "hazard" },
    params: HazardParams,
    body: ProgressBody,
    response: HazardView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).fileProgress(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
