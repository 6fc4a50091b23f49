import { objectsPort } from "../adapters/aws-ports/objects";
import { InvalidInput } from "../domain/errors";
import { createHazardService } from "../domain/hazard-service";
import { message, said } from "../domain/messages";
import { createExportService } from "../render/exports";
import { EVERYONE, route, SeeOther } from "./route";
import { HazardList, HazardListQuery } from "./schemas";
import { publicPage } from "./views";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/hazards",
    summary:
      "Hazards of a jurisdiction by level, status and overdue flag; officials only. With format=xlsx|csv, " +
      "level=major and overdue=true, the overdue major hazards with contacts as a file (303 to a download link)",
    auth: true,
    access: { roles: EVERYONE, reaches: "jurisdiction" },
    query: HazardListQuery,
    response: HazardList,
    errors: [303, 400, 401, 403],
  },
  async ({ deps, principal, query }) => {
    if (!query.format) return createHazardService(deps).query(principal, query).then(publicPage);
    if (query.level !== "major" || query.overdue !== true || query.status) {
      throw new InvalidInput(said("export.only_overdue_major_hazards"), [
        { path: "query.level", message: message("export.field_must_be", { value: "major" }) },
        { path: "query.overdue", message: message("export.field_must_be", { value: "true" }) },
      ]);
    }
    const { location } = await createExportService(deps).overdueMajorHazards(principal, {
      format: query.format,
      ...(query.jurisdiction ? { jurisdiction: query.jurisdiction } : {}),
    });
    return new SeeOther(location);
  },
  [objectsPort],
);
