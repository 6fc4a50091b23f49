import { createHazardService } from "../domain/hazard-service";
import { OFFICIALS, route } from "./route";
import { HazardList, HazardListQuery } from "./schemas";

export const { spec, create, handler } = route(
  {
    method: "GET",
    path: "/v1/hazards",
    summary: "Hazards of a jurisdiction by level, status and overdue flag; officials only",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    query: HazardListQuery,
    response: HazardList,
    errors: [400, 401, 403],
  },
  ({ deps, principal, query }) => createHazardService(deps).query(principal, query),
);
