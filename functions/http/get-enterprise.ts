import { createCatalogueService } from "../domain/catalogue-service";
import { EVERYONE, route } from "./route";
import { CreditCodeParams, EnterpriseSchema } from "./schemas";

export const { spec, create, handler } = route(
  {
    method: "GET",
    path: "/v1/enterprises/{creditCode}",
    summary: "One enterprise of the catalogue",
    auth: true,
    access: { roles: EVERYONE, reaches: "enterprise" },
    params: CreditCodeParams,
    response: EnterpriseSchema,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) => createCatalogueService(deps).getEnterprise(principal, params.creditCode),
);
