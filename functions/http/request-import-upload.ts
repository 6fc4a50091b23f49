import { objectsPort } from "../adapters/aws-ports/objects";
import { createImportService } from "../domain/import-service";
import { route } from "./route";
import { ImportUploadView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/imports/uploads",
    summary:
      "An upload URL for a catalogue file too large to post (a city's or province's): PUT the CSV's bytes to uploadUrl within the hour, then POST /v1/imports/enterprises/uploaded with the uploadId",
    auth: true,
    access: { roles: ["admin", "anweiban"], reaches: "none" },
    response: ImportUploadView,
    status: 201,
    errors: [401, 403],
  },
  ({ deps, principal }) => createImportService(deps).requestUpload(principal),
  [objectsPort],
);
