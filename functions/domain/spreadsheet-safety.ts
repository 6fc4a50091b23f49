/**
 * Text that officials open in Excel or WPS must not run as a formula (CSV/formula injection). The OWASP
 * rule: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single
 * quote, so the spreadsheet shows the text instead of evaluating it (`=cmd|' /c calc'!A0` stays text).
 * The full-width forms (＝＋－＠) are treated alike: Chinese input methods type them, and spreadsheet
 * programs in CJK locales may read them as the ASCII operators.
 *
 * Every CSV or xlsx export writes its text cells through `spreadsheetText` (xlsx) or `csvCell`/`csvLine`
 * (CSV). Numbers stay numbers: a negative amount is a number cell, never text that starts with `-`.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

export type CellValue = string | number | boolean | null | undefined;

/** Whether a text cell would be read as a formula (or a DDE call) by a spreadsheet program. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The text as a spreadsheet cell shows it safely: a formula-like start is prefixed with `'`. */
export function spreadsheetText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/**
 * One CSV field (RFC 4180): text neutralised, then quoted when it holds a quote, a comma, a line break or
 * a neutralising quote (so the `'` survives programs that trim unquoted fields). Numbers and booleans are
 * written as they are; null and undefined as an empty field.
 */
export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const safe = spreadsheetText(value);
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line of cells, without the line ending (CRLF between lines, as Excel writes them). */
export function csvLine(cells: CellValue[]): string {
  return cells.map(csvCell).join(",");
}
