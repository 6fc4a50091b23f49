import { notifierPort } from "../adapters/aws-ports/notifier";
import { timersPort } from "../adapters/aws-ports/timers";
import { createHazardService } from "../domain/hazard-service";
import { EVERYONE, route } from "./route";
import { CreditCodeParams, HazardView, RegisterHazardBody } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/enterprises/{creditCode}/hazards",
    summary: "Register a hazard (隐患) of an enterprise: general (with a rectification date) or major",
    auth: true,
    access: { roles: EVERYONE, reaches: "enterprise" },
    params: CreditCodeParams,
    body: RegisterHazardBody,
    response: HazardView,
    status: 201,
    errors: [400, 401, 403, 404, 422],
  },
  ({ deps, principal, params, body }) =>
    createHazardService(deps).register(principal, params.creditCode, body).then(publicView),
  [timersPort, notifierPort],
);
