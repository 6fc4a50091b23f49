import { freshCalendar } from "../adapters/deps";
import { calendarWarnings } from "../domain/calendar-service";
import { route } from "./route";
import { Health } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/healthz",
    summary: "Liveness, with warnings an operator must act on (next year's holiday calendar missing)",
    auth: false,
    access: { public: true },
    response: Health,
  },
  async ({ deps }) => {
    // Liveness must not depend on the table: if the supplied years cannot be read (the function may read
    // them on AWS, infra/api.ts), it still answers ok and the warnings come from the years known.
    await freshCalendar(deps).catch((error) =>
      deps.log.warn("healthz could not read the supplied holiday years", { error: String(error) }),
    );
    const warnings = calendarWarnings(deps.clock.now(), deps.calendar.coveredYears());
    return { status: "ok" as const, ...(warnings.length > 0 ? { warnings } : {}) };
  },
);
