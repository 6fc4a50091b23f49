/**
 * A bulletin (通报) as it is printed: an immutable snapshot of headings, paragraphs and tables that both
 * renders (PDF, xlsx) draw from, so the two never disagree. Cells are typed by their column: a count or
 * an amount is a number, a rate a share in [0, 1] or null (nothing to divide: printed "—").
 */
import * as z from "zod";

export const ColumnKind = z.enum(["text", "count", "rate", "yuan", "rank", "date"]);
export type ColumnKind = z.infer<typeof ColumnKind>;

export const BulletinColumn = z
  .object({
    header: z.string().min(1).max(40),
    kind: ColumnKind,
    /** Relative width in the PDF table (text columns wider than counts). */
    width: z.number().positive().max(20),
  })
  .strict();
export type BulletinColumn = z.infer<typeof BulletinColumn>;

export const BulletinCell = z.union([z.string().max(500), z.number(), z.null()]);
export type BulletinCell = z.infer<typeof BulletinCell>;

export const BulletinTable = z
  .object({
    /** A stable key (`filing`, `hazards`, …): the xlsx sheet order and the simulator's checks use it. */
    key: z.string().regex(/^[a-zA-Z]+$/),
    /** The caption, also the xlsx sheet name (≤ 31 characters, Excel's limit). */
    title: z.string().min(1).max(31),
    columns: z.array(BulletinColumn).min(1).max(12),
    rows: z.array(z.array(BulletinCell)),
    /** A total row (合计) under the ranked rows. */
    total: z.array(BulletinCell).optional(),
    /** Said instead of an empty table ("本期无逾期重大隐患。"). */
    emptyText: z.string().max(200),
  })
  .strict();
export type BulletinTable = z.infer<typeof BulletinTable>;

export const BulletinSection = z
  .object({
    heading: z.string().min(1).max(60),
    paragraphs: z.array(z.string().max(2000)),
    /** Keys of the tables printed at the end of the section. */
    tables: z.array(z.string()),
  })
  .strict();
export type BulletinSection = z.infer<typeof BulletinSection>;

export const BulletinDocument = z
  .object({
    /** 发文机关标志: "保山市安全生产委员会办公室". */
    issuer: z.string().min(1).max(40),
    /** 发文字号 once issued ("保安办〔2026〕12号"); absent on a draft. */
    documentNo: z.string().max(40).optional(),
    title: z.string().min(1).max(120),
    /** 主送机关: who the bulletin is addressed to. */
    addressees: z.string().max(300),
    foreword: z.string().max(4000).optional(),
    sections: z.array(BulletinSection),
    remarks: z.string().max(4000).optional(),
    tables: z.array(BulletinTable),
    /** 成文日期 in Chinese ("2026年12月7日"): the issue date, or the drafting date on a draft. */
    dateText: z.string().max(40),
    /** 版记: 抄送 line. */
    copyTo: z.string().max(300).optional(),
    draft: z.boolean(),
  })
  .strict();
export type BulletinDocument = z.infer<typeof BulletinDocument>;

/** How a person reads a cell: rates as "87.5%", null as "—", amounts with two decimals. */
export function cellText(cell: BulletinCell, kind: ColumnKind): string {
  if (cell === null) return "—";
  if (typeof cell === "string") return cell;
  switch (kind) {
    case "rate":
      return Number.isFinite(cell) ? `${(cell * 100).toFixed(1)}%` : "—";
    case "yuan":
      return cell.toFixed(2);
    default:
      return String(cell);
  }
}
