import { createPolicyService } from "../domain/policy-service";
import { OFFICIALS, route } from "./route";
import { PolicyParams, PolicyView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/policies/{jurisdiction}",
    summary:
      "A jurisdiction's local rules in force (national defaults → province → city → county), each value with the level it comes from; officials of that jurisdiction or above",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    params: PolicyParams,
    response: PolicyView,
    errors: [400, 401, 403],
  },
  ({ deps, principal, params }) => createPolicyService(deps).get(principal, params.jurisdiction),
);
