import { createOfficialService } from "../domain/official-service";
import { OFFICIALS, route } from "./route";
import { OfficialParams, OfficialView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/officials/{officialId}",
    summary:
      "One official of the caller's jurisdiction (or one within it), in office or not, with its timeline",
    auth: true,
    access: { roles: OFFICIALS, reaches: "official" },
    params: OfficialParams,
    response: OfficialView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) => createOfficialService(deps).get(principal, params.officialId),
);
