import { createCatalogueService } from "../domain/catalogue-service";
import { route } from "./route";
import { ImportResultBody } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/imports/officials",
    summary: "Import officials (监管人员, 安委办, leaders, admins) from CSV (re-import updates)",
    auth: true,
    access: { roles: ["admin", "anweiban"], reaches: "none" },
    body: "csv",
    response: ImportResultBody,
    errors: [400, 401, 403],
  },
  ({ deps, principal, body }) => createCatalogueService(deps).importOfficials(principal, body),
);
