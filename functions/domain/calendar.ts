/**
 * Shanghai calendar dates, instants and the State Council's working-day calendar.
 *
 * Every calendar question in duban is asked in Asia/Shanghai. China has used a fixed UTC+8 with no daylight
 * saving since 1991, so a Shanghai wall-clock reading is exactly "UTC + 8 h": we shift by a constant and read
 * the getUTC* fields, which needs no tz database and never depends on the process time zone (Lambda, a
 * developer laptop and CI all give the same answers).
 */
import * as z from "zod";
import { InvalidInput, RuleViolation } from "./errors";
import { decodeNotice } from "./holiday-notices";
import { HOLIDAY_NOTICES } from "./holiday-table";
import { message, said } from "./messages";

/** A Shanghai calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/** Wall-clock time of day, `HH:mm` (24-hour). */
export type TimeOfDay = string;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Days since 1970-01-01 for a proleptic Gregorian date. setUTCFullYear rather than Date.UTC(y, …) because
 * Date.UTC maps years 0–99 to 1900–1999.
 */
function dayNumberOf(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
}

type DateParts = { year: number; month: number; day: number };

/** The parts of a well-formed, real date; undefined for `2026-02-30`, `2026-13-01` or anything malformed. */
function partsOf(text: string): DateParts | undefined {
  const match = LOCAL_DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Date arithmetic would quietly roll 2026-02-30 over to 2026-03-02; refuse it instead.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Number of days in a month of a Gregorian year (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return dayNumberOf(year, month + 1, 1) - dayNumberOf(year, month, 1);
}

export const LocalDateSchema = z
  .string()
  .refine((text) => partsOf(text) !== undefined, { message: message("field.date") });

export const TimeOfDaySchema = z
  .string()
  .regex(TIME_OF_DAY_PATTERN, { message: message("field.time_of_day") });

function parseDate(date: LocalDate): DateParts {
  const parts = partsOf(date);
  if (!parts) {
    throw new InvalidInput(said("input.date", { value: String(date) }), [
      { path: "date", message: message("field.date") },
    ]);
  }
  return parts;
}

function toDayNumber(date: LocalDate): number {
  const { year, month, day } = parseDate(date);
  return dayNumberOf(year, month, day);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

function fromDayNumber(dayNumber: number): LocalDate {
  const d = new Date(dayNumber * DAY_MS);
  const year = d.getUTCFullYear();
  // LocalDate has exactly four year digits; refuse rather than emit a string our own schema rejects.
  if (year < 0 || year > 9999) throw new InvalidInput(said("input.date_out_of_range"));
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function assertValidInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new InvalidInput(said("input.instant", { field: "instant" }));
  return ms;
}

/** The instant read on a Shanghai wall clock, as a Date whose getUTC* fields are the Shanghai fields. */
function shanghaiWallClock(instant: Date): Date {
  return new Date(assertValidInstant(instant) + SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar date on which an instant falls. */
export function shanghaiDateOf(instant: Date): LocalDate {
  return fromDayNumber(Math.floor(shanghaiWallClock(instant).getTime() / DAY_MS));
}

/** 00:00 Shanghai time on a date, as an instant. */
export function shanghaiStartOfDay(date: LocalDate): Date {
  return new Date(toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/**
 * The instant a Shanghai day ends: 00:00 of the next day. Deadlines are exclusive upper bounds — something
 * received strictly before this instant was received on `date` — so there is no 23:59:59.999 fudge.
 */
export function shanghaiEndOfDay(date: LocalDate): Date {
  return new Date((toDayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** The instant a Shanghai wall clock shows `time` (`HH:mm`) on `date`. */
export function shanghaiAt(date: LocalDate, time: TimeOfDay): Date {
  const match = TIME_OF_DAY_PATTERN.exec(time);
  if (!match) {
    throw new InvalidInput(said("input.time_of_day", { value: String(time) }), [
      { path: "time", message: message("field.time_of_day") },
    ]);
  }
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return new Date(shanghaiStartOfDay(date).getTime() + minutes * 60 * 1000);
}

/** The date `n` calendar days after (n < 0: before) `date`. */
export function addDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new InvalidInput(said("input.integer_days", { value: n }));
  return fromDayNumber(toDayNumber(date) + n);
}

/**
 * The same date `months` later, the day clamped to the month's length (31 March + 10 months is 31 January;
 * 30 April + 10 is 28 or 29 February): how "within one year", "10 months after" are counted on dates.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new InvalidInput(said("input.integer_days", { value: months }));
  const { year: y, month: m0, day: d } = parseDate(date);
  const m = m0 - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const day = Math.min(d, daysInMonth(year, month + 1));
  return `${pad(year, 4)}-${pad(month + 1, 2)}-${pad(day, 2)}`;
}

/** Day of the week, 0 = Sunday … 6 = Saturday (as Date#getDay, but for the date itself, not a TZ reading). */
export function dayOfWeek(date: LocalDate): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(date) + 4) % 7) + 7) % 7) as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** Hour and minute shown on a Shanghai wall clock at an instant. */
export function shanghaiTimeOfDay(instant: Date): { hour: number; minute: number } {
  const wall = shanghaiWallClock(instant);
  return { hour: wall.getUTCHours(), minute: wall.getUTCMinutes() };
}

/**
 * An instant in Shanghai time with its offset, e.g. `2026-11-05T09:00:00+08:00`, for texts people read
 * (SMS, e-mail). Seconds precision: milliseconds mean nothing to a reader.
 */
export function toShanghaiIso(instant: Date): string {
  const wall = shanghaiWallClock(instant);
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  return `${shanghaiDateOf(instant)}T${time}+08:00`;
}

// ---------------------------------------------------------------------------------------------------------
// Working days
// ---------------------------------------------------------------------------------------------------------

/**
 * One year of the State Council's holiday notice (国务院办公厅关于部分节假日安排的通知).
 * `holidays`: the official days off, whether they fall on weekdays or weekends.
 * `workdays`: weekend days made working days (调休上班).
 * Any other date is a working day exactly when it is Monday–Friday.
 */
export type YearCalendar = { year: number; holidays: LocalDate[]; workdays: LocalDate[] };

export const YearCalendarSchema = z
  .object({
    year: z.number().int().min(1000).max(9999),
    holidays: z.array(LocalDateSchema),
    workdays: z.array(LocalDateSchema),
  })
  .superRefine((value, ctx) => {
    const prefix = `${pad(value.year, 4)}-`;
    const holidays = new Set(value.holidays);
    value.holidays.forEach((date, index) => {
      if (partsOf(date) && !date.startsWith(prefix)) {
        ctx.addIssue({
          code: "custom",
          path: ["holidays", index],
          message: message("calendar.date_not_in_year", { date, year: value.year }),
        });
      }
    });
    value.workdays.forEach((date, index) => {
      if (!partsOf(date)) return;
      if (!date.startsWith(prefix)) {
        ctx.addIssue({
          code: "custom",
          path: ["workdays", index],
          message: message("calendar.date_not_in_year", { date, year: value.year }),
        });
      }
      if (holidays.has(date)) {
        ctx.addIssue({
          code: "custom",
          path: ["workdays", index],
          message: message("calendar.holiday_and_workday", { date }),
        });
      }
      // Monday–Friday are working days anyway; a weekday here is almost certainly a typo for a 调休 weekend.
      const weekday = dayOfWeek(date);
      if (weekday !== 0 && weekday !== 6) {
        ctx.addIssue({
          code: "custom",
          path: ["workdays", index],
          message: message("calendar.workday_not_weekend", { date }),
        });
      }
    });
  });

/** A query needed the working-day calendar of a year nobody has supplied (422). */
export class CalendarYearMissing extends RuleViolation {
  readonly year: number;
  constructor(year: number) {
    // English for operators stays in the log: config/holidays/<year>.json or PUT /v1/calendar/<year>.
    super(said("calendar.year_missing", { year }), [
      { path: "year", message: message("calendar.year_missing_field", { year }) },
    ]);
    this.year = year;
  }
}

export type HolidayCalendar = {
  /** Whether people work on `date` (throws CalendarYearMissing for a year without data). */
  isWorkingDay(date: LocalDate): boolean;
  /** `date` itself if it is a working day, else the first working day after it. */
  nextWorkingDayOnOrAfter(date: LocalDate): LocalDate;
  /**
   * n > 0: the n-th working day strictly after `date`; n < 0: the |n|-th working day strictly before it
   * ("20 working days before a deadline"); n = 0: `date` unchanged, working day or not.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /** The years this calendar can answer for, ascending. */
  coveredYears(): number[];
};

/**
 * Longest run of non-working days we accept between two working days. The longest real one is 10 days
 * (Spring Festival 2020); past this the data is wrong, and an unbounded scan would only hide it.
 */
const MAX_DAYS_WITHOUT_WORK = 400;

type YearSets = { holidays: ReadonlySet<LocalDate>; workdays: ReadonlySet<LocalDate> };

/**
 * The yearly notices bundled in npm `chinese-days` (2004–2026 in 1.5.7), as ./holiday-table.ts holds them
 * (written from the package's static JSON by `npm run holidays:table`; ./holiday-notices.ts says which years
 * count as covered).
 *
 * Why the JSON and not `isWorkday()`: the package's functions build their date keys with local-time Date
 * getters, so west of UTC they answer for the wrong day even when given `YYYY-MM-DD` strings (under
 * America/New_York `isWorkday("2026-10-17")`, a plain Saturday, is true). Its functions also answer "weekends
 * only" for years it has no notice for, so coverage has to be decided by us.
 */
function packageYears(): Map<number, YearSets> {
  const result = new Map<number, YearSets>();
  for (const [year, notice] of Object.entries(HOLIDAY_NOTICES)) {
    const calendar = YearCalendarSchema.parse(decodeNotice(Number(year), notice));
    result.set(calendar.year, { holidays: new Set(calendar.holidays), workdays: new Set(calendar.workdays) });
  }
  return result;
}

const PACKAGE_YEARS = packageYears();

/**
 * A working-day calendar from the package's notices plus `supplied` years (config/holidays/*.json or the
 * calendar API). A supplied year replaces the package's data for that year entirely — a corrected or newly
 * published notice wins. Years covered by neither make every query that touches them throw
 * CalendarYearMissing instead of silently treating the year as "weekends only".
 */
export function createHolidayCalendar(supplied: YearCalendar[] = []): HolidayCalendar {
  const years = new Map(PACKAGE_YEARS);
  const seen = new Set<number>();
  supplied.forEach((entry, index) => {
    const parsed = YearCalendarSchema.safeParse(entry);
    if (!parsed.success) {
      throw new InvalidInput(
        said("calendar.invalid", { year: String(entry.year) }),
        parsed.error.issues.map((issue) => ({
          path: [index, ...issue.path].map(String).join("."),
          message: issue.message,
        })),
      );
    }
    if (seen.has(parsed.data.year)) {
      throw new InvalidInput(said("calendar.duplicate_year", { year: parsed.data.year }), [
        { path: `${index}.year`, message: message("calendar.duplicate_year", { year: parsed.data.year }) },
      ]);
    }
    seen.add(parsed.data.year);
    years.set(parsed.data.year, {
      holidays: new Set(parsed.data.holidays),
      workdays: new Set(parsed.data.workdays),
    });
  });

  function isWorkingDay(date: LocalDate): boolean {
    const { year } = parseDate(date);
    const sets = years.get(year);
    if (!sets) throw new CalendarYearMissing(year);
    if (sets.workdays.has(date)) return true;
    if (sets.holidays.has(date)) return false;
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
  }

  /** The first working day reached from `date` stepping by `step` (±1), `date` itself included if asked. */
  function scan(date: LocalDate, step: 1 | -1, includeStart: boolean): LocalDate {
    let current = includeStart ? date : addDays(date, step);
    for (let i = 0; i < MAX_DAYS_WITHOUT_WORK; i++) {
      if (isWorkingDay(current)) return current;
      current = addDays(current, step);
    }
    throw new RuleViolation(
      said("calendar.implausible", {
        days: MAX_DAYS_WITHOUT_WORK,
        date,
        direction: step > 0 ? "after" : "before",
      }),
    );
  }

  return {
    isWorkingDay,
    nextWorkingDayOnOrAfter: (date) => scan(date, 1, true),
    addWorkingDays(date, n) {
      if (!Number.isInteger(n)) throw new InvalidInput(said("input.integer_days", { value: n }));
      parseDate(date);
      const step = n >= 0 ? 1 : -1;
      let current = date;
      // Each step is bounded by scan(); the number of steps by the covered years (an uncovered year throws).
      for (let remaining = Math.abs(n); remaining > 0; remaining--) current = scan(current, step, false);
      return current;
    },
    coveredYears: () => [...years.keys()].sort((a, b) => a - b),
  };
}
