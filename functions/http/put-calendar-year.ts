import { route } from "./route";
import { CalendarParams, CalendarYearBody, CalendarYearReceipt } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "PUT",
    path: "/v1/calendar/{year}",
    summary:
      "Supply a year's holiday calendar (国务院办公厅节假日安排): days off and weekend working days; admin only",
    auth: true,
    access: { roles: ["admin"], reaches: "none" },
    params: CalendarParams,
    body: CalendarYearBody,
    response: CalendarYearReceipt,
    errors: [400, 401, 403],
  },
  ({ deps, principal, params, body }) => deps.calendars.supply(principal, params.year, body),
);
