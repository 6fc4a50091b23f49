import { objectsPort } from "../adapters/aws-ports/objects";
import { workflowsPort } from "../adapters/aws-ports/workflows";
import { createImportService } from "../domain/import-service";
import { route } from "./route";
import { ImportJobView, UploadedImportBody } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/imports/enterprises/uploaded",
    summary:
      "Import enterprises from a CSV file uploaded to the object store (POST /v1/imports/uploads): 202 with the import job, which reads and applies the file as a workflow (GET /v1/imports/{id}); the same uploadId again answers the same job",
    auth: true,
    access: { roles: ["admin", "anweiban"], reaches: "none" },
    body: UploadedImportBody,
    response: ImportJobView,
    status: 202,
    errors: [400, 401, 403, 404, 409],
  },
  ({ deps, principal, body }) => createImportService(deps).acceptUpload(principal, body.uploadId),
  [objectsPort, workflowsPort],
);
