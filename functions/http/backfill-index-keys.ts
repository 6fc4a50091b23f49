import { createDirectoryService } from "../domain/directory-service";
import { route } from "./route";
import { IndexKeyBackfillBody, IndexKeyBackfillStep } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/maintenance/index-keys",
    summary:
      "One bounded step of the index-key migration: adds the name key to enterprises and the subtree key to " +
      "officials written before those keys existed (key conditions county by county and jurisdiction by " +
      "jurisdiction, never a scan); repeat with the returned cursor until done; admin only, idempotent",
    auth: true,
    access: { roles: ["admin"], reaches: "none" },
    body: IndexKeyBackfillBody,
    response: IndexKeyBackfillStep,
    errors: [400, 401, 403],
  },
  ({ deps, principal, body }) => createDirectoryService(deps).backfillIndexKeys(principal, body),
);
