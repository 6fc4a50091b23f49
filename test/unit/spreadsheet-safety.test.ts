import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  csvCell,
  csvLine,
  looksLikeFormula,
  spreadsheetText,
} from "../../functions/domain/spreadsheet-safety";

describe("spreadsheet safety (OWASP CSV injection)", () => {
  it.each([
    "=cmd|' /c calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    '＝HYPERLINK("http://x")',
    "＋1",
    "－1",
    "＠A1",
  ])("a cell starting like a formula, %j, is prefixed with a single quote", (text) => {
    expect(looksLikeFormula(text)).toBe(true);
    expect(spreadsheetText(text)).toBe(`'${text}`);
  });

  it.each(["保山市隆阳区某某矿业有限公司", "1+1", "a=b", " 空格开头", "", "'已带引号"])(
    "ordinary text %j is left as it is",
    (text) => {
      expect(looksLikeFormula(text)).toBe(false);
      expect(spreadsheetText(text)).toBe(text);
    },
  );

  it("numbers stay numbers, negative ones included; empty values are empty fields", () => {
    expect(csvLine([-5, 12.5, true, null, undefined])).toBe("-5,12.5,true,,");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("a neutralised cell is quoted so the quote survives, and inner quotes are doubled", () => {
    expect(csvCell("=1+1")).toBe(`"'=1+1"`);
    expect(csvCell('说"明",二')).toBe(`"说""明"",二"`);
  });

  it("any text read back from a CSV line is the text itself or the neutralised text, never a formula", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 6 }), (cells) => {
        // A leading fixed cell keeps a line of one empty field from reading as a blank line.
        const [row] = parse(csvLine(["行", ...cells])) as string[][];
        expect(row).toHaveLength(cells.length + 1);
        row?.slice(1).forEach((read, i) => {
          const original = cells[i] ?? "";
          expect(read).toBe(looksLikeFormula(original) ? `'${original}` : original);
          expect(looksLikeFormula(read)).toBe(false);
        });
      }),
      { seed: 7 },
    );
  });
});
