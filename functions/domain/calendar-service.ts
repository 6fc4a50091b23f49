import {
  createHolidayCalendar,
  type HolidayCalendar,
  shanghaiDateOf,
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

/**
 * What operators and admins must hear before a deadline runs into a year without holiday data: the State
 * Council publishes next year's notice around November, so from 1 November (Shanghai) a missing next year
 * is a warning, and a missing current year always is.
 */
export function calendarWarnings(now: Date, covered: number[]): string[] {
  const today = shanghaiDateOf(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const missing = (y: number) =>
    `${y} 年节假日安排尚未提供：按工作日计算、落在 ${y} 年的期限将被拒绝；请管理员依国务院办公厅放假通知通过 PUT /v1/calendar/${y} 提供`;
  const warnings: string[] = [];
  if (!covered.includes(year)) warnings.push(missing(year));
  if (month >= 11 && !covered.includes(year + 1)) warnings.push(missing(year + 1));
  return warnings;
}
