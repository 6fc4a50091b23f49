import { createReportService, obligationForPeriod } from "../domain/report-service";
import { EVERYONE, route } from "./route";
import { StatisticsDraft, StatisticsReportParams } from "./statistics-schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/enterprises/{creditCode}/statistics-reports/{period}/draft",
    summary: "The hazard register's figures for a quarter or year, to confirm or correct before filing",
    auth: true,
    access: { roles: EVERYONE, reaches: "enterprise" },
    params: StatisticsReportParams,
    response: StatisticsDraft,
    errors: [400, 401, 404],
  },
  ({ deps, principal, params }) =>
    createReportService(deps, obligationForPeriod(deps.config, "hazard-statistics", params.period)).draft(
      principal,
      params.creditCode,
      params.period,
    ),
);
