import {
  createHolidayCalendar,
  type HolidayCalendar,
  type YearCalendar,
  YearCalendarSchema,
} from "./calendar";
import { InvalidInput } from "./errors";
import { said } from "./messages";
import { assertOfficial, type Principal } from "./principal";

export interface CalendarStore {
  years(): Promise<YearCalendar[]>;
  putYear(year: YearCalendar): Promise<void>;
}

/**
 * The holiday calendar in force: the package's years, the files under config/holidays, and the years an
 * admin supplied through the API (the State Council publishes each year's notice late in the year before).
 * `refresh` reloads the supplied years; the calendar itself stays synchronous for the pure rules.
 */
export function createCalendarSource(store: CalendarStore, fromConfig: YearCalendar[]) {
  let inner: HolidayCalendar = createHolidayCalendar(fromConfig);
  const calendar: HolidayCalendar = {
    isWorkingDay: (date) => inner.isWorkingDay(date),
    nextWorkingDayOnOrAfter: (date) => inner.nextWorkingDayOnOrAfter(date),
    addWorkingDays: (date, n) => inner.addWorkingDays(date, n),
    coveredYears: () => inner.coveredYears(),
  };
  async function refresh() {
    const stored = await store.years();
    const byYear = new Map(fromConfig.map((y) => [y.year, y]));
    for (const y of stored) byYear.set(y.year, y);
    inner = createHolidayCalendar([...byYear.values()]);
  }
  return {
    calendar,
    refresh,
    /** PUT /v1/calendar/{year}: an admin supplies a year's holidays and adjusted working days (调休). */
    async supply(principal: Principal, year: number, body: unknown) {
      assertOfficial(principal, ["admin"]);
      const parsed = YearCalendarSchema.safeParse({ ...(body as object), year });
      if (!parsed.success) {
        throw new InvalidInput(
          said("calendar.invalid", { year: String(year) }),
          parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        );
      }
      await store.putYear(parsed.data);
      await refresh();
      return {
        year,
        holidays: parsed.data.holidays.length,
        workdays: parsed.data.workdays.length,
        covered: calendar.coveredYears(),
      };
    },
  };
}
export type CalendarSource = ReturnType<typeof createCalendarSource>;
