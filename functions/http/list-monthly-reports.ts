import { createReportService } from "../domain/report-service";
import { OFFICIALS, route } from "./route";
import { ReportList, ReportListQuery } from "./schemas";

export const { spec, create, handler } = route(
  {
    method: "GET",
    path: "/v1/monthly-reports",
    summary: "Monthly reports of a period in a jurisdiction: on time, late, or missing (active non-filers)",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    query: ReportListQuery,
    response: ReportList,
    errors: [400, 401, 403],
  },
  ({ deps, principal, query }) => createReportService(deps).list(principal, query),
);
