import { createReportService } from "../domain/report-service";
import { EVERYONE, route } from "./route";
import { ReportParams, ReportView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/enterprises/{creditCode}/monthly-reports/{period}",
    summary: "One enterprise's monthly report of a period, with every filed version",
    auth: true,
    access: { roles: EVERYONE, reaches: "enterprise" },
    params: ReportParams,
    response: ReportView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) =>
    createReportService(deps).read(principal, params.creditCode, params.period),
);
