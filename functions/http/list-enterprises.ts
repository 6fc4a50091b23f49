import { createDirectoryService } from "../domain/directory-service";
import { OFFICIALS, route } from "./route";
import { EnterpriseList, EnterpriseListQuery } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/enterprises",
    summary:
      "Enterprises of a jurisdiction (监管对象), county by county: by name prefix or credit code prefix (q), " +
      "industry, supervising department and status; officials only",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    query: EnterpriseListQuery,
    response: EnterpriseList,
    errors: [400, 401, 403],
  },
  ({ deps, principal, query }) => createDirectoryService(deps).enterprises(principal, query),
);
