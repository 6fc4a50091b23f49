import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { BulletinDocument } from "../../functions/domain/bulletin-document";
import { renderBulletinXlsx, sheetName } from "../../functions/render/bulletin-xlsx";
import { sampleDocument } from "../fixtures/bulletin-document";

async function read(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

describe("the bulletin workbook", () => {
  it("has one sheet per table, named by its caption, with Chinese headers and a frozen header row", async () => {
    const workbook = await read(await renderBulletinXlsx(sampleDocument));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(sampleDocument.tables.map((t) => t.title));
    const sheet = workbook.getWorksheet("各县（市、区）月报报送情况排名");
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      "排名",
      "地区",
      "应报",
      "按时",
      "逾期",
      "未报",
      "报送率",
      "按时率",
    ]);
    expect(sheet?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("writes counts as numbers and rates as percentages, a rate with nothing to divide as a dash", async () => {
    const sheet = (await read(await renderBulletinXlsx(sampleDocument))).worksheets[0];
    const longyang = sheet?.getRow(2);
    expect(longyang?.getCell(3).value).toBe(120);
    expect(longyang?.getCell(7).value).toBeCloseTo(118 / 120, 10);
    expect(longyang?.getCell(7).numFmt).toBe("0.0%");
    const changning = sheet?.getRow(6);
    expect(changning?.getCell(2).value).toBe("昌宁县");
    expect(changning?.getCell(1).value).toBe("—");
    expect(changning?.getCell(7).value).toBe("—");
    expect(sheet?.getRow(7).getCell(2).value).toBe("合计");
    expect(sheet?.getRow(7).getCell(3).value).toBe(300);
  });

  it("never lets a text cell run as a formula", async () => {
    const hostile: BulletinDocument = {
      ...sampleDocument,
      tables: [
        {
          key: "overdue",
          title: "逾期未销号重大隐患",
          columns: [
            { header: "企业", kind: "text", width: 3 },
            { header: "逾期天数", kind: "count", width: 1 },
          ],
          rows: [
            ['=HYPERLINK("http://x","点此")', 3],
            ["＋1+1", -2],
          ],
          emptyText: "无",
        },
      ],
    };
    const sheet = (await read(await renderBulletinXlsx(hostile))).worksheets[0];
    expect(sheet?.getRow(2).getCell(1).value).toBe('\'=HYPERLINK("http://x","点此")');
    expect(sheet?.getRow(2).getCell(1).formula).toBeUndefined();
    expect(sheet?.getRow(3).getCell(1).value).toBe("'＋1+1");
    expect(sheet?.getRow(3).getCell(2).value).toBe(-2);
  });

  it("names sheets within Excel's rules, however the captions collide", () => {
    const taken = new Set<string>();
    expect(sheetName("a/b:c", taken)).toBe("a·b·c");
    const long = "各县（市、区）重大隐患挂牌督办、销号及逾期未整改情况统计表";
    const first = sheetName(long, taken);
    const second = sheetName(long, taken);
    expect(first.length).toBeLessThanOrEqual(31);
    expect(second.length).toBeLessThanOrEqual(31);
    expect(second).not.toBe(first);
  });
});
