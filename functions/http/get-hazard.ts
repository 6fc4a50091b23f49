import { createHazardService } from "../domain/hazard-service";
import { EVERYONE, route } from "./route";
import { HazardParams, HazardView } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/hazards/{id}",
    summary: "One hazard with its timeline and the ladder steps still to come (upcoming)",
    auth: true,
    access: { roles: EVERYONE, reaches: "hazard" },
    params: HazardParams,
    response: HazardView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) => createHazardService(deps).get(principal, params.id).then(publicView),
);
