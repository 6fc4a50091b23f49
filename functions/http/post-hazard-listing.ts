import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { OFFICIALS, route } from "./route";
import { HazardParams, HazardView, ListingBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/hazards/{id}/listing",
    summary: "List a planned major hazard for supervision (挂牌督办); officials only",
    auth: true,
    access: { roles: OFFICIALS, reaches: "hazard" },
    params: HazardParams,
    body: ListingBody,
    response: HazardView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).list(principal, params.id, body).then(publicView),
  [timersPort, notifierPort],
);
