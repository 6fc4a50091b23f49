import { createEnterpriseService } from "../domain/enterprise-service";
import { route } from "./route";
import { CreditCodeParams, EnterpriseStatusBody, EnterpriseView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/enterprises/{creditCode}/status",
    summary:
      "Close (关闭) or reopen an enterprise with a reason; a closed one owes no more filings; recorded in its timeline",
    auth: true,
    access: { roles: ["admin", "anweiban"], reaches: "enterprise" },
    params: CreditCodeParams,
    body: EnterpriseStatusBody,
    response: EnterpriseView,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createEnterpriseService(deps).changeStatus(principal, params.creditCode, body),
);
