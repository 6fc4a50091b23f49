import { createCatalogueService } from "../domain/catalogue-service";
import { route } from "./route";
import { CreditCodeParams, EnterpriseView } from "./schemas";

export const { spec, create, handler } = route(
  {
    method: "GET",
    path: "/v1/enterprises/{creditCode}",
    summary: "One enterprise of the catalogue",
    auth: true,
    params: CreditCodeParams,
    response: EnterpriseView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) => createCatalogueService(deps).getEnterprise(principal, params.creditCode),
);
