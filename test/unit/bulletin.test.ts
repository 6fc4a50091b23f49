import { describe, expect, it } from "vitest";
import { bulletinId, changeParagraph, draftDocument } from "../../functions/domain/bulletin";
import { cellText } from "../../functions/domain/bulletin-document";
import type { SweepResult } from "../../functions/domain/statistics";
import { countyFigures, sampleCityResult, sampleLists } from "../fixtures/sweep-result";

const date = new Date("2026-12-06T02:00:00+08:00");
const table = (doc: ReturnType<typeof draftDocument>, key: string) => {
  const found = doc.tables.find((t) => t.key === key);
  if (!found) throw new Error(`no table ${key}`);
  return found;
};

describe("the bulletin drafted from a sweep result", () => {
  const doc = draftDocument({ result: sampleCityResult(), lists: sampleLists(), trackAfterMissed: 2, date });

  it("ranks the counties by filing rate, ties sharing a rank, a county with nothing owed unranked and last", () => {
    expect(table(doc, "filing").rows.map((r) => [r[0], r[1]])).toEqual([
      [1, "隆阳区"],
      [2, "施甸县"],
      [2, "腾冲市"],
      [4, "龙陵县"],
      [null, "昌宁县"],
    ]);
  });

  it("prints a rate with nothing to divide as a dash, and the total row as the sum of the rows", () => {
    const filing = table(doc, "filing");
    const changning = filing.rows.at(-1) ?? [];
    expect(cellText(changning[6] ?? null, "rate")).toBe("—");
    expect(filing.total?.slice(1, 6)).toEqual(["合计", 300, 251, 20, 29]);
    expect(cellText(filing.total?.[6] ?? null, "rate")).toBe("90.3%");
  });

  it("names the overdue major hazard with its deadline, days overdue and listing level", () => {
    expect(table(doc, "overdue").rows).toEqual([
      ["保山市隆阳区永昌矿业有限公司", "隆阳区", "尾矿库排洪设施损坏", "2026-10-31", 30, "市级"],
    ]);
  });

  it("says how many a named list holds when it prints only the first rows", () => {
    const section = doc.sections.find((s) => s.heading.includes("未报送"));
    expect(section?.paragraphs[0]).toContain("共29家，以下列出前1家");
  });

  it("is a draft with the issuer, title and date of the 红头 layout", () => {
    expect(doc).toMatchObject({
      issuer: "保山市安全生产委员会办公室",
      title: "关于2026年11月保山市安全生产隐患排查治理情况的通报",
      dateText: "2026年12月6日",
      draft: true,
    });
    expect(doc.documentNo).toBeUndefined();
  });

  it("ranks departments in a county bulletin", () => {
    const county: SweepResult = {
      ...sampleCityResult(),
      jurisdiction: "530502",
      level: "county",
      name: "隆阳区",
      children: [],
      departments: [
        {
          department: "应急管理局",
          figures: countyFigures({ active: 10, onTime: 9, late: 0, found: 2, rectified: 2 }),
        },
        {
          department: "住房和城乡建设局",
          figures: countyFigures({ active: 10, onTime: 10, late: 0, found: 0, rectified: 0 }),
        },
      ],
    };
    const filing = table(
      draftDocument({ result: county, lists: sampleLists(), trackAfterMissed: 2, date }),
      "filing",
    );
    expect(filing.columns[1]?.header).toBe("监管部门");
    expect(filing.rows.map((r) => [r[0], r[1]])).toEqual([
      [1, "住房和城乡建设局"],
      [2, "应急管理局"],
    ]);
  });

  it("the same jurisdiction, month and version is always the same bulletin", () => {
    expect(bulletinId("530502", "2026-11", 2)).toBe("530502-2026-11-v2");
  });
});

describe("the paragraph on what changed since the month before", () => {
  it("says there is nothing to compare with when the month before was not swept", () => {
    expect(changeParagraph(sampleCityResult(), undefined)).toContain("不作环比");
  });

  it("gives the change of each rate in percentage points and names who moved most", () => {
    const before = sampleCityResult("2026-10");
    const longling = before.children.find((c) => c.name === "龙陵县");
    if (!longling) throw new Error("no 龙陵县");
    longling.figures = countyFigures({ active: 60, onTime: 50, late: 5, found: 9, rectified: 4 });
    before.figures.filing.missing = 20;
    before.figures.filing.filingRate = 0.95;
    const text = changeParagraph(sampleCityResult(), before);
    expect(text).toContain("与2026年10月相比");
    expect(text).toContain("月报报送率下降4.7个百分点（95.0%→90.3%）");
    expect(text).toContain("未报送企业由20家增加到29家");
    expect(text).toContain("下降最多的是龙陵县（20.0个百分点）");
    expect(text).not.toMatch(/NaN|undefined/);
  });
});
