/**
 * Reporting periods: months (`2026-10`), quarters (`2026-Q4`) and years (`2026`), all on the Shanghai
 * calendar. A period is identified by its text so it can be a key in storage and in URLs as is.
 */
import * as z from "zod";
import { addDays, type LocalDate, LocalDateSchema, shanghaiDateOf, shanghaiStartOfDay } from "./calendar";
import { InvalidInput } from "./errors";
import { message, said } from "./messages";

export type PeriodKind = "month" | "quarter" | "year";

/** A period's text: `YYYY-MM` for a month, `YYYY-Qn` for a quarter, `YYYY` for a year. */
export type Period = string;

export const PeriodKindSchema = z.enum(["month", "quarter", "year"]);

const PATTERNS: Record<PeriodKind, RegExp> = {
  month: /^(\d{4})-(0[1-9]|1[0-2])$/,
  quarter: /^(\d{4})-Q([1-4])$/,
  year: /^(\d{4})$/,
};

const PER_YEAR: Record<PeriodKind, number> = { month: 12, quarter: 4, year: 1 };

const FIELD_MESSAGES = {
  month: "field.month",
  quarter: "field.quarter",
  year: "field.year",
} as const satisfies Record<PeriodKind, string>;

/** A monthly period, `YYYY-MM` with month 01–12 — the period of the monthly self-inspection report. */
export const PeriodSchema = z.string().regex(PATTERNS.month, { message: message(FIELD_MESSAGES.month) });
export const QuarterPeriodSchema = z
  .string()
  .regex(PATTERNS.quarter, { message: message(FIELD_MESSAGES.quarter) });
export const YearPeriodSchema = z.string().regex(PATTERNS.year, { message: message(FIELD_MESSAGES.year) });

/** The schema for periods of one kind. */
export function periodSchemaFor(kind: PeriodKind): z.ZodString {
  return { month: PeriodSchema, quarter: QuarterPeriodSchema, year: YearPeriodSchema }[kind];
}

/**
 * Periods counted from year 0: year * PER_YEAR + index within the year. Consecutive periods have consecutive
 * ordinals, which makes next/previous/between plain integer arithmetic across year boundaries.
 */
function ordinalOf(kind: PeriodKind, text: string): number {
  const match = PATTERNS[kind].exec(text);
  if (!match) {
    throw new InvalidInput(said("input.period", { kind, value: String(text) }), [
      { path: "period", message: message(FIELD_MESSAGES[kind]) },
    ]);
  }
  const year = Number(match[1]);
  const index = kind === "year" ? 0 : Number(match[2]) - 1;
  return year * PER_YEAR[kind] + index;
}

function fromOrdinal(kind: PeriodKind, ordinal: number): Period {
  const year = Math.floor(ordinal / PER_YEAR[kind]);
  const index = ordinal - year * PER_YEAR[kind];
  if (year < 0 || year > 9999) throw new InvalidInput(said("input.period_out_of_range"));
  const yyyy = String(year).padStart(4, "0");
  if (kind === "month") return `${yyyy}-${String(index + 1).padStart(2, "0")}`;
  if (kind === "quarter") return `${yyyy}-Q${index + 1}`;
  return yyyy;
}

/** The period `text` denotes, checked; throws InvalidInput for anything else (`2026-13`, `2026-Q5`, `26`). */
export function parsePeriod(kind: PeriodKind, text: string): Period {
  return fromOrdinal(kind, ordinalOf(kind, text));
}

export function nextPeriod(kind: PeriodKind, period: Period): Period {
  return fromOrdinal(kind, ordinalOf(kind, period) + 1);
}

export function previousPeriod(kind: PeriodKind, period: Period): Period {
  return fromOrdinal(kind, ordinalOf(kind, period) - 1);
}

/** The period of `kind` containing a Shanghai date. */
export function periodOf(kind: PeriodKind, date: LocalDate): Period {
  const parsed = LocalDateSchema.safeParse(date);
  if (!parsed.success) {
    throw new InvalidInput(said("input.date", { value: String(date) }), [
      { path: "date", message: message("field.date") },
    ]);
  }
  const year = Number(date.slice(0, 4));
  const monthIndex = Number(date.slice(5, 7)) - 1;
  const index = kind === "month" ? monthIndex : kind === "quarter" ? Math.floor(monthIndex / 3) : 0;
  return fromOrdinal(kind, year * PER_YEAR[kind] + index);
}

/** The first Shanghai date of a period. */
export function periodFirstDay(kind: PeriodKind, period: Period): LocalDate {
  const ordinal = ordinalOf(kind, period);
  const year = Math.floor(ordinal / PER_YEAR[kind]);
  const index = ordinal - year * PER_YEAR[kind];
  const firstMonth = kind === "month" ? index + 1 : kind === "quarter" ? index * 3 + 1 : 1;
  return `${String(year).padStart(4, "0")}-${String(firstMonth).padStart(2, "0")}-01`;
}

/** The last Shanghai date of a period (the day before the next period's first day). */
export function periodLastDay(kind: PeriodKind, period: Period): LocalDate {
  return addDays(periodFirstDay(kind, nextPeriod(kind, period)), -1);
}

/** The instant a period ends: 00:00 Shanghai time on the day after its last day (exclusive bound). */
export function periodEnd(kind: PeriodKind, period: Period): Date {
  return shanghaiStartOfDay(periodFirstDay(kind, nextPeriod(kind, period)));
}

/** Every period from `from` to `to`, both included, in order; empty when `from` is after `to`. */
export function periodsBetween(kind: PeriodKind, from: Period, to: Period): Period[] {
  const first = ordinalOf(kind, from);
  const last = ordinalOf(kind, to);
  const result: Period[] = [];
  for (let ordinal = first; ordinal <= last; ordinal++) result.push(fromOrdinal(kind, ordinal));
  return result;
}

/** Negative when `a` is before `b`, 0 when equal, positive when after — usable as a sort comparator. */
export function comparePeriods(kind: PeriodKind, a: Period, b: Period): number {
  return Math.sign(ordinalOf(kind, a) - ordinalOf(kind, b));
}

/** "2026-10" → "2026年10月", "2026-Q3" → "2026年第3季度", "2026" → "2026年度". */
export function periodLabel(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${month[1]}年${Number(month[2])}月`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}年第${quarter[2]}季度`;
  return `${period}年度`;
}

/**
 * "2026-11-05" → "11月5日" in 2026, "2026年11月5日" in any other year: a date of another year carries its
 * year (a deadline next January is not this January). Without `today` the year is always given.
 */
export function dateLabel(date: string, today?: string): string {
  const [y, m, d] = date.split("-");
  const day = `${Number(m)}月${Number(d)}日`;
  return today && today.slice(0, 4) === y ? day : `${y}年${day}`;
}

/** Every month (YYYY-MM, Shanghai) from the one `from` falls in to the one `to` falls in, both included. */
export function monthsBetween(from: Date, to: Date): string[] {
  const last = shanghaiDateOf(to).slice(0, 7);
  const months: string[] = [];
  let month = shanghaiDateOf(from).slice(0, 7);
  while (month <= last && months.length < 1200) {
    months.push(month);
    const [y, m] = month.split("-").map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  }
  return months;
}
