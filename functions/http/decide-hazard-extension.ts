import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { OFFICIALS, route } from "./route";
import { ExtensionDecisionBody, ExtensionDecisionParams, HazardView } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/hazards/{id}/extension-requests/{n}/decision",
    summary: "Approve or refuse extension request n; an official of the listing jurisdiction",
    auth: true,
    access: { roles: OFFICIALS, reaches: "hazard" },
    params: ExtensionDecisionParams,
    body: ExtensionDecisionBody,
    response: HazardView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).decideExtension(principal, params.id, params.n, body).then(publicView),
  [timersPort, notifierPort],
);
