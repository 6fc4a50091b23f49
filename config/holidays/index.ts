import type { YearCalendar } from "../../functions/domain/calendar";

/**
 * Holiday calendars for years the chinese-days package does not hold (it covers 2004–2026). When the State
 * Council publishes a year's notice (国务院办公厅关于某年部分节假日安排的通知), add `<year>.json` here as
 * `{year, holidays: [dates off], workdays: [weekend days made working days]}` and list it below. A working-
 * day computation in a year with no data is refused, never guessed.
 */
export const suppliedCalendars: YearCalendar[] = [];
