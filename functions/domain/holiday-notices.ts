/**
 * The yearly holiday notices (国务院办公厅 放假安排) of npm `chinese-days`, kept in the compact form
 * ./holiday-table.ts holds: per year, its holidays and its adjusted working days (调休) as space-separated
 * `MMDD`. The package's JSON (`{holidays: {date: "English,中文,n"}, workdays: {…}}`, ~33 KB) is read only by
 * `npm run holidays:table` and by test/unit/calendar.test.ts, which fails when the two disagree; a Lambda
 * bundle carries the ~4 KB table.
 */
export type PackageHolidayData = {
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
};

/** One year's notice: holidays and working days, `MMDD` separated by spaces. */
export type Notice = { holidays: string; workdays: string };

/**
 * The years the package has a notice for, and their dates. A year counts as covered when the data has its
 * Spring Festival (春节) — every notice since 1999 has one, and unlike 元旦 it never spills into a neighbouring
 * year's notice (2022-12-31 is a 2023 New Year holiday, kept under 2022 like every date under its own year).
 */
export function encodeNotices(data: PackageHolidayData): Record<number, Notice> {
  const years = new Set<number>();
  for (const [date, name] of Object.entries(data.holidays)) {
    if (name.includes("春节")) years.add(Number(date.slice(0, 4)));
  }
  const datesOf = (dates: Readonly<Record<string, string>>, year: number) =>
    Object.keys(dates)
      .filter((d) => d.startsWith(`${year}-`))
      .sort()
      .map((d) => d.slice(5, 7) + d.slice(8, 10))
      .join(" ");
  const result: Record<number, Notice> = {};
  for (const year of [...years].sort((a, b) => a - b)) {
    result[year] = { holidays: datesOf(data.holidays, year), workdays: datesOf(data.workdays, year) };
  }
  return result;
}

/** A notice's dates as `YYYY-MM-DD`. */
export function decodeNotice(
  year: number,
  notice: Notice,
): { year: number; holidays: string[]; workdays: string[] } {
  const dates = (text: string) =>
    text
      .split(" ")
      .filter(Boolean)
      .map((md) => `${year}-${md.slice(0, 2)}-${md.slice(2, 4)}`);
  return { year, holidays: dates(notice.holidays), workdays: dates(notice.workdays) };
}
