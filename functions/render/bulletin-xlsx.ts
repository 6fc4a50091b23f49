import { PassThrough, type Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { BulletinColumn, BulletinDocument, BulletinTable } from "../domain/bulletin-document";
import { spreadsheetText } from "../domain/spreadsheet-safety";

const FORMAT: Partial<Record<BulletinColumn["kind"], string>> = {
  count: "0",
  rank: "0",
  rate: "0.0%",
  yuan: "#,##0.00",
};

/** Excel refuses sheet names with []:*?/\ and longer than 31 characters. */
export function sheetName(title: string, taken: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, "·").slice(0, 31);
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 28)}(${i})`;
  taken.add(name);
  return name;
}

/** A cell as it goes into the sheet: numbers as numbers, "—" for a rate with nothing to divide, text made safe. */
function cellValue(cell: string | number | null): string | number {
  if (cell === null) return "—";
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : "—";
  return spreadsheetText(cell);
}

function writeTable(workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: BulletinTable, taken: Set<string>) {
  const sheet = workbook.addWorksheet(sheetName(table.title, taken), {
    // The header row stays in view while an official scrolls a province's list.
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = table.columns.map((c) => ({
    header: spreadsheetText(c.header),
    width: Math.max(8, Math.round(c.width * 7)),
    ...(FORMAT[c.kind] ? { style: { numFmt: FORMAT[c.kind] as string } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const add = (cells: (string | number | null)[], bold = false) => {
    const row = sheet.addRow(table.columns.map((_, i) => cellValue(cells[i] ?? null)));
    if (bold) row.font = { bold: true };
    row.commit();
  };
  for (const cells of table.rows) add(cells);
  if (table.total) add(table.total, true);
  sheet.commit();
}

/** Writes the tables to a stream as they come: the streaming writer never holds the sheets in memory. */
export async function writeBulletinXlsx(doc: BulletinDocument, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  workbook.creator = doc.issuer;
  // A fixed date keeps the bytes a function of the snapshot alone.
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const taken = new Set<string>();
  for (const table of doc.tables) writeTable(workbook, table, taken);
  await workbook.commit();
}

/** One sheet per table of the bulletin, with Chinese headers; pure: the same snapshot gives the same bytes. */
export async function renderBulletinXlsx(doc: BulletinDocument): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on("end", resolve);
    out.on("error", reject);
  });
  await writeBulletinXlsx(doc, out);
  await done;
  return Buffer.concat(chunks);
}
