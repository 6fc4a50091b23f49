import { createEnterpriseService } from "../domain/enterprise-service";
import { EVERYONE, route } from "./route";
import { CreditCodeParams, EnterpriseView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/enterprises/{creditCode}",
    summary: "One enterprise of the catalogue, with its timeline of moves and status changes",
    auth: true,
    access: { roles: EVERYONE, reaches: "enterprise" },
    params: CreditCodeParams,
    response: EnterpriseView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) => createEnterpriseService(deps).get(principal, params.creditCode),
);
