import { notifierPort } from "../adapters/aws-ports/notifier";
import { createReportService } from "../domain/report-service";
import { route } from "./route";
import { MonthlyReportBody, ReportParams, ReportReceipt } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "PUT",
    path: "/v1/enterprises/{creditCode}/monthly-reports/{period}",
    summary: "File or amend the monthly self-inspection report (自查自报月报) of a period",
    auth: true,
    access: { roles: ["enterprise"], reaches: "enterprise" },
    params: ReportParams,
    body: MonthlyReportBody,
    response: ReportReceipt,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createReportService(deps).file(principal, params.creditCode, params.period, body),
  [notifierPort],
);
