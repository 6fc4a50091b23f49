import { objectsPort } from "../adapters/aws-ports/objects";
import { workflowsPort } from "../adapters/aws-ports/workflows";
import { createImportService } from "../domain/import-service";
import { route } from "./route";
import { ImportJobView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/imports/enterprises",
    summary:
      "Import enterprises of the supervision catalogue from CSV (re-import updates): 202 with the import job; a one-page file is done in the answer, a larger one runs as a workflow (GET /v1/imports/{id})",
    auth: true,
    access: { roles: ["admin", "anweiban"], reaches: "none" },
    body: "csv",
    response: ImportJobView,
    status: 202,
    errors: [400, 401, 403],
  },
  ({ deps, principal, body }) => createImportService(deps).accept(principal, body),
  [objectsPort, workflowsPort],
);
