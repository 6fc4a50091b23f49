import { createAccidentService } from "../domain/accident-service";
import { OFFICIALS, route } from "./route";
import { AccidentList, AccidentListQuery } from "./schemas";
import { publicPage } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/accidents",
    summary:
      "Accident cases of a jurisdiction by status; officials only. With enterprise=<credit code>, that " +
      "enterprise's cases opened by its county, city or province as far as the caller reaches (404, like an " +
      "unknown one, for an enterprise outside the caller's jurisdiction)",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    query: AccidentListQuery,
    response: AccidentList,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, query }) => createAccidentService(deps).query(principal, query).then(publicPage),
);
