/**
 * When periodic filings are due, and whether a filing was on time.
 *
 * A deadline is an exclusive upper bound: the instant the last filing day ends in Shanghai (00:00 the next
 * day). Received strictly before it is on time — 23:59:59.999 on the due day is on time, 00:00:00 the next day
 * is late — so no "end of day" rounding is needed anywhere.
 */
import * as z from "zod";
import {
  addDays,
  daysInMonth,
  type HolidayCalendar,
  type LocalDate,
  shanghaiEndOfDay,
  type TimeOfDay,
  TimeOfDaySchema,
} from "./calendar";
import { InvalidInput } from "./errors";
import { message, said } from "./messages";
import { nextPeriod, type Period, type PeriodKind, periodEnd, periodFirstDay } from "./period";

/**
 * When a filing for a period is due: on day `dayOfNextPeriod` of the first month of the following period.
 *
 * - monthly self-inspection report: by the 5th of the next month → `{ dayOfNextPeriod: 5 }` (保山市 2015 方案;
 *   a local rule, hence configuration rather than a constant);
 * - quarterly statistics: by the 15th of the first month of the next quarter → `{ dayOfNextPeriod: 15 }`;
 * - annual report: by 31 January of the next year → `{ dayOfNextPeriod: 31 }`.
 *
 * Days 29–31 are allowed so that "31 January" can be written; in a shorter first month they are clamped to
 * its last day (31 for a January report of a monthly filing means 28/29 February, i.e. "end of next month"),
 * never rolled over into the month after.
 *
 * `shiftToWorkingDay`: when the due day is not a working day, the deadline moves to the next working day —
 * this needs the State Council calendar of that year.
 */
export type DueRule = { dayOfNextPeriod: number; shiftToWorkingDay: boolean };

export const DueRuleSchema = z.object({
  dayOfNextPeriod: z.number().int().min(1).max(31),
  shiftToWorkingDay: z.boolean(),
});

/**
 * A distance from a date, for reminder and escalation ladders: `days` calendar or working days after
 * (negative: before). `at` is the Shanghai wall-clock time the ladder step fires on the resulting date; the
 * date arithmetic here ignores it (combine with shanghaiAt).
 */
export type DayOffset = { days: number; unit: "calendar" | "working"; at?: TimeOfDay };

export const DayOffsetSchema = z.object({
  days: z.number().int(),
  unit: z.enum(["calendar", "working"]),
  at: TimeOfDaySchema.optional(),
});

function needCalendar(calendar: HolidayCalendar | undefined, why: string): HolidayCalendar {
  // A wiring bug, not bad input: silently falling back to the package calendar would ignore supplied years.
  if (!calendar) throw new Error(`${why} needs a HolidayCalendar`);
  return calendar;
}

function parseRule(rule: DueRule): DueRule {
  const parsed = DueRuleSchema.safeParse(rule);
  if (!parsed.success) {
    throw new InvalidInput(
      said("input.due_rule"),
      parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

/**
 * The last Shanghai date on which a filing for `period` is on time. With `shiftToWorkingDay`, a due day that
 * is not a working day moves to the next working day (throws CalendarYearMissing for a year without data).
 */
export function filingDueDate(
  kind: PeriodKind,
  period: Period,
  rule: DueRule,
  calendar?: HolidayCalendar,
): LocalDate {
  const { dayOfNextPeriod, shiftToWorkingDay } = parseRule(rule);
  const firstDay = periodFirstDay(kind, nextPeriod(kind, period));
  const year = Number(firstDay.slice(0, 4));
  const month = Number(firstDay.slice(5, 7));
  const due = addDays(firstDay, Math.min(dayOfNextPeriod, daysInMonth(year, month)) - 1);
  if (!shiftToWorkingDay) return due;
  return needCalendar(calendar, "a due rule with shiftToWorkingDay").nextWorkingDayOnOrAfter(due);
}

/** The instant a filing for `period` becomes late: the end (Shanghai) of its due date, exclusive. */
export function filingDeadline(
  kind: PeriodKind,
  period: Period,
  rule: DueRule,
  calendar?: HolidayCalendar,
): Date {
  return shanghaiEndOfDay(filingDueDate(kind, period, rule, calendar));
}

function instantMs(instant: Date, name: string): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms))
    throw new InvalidInput(said("input.instant", { field: name }), [
      { path: name, message: message("field.instant") },
    ]);
  return ms;
}

/** On time iff received strictly before the (exclusive) deadline. */
export function isOnTime(receivedAt: Date, deadline: Date): boolean {
  return instantMs(receivedAt, "receivedAt") < instantMs(deadline, "deadline");
}

/** Whether `period` is over at `now` — a report for a period can only be filed once it has ended. */
export function hasPeriodEnded(kind: PeriodKind, period: Period, now: Date): boolean {
  return instantMs(now, "now") >= periodEnd(kind, period).getTime();
}

/** The date `offset.days` calendar or working days from `date` (working: needs the calendar). */
export function offsetFrom(date: LocalDate, offset: DayOffset, calendar?: HolidayCalendar): LocalDate {
  if (!Number.isInteger(offset.days))
    throw new InvalidInput(said("input.integer_days", { value: offset.days }));
  if (offset.unit === "calendar") return addDays(date, offset.days);
  return needCalendar(calendar, "a working-day offset").addWorkingDays(date, offset.days);
}
