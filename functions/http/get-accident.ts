import { createAccidentService } from "../domain/accident-service";
import { OFFICIALS, route } from "./route";
import { AccidentParams, AccidentView } from "./schemas";
import { publicView } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/accidents/{id}",
    summary: "One accident case with its timeline and the ladder steps still to come (upcoming)",
    auth: true,
    access: { roles: OFFICIALS, reaches: "accident" },
    params: AccidentParams,
    response: AccidentView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) => createAccidentService(deps).get(principal, params.id).then(publicView),
);
