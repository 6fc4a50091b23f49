import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { BulletinColumn } from "../domain/bulletin-document";
import { csvLine, spreadsheetText } from "../domain/spreadsheet-safety";

export type ExportFormat = "xlsx" | "csv";
export type ExportColumn = Pick<BulletinColumn, "header" | "kind" | "width">;
export type ExportRow = (string | number | null)[];

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

const NUMBER_FORMAT: Partial<Record<ExportColumn["kind"], string>> = {
  count: "0",
  rank: "0",
  rate: "0.0%",
  yuan: "#,##0.00",
};

/**
 * Streams rows into a sheet (exceljs streaming writer) or a CSV (UTF-8 with a BOM, so Excel opens Chinese
 * text correctly; CRLF lines). Rows are written as they arrive from the store, page by page: the whole
 * list is never in memory. Every text cell goes through the spreadsheet-safety helper.
 */
export function streamTable(
  format: ExportFormat,
  sheet: string,
  columns: ExportColumn[],
  rows: AsyncIterable<ExportRow>,
): AsyncIterable<Uint8Array> {
  return format === "csv" ? csvStream(columns, rows) : xlsxStream(sheet, columns, rows);
}

async function* csvStream(columns: ExportColumn[], rows: AsyncIterable<ExportRow>) {
  const encoder = new TextEncoder();
  yield encoder.encode(`\uFEFF${csvLine(columns.map((c) => c.header))}\r\n`);
  let batch: string[] = [];
  for await (const row of rows) {
    batch.push(csvLine(row.map((cell) => (cell === null ? "—" : cell))));
    if (batch.length >= 200) {
      yield encoder.encode(`${batch.join("\r\n")}\r\n`);
      batch = [];
    }
  }
  if (batch.length) yield encoder.encode(`${batch.join("\r\n")}\r\n`);
}

function xlsxStream(sheetName: string, columns: ExportColumn[], rows: AsyncIterable<ExportRow>) {
  const out = new PassThrough();
  (async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({
      header: spreadsheetText(c.header),
      width: Math.max(8, Math.round(c.width * 7)),
      ...(NUMBER_FORMAT[c.kind] ? { style: { numFmt: NUMBER_FORMAT[c.kind] as string } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const row of rows) {
      sheet
        .addRow(
          row.map((cell) => (cell === null ? "—" : typeof cell === "string" ? spreadsheetText(cell) : cell)),
        )
        .commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out as AsyncIterable<Uint8Array>;
}
