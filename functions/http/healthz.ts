import { freshCalendar } from "../adapters/deps";
import { calendarWarnings } from "../domain/calendar-service";
import { route } from "./route";
import { Health } from "./schemas";

export const { spec, create, handler } = route(
  {
    method: "GET",
    path: "/healthz",
    summary: "Liveness, with warnings an operator must act on (next year's holiday calendar missing)",
    auth: false,
    response: Health,
  },
  async ({ deps }) => {
    await freshCalendar(deps);
    const warnings = calendarWarnings(deps.clock.now(), deps.calendar.coveredYears());
    return { status: "ok" as const, ...(warnings.length > 0 ? { warnings } : {}) };
  },
);
