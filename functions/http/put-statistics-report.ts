import { notifierPort } from "../adapters/aws-ports/notifier";
import { createReportService, obligationForPeriod } from "../domain/report-service";
import { route } from "./route";
import { HazardStatisticsBody, StatisticsReportParams, StatisticsReportReceipt } from "./statistics-schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "PUT",
    path: "/v1/enterprises/{creditCode}/statistics-reports/{period}",
    summary:
      "File or amend the quarterly (YYYY-Qn) or annual (YYYY) hazard statistics (16号令 第十四条); figures that differ from the register are accepted and flagged",
    auth: true,
    access: { roles: ["enterprise"], reaches: "enterprise" },
    params: StatisticsReportParams,
    body: HazardStatisticsBody,
    response: StatisticsReportReceipt,
    errors: [400, 401, 403, 404, 409, 422],
  },
  ({ deps, principal, params, body }) =>
    createReportService(deps, obligationForPeriod(deps.config, "hazard-statistics", params.period)).file(
      principal,
      params.creditCode,
      params.period,
      body,
    ),
  [notifierPort],
);
