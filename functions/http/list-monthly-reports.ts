import { objectsPort } from "../adapters/aws-ports/objects";
import { InvalidInput } from "../domain/errors";
import { message, said } from "../domain/messages";
import { createReportService } from "../domain/report-service";
import { createExportService } from "../render/exports";
import { OFFICIALS, route, SeeOther } from "./route";
import { ReportList, ReportListQuery } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/monthly-reports",
    summary:
      "Monthly reports of a period in a jurisdiction: on time, late, missing (not filed, deadline passed), " +
      "not_yet_due (not filed, still being filed) or owed (not filed, either); with format=xlsx|csv and " +
      "status=missing|owed|not_yet_due, the non-filers with their contacts as a file (303 to a download link)",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    query: ReportListQuery,
    response: ReportList,
    errors: [303, 400, 401, 403],
  },
  async ({ deps, principal, query }) => {
    if (!query.format) return createReportService(deps).list(principal, query);
    if (query.status !== "missing" && query.status !== "owed" && query.status !== "not_yet_due") {
      throw new InvalidInput(said("export.only_non_filers"), [
        { path: "query.status", message: message("export.field_must_be", { value: "missing" }) },
      ]);
    }
    const { location } = await createExportService(deps).nonFilers(principal, {
      obligation: "monthly-self-inspection",
      period: query.period,
      format: query.format,
      ...(query.jurisdiction ? { jurisdiction: query.jurisdiction } : {}),
    });
    return new SeeOther(location);
  },
  [objectsPort],
);
