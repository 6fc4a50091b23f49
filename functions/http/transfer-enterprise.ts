import { createEnterpriseService } from "../domain/enterprise-service";
import { route } from "./route";
import { CreditCodeParams, EnterpriseTransferBody, EnterpriseView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/enterprises/{creditCode}/transfer",
    summary:
      "Move an enterprise to another county (企业迁移), by an official over both counties; recorded in its timeline",
    auth: true,
    access: { roles: ["admin", "anweiban"], reaches: "enterprise" },
    params: CreditCodeParams,
    body: EnterpriseTransferBody,
    response: EnterpriseView,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, params, body }) =>
    createEnterpriseService(deps).transfer(principal, params.creditCode, body),
);
