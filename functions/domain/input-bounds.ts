import * as z from "zod";
import { LocalDateSchema } from "./calendar";
import { message } from "./messages";

/**
 * What the domain accepts at its edges, with bounds: a number the store cannot hold (above 2^53, below
 * 1e-130) or a date no supervision record can carry must be a 400 naming the field, never a 500 later.
 */

/** The People's Republic's founding day and the end of the planning horizon: every date lies between. */
export const FIRST_DATE = "1949-10-01";
export const LAST_DATE = "2100-12-31";
export const FIRST_YEAR = 1949;
export const LAST_YEAR = 2100;

const DATE_RANGE = message("field.date_range", { from: FIRST_DATE, to: LAST_DATE });
const YEAR_RANGE = message("field.year_range", { from: FIRST_YEAR, to: LAST_YEAR });

/** A calendar date YYYY-MM-DD within the range. */
export const BoundedDate = LocalDateSchema.refine((d) => d >= FIRST_DATE && d <= LAST_DATE, DATE_RANGE);

/**
 * An instant, ISO 8601 with offset, whose Shanghai date lies within the range; kept in the one format every
 * instant duban writes has (UTC, `2026-11-02T02:00:00.000Z`), so a response never mixes the caller's
 * `+08:00` with the system's own instants.
 */
export const BoundedInstant = z.iso
  .datetime({ offset: true })
  .refine((text) => {
    // Refinements run after a failed format check too: a text that is no time is that check's to report.
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return true;
    const shanghai = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    return shanghai >= FIRST_DATE && shanghai <= LAST_DATE;
  }, DATE_RANGE)
  .transform((text) => new Date(text).toISOString());

/** A year of the calendar or of a period. */
export const BoundedYear = z.coerce
  .number()
  .int(message("field.year_integer"))
  .min(FIRST_YEAR, YEAR_RANGE)
  .max(LAST_YEAR, YEAR_RANGE);

/** A month YYYY-MM within the year range. */
export const BoundedMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, message("field.month"))
  .refine((p) => Number(p.slice(0, 4)) >= FIRST_YEAR && Number(p.slice(0, 4)) <= LAST_YEAR, {
    message: YEAR_RANGE,
  });

/** Whether a number has at most `places` decimals as written (1e-200 and 0.1 + 0.2 do not). */
function hasAtMostDecimals(value: number, places: number): boolean {
  return Number.isFinite(value) && Number(value.toFixed(places)) === value;
}

/** Money in yuan: integers or decimals to the fen, 0 … 10^13 (ten trillion yuan). */
export const Yuan = z
  .number(message("field.number"))
  .min(0, message("field.not_negative"))
  .max(1e13, message("field.at_most", { max: "10^13 元" }))
  .refine((v) => hasAtMostDecimals(v, 2), message("field.decimals", { places: 2 }));

/** A count of people, inspections or hazards: a whole number 0 … 10^7. */
export const Count = z
  .number(message("field.number"))
  .int(message("field.integer"))
  .min(0, message("field.not_negative"))
  .max(10_000_000, message("field.at_most", { max: "10^7" }));

/** A percentage 0 … 100 with at most one decimal. */
export const Percent = z
  .number(message("field.number"))
  .min(0, message("field.too_small", { min: 0 }))
  .max(100, message("field.at_most", { max: "100" }))
  .refine((v) => hasAtMostDecimals(v, 1), message("field.decimals", { places: 1 }));

/**
 * Control characters (NUL, ESC, …) and bidirectional overrides (U+202A–202E, U+2066–2069, the marks
 * U+200E/200F/061C) make a name read differently from what it is — in an SMS, a spreadsheet, a console.
 * Single-line text refuses line breaks and tabs too; multi-line text keeps them.
 */
function isControlOrBidi(code: number): boolean {
  return (
    (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x061c ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

function withoutControlOrBidi(text: string): string {
  return Array.from(text)
    .filter((ch) => !isControlOrBidi(ch.codePointAt(0) ?? 0))
    .join("");
}
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;

/** Whether the text holds a control character other than tab and line breaks, or a bidi control. */
export function hasControlOrBidi(text: string): boolean {
  for (const ch of text) if (isControlOrBidi(ch.codePointAt(0) ?? 0)) return true;
  return false;
}

/** A name or title: trimmed, 1 … max characters, one line, no control or bidi characters. */
export function SingleLine(max: number) {
  return z
    .string()
    .trim()
    .min(1, message("field.not_empty"))
    .max(max, message("field.too_long", { max }))
    .refine((t) => !hasControlOrBidi(t) && !LINE_BREAK_OR_TAB.test(t), message("field.single_line_chars"));
}

/** A description or note: trimmed, 1 … max characters, line breaks allowed, no other control characters. */
export function MultiLine(max: number) {
  return z
    .string()
    .trim()
    .min(1, message("field.not_empty"))
    .max(max, message("field.too_long", { max }))
    .refine((t) => !hasControlOrBidi(t), message("field.control_chars"));
}

/** A list of distinct values, at most `max` of them. */
export function DistinctList<T extends z.ZodType<string>>(item: T, max: number) {
  return z
    .array(item)
    .max(max, message("field.too_many", { max }))
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((value, index) => {
        if (seen.has(value))
          ctx.addIssue({ code: "custom", path: [index], message: message("field.duplicate", { value }) });
        seen.add(value);
      });
    });
}

/**
 * An SMS says what its approved template says: a link typed into a hazard title or a name must not ride
 * along in a parameter (providers refuse links in variables, and a link in an official-looking text is a
 * phishing vector). Links are dropped, control and bidi characters removed, white space folded.
 */
export function smsParameter(value: string): string {
  return withoutControlOrBidi(value)
    .replace(/\b(?:https?|ftp):\/\/\S+/gi, "")
    .replace(/\bwww\.\S+/gi, "")
    .replace(
      /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|top|xyz|info|cc|io|me|vip|shop|site|link)(?:[/:?#]\S*)?/gi,
      "",
    )
    .replace(/\s+/g, " ")
    .trim();
}
