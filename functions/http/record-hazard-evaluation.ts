import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { EVERYONE, route } from "./route";
import { EvaluationBody, HazardParams, HazardView } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/hazards/{id}/evaluation",
    summary: "Record a qualified agency's evaluation (评估) of a listed major hazard's treatment",
    auth: true,
    access: { roles: EVERYONE, reaches: "hazard" },
    params: HazardParams,
    body: EvaluationBody,
    response: HazardView,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).recordEvaluation(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
