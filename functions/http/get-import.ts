import { createImportService } from "../domain/import-service";
import { route } from "./route";
import { ImportJobView, ImportParams } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/imports/{id}",
    summary: "An import job: its progress, counts and line problems",
    auth: true,
    access: { roles: ["admin", "anweiban"], reaches: "none" },
    params: ImportParams,
    response: ImportJobView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) => createImportService(deps).get(principal, params.id),
);
