import { createSweepService } from "../domain/sweep-service";
import { OFFICIALS, route } from "./route";
import { StatisticsQuery, StatisticsView } from "./statistics-schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/statistics",
    summary:
      "A month's compliance figures of a jurisdiction with each child's beside the total and the month before (环比); officials of that jurisdiction or above",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    query: StatisticsQuery,
    response: StatisticsView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, query }) => createSweepService(deps).statistics(principal, query),
);
