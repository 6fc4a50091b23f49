import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Enterprise, Industry } from "../../functions/domain/catalogue";
import { INDUSTRIES } from "../../functions/domain/catalogue";
import { CREDIT_CODE_CHARSET, completeCreditCode } from "../../functions/domain/credit-code";
import {
  ENTERPRISE_CSV_COLUMNS,
  enterpriseToCsvRow,
  OFFICIAL_CSV_COLUMNS,
  parseEnterpriseCsv,
  parseOfficialCsv,
  toEnterpriseCsv,
  toOfficialCsv,
} from "../../functions/domain/csv-import";
import { InvalidInput } from "../../functions/domain/errors";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";

const REQUIRED_HEADER = ENTERPRISE_CSV_COLUMNS.filter((c) => c !== "status").join(",");
const [first, second, third] = generateEnterprises({ count: 3, seed: 7 }) as [
  Enterprise,
  Enterprise,
  Enterprise,
];

/** One CSV line for `enterprise` without the status column (fields in the demo data need no quoting). */
function line(
  enterprise: Enterprise,
  overrides: Partial<Record<(typeof ENTERPRISE_CSV_COLUMNS)[number], string>> = {},
) {
  return ENTERPRISE_CSV_COLUMNS.filter((c) => c !== "status")
    .map(
      (column) => overrides[column] ?? enterpriseToCsvRow(enterprise)[ENTERPRISE_CSV_COLUMNS.indexOf(column)],
    )
    .join(",");
}

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("parseEnterpriseCsv", () => {
  it("a file with Excel's UTF-8 BOM is read, the header counting as line 1", () => {
    const text = `\uFEFF${REQUIRED_HEADER}\r\n${line(first)}\r\n${line(second)}\r\n`;

    const result = parseEnterpriseCsv(text);

    expect(result.rejected).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, value: first },
      { line: 3, value: second },
    ]);
  });

  it("good rows are kept and each bad row is rejected at its line with every problem named by column", () => {
    const badMobileAndCode = line(second, {
      legal_rep_mobile: "1290000000",
      credit_code: `${second.creditCode.slice(0, 17)}${second.creditCode.endsWith("0") ? "1" : "0"}`,
    });
    const badEmail = line(third, { info_officer_email: "xinxi@", supervising_department: "" });
    const text = [REQUIRED_HEADER, line(first), badMobileAndCode, badEmail].join("\n");

    const result = parseEnterpriseCsv(text);

    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.rejected).toEqual([
      {
        line: 3,
        reason: `credit_code：统一社会信用代码第 18 位校验码应为 ${second.creditCode.charAt(17)}，请核对是否抄错；legal_rep_mobile：应为 11 位大陆手机号码（13–19 开头）`,
      },
      { line: 4, reason: "info_officer_email：应为电子邮箱地址；supervising_department：必填" },
    ]);
  });

  it("a credit code repeated in one file rejects the later row and keeps the first", () => {
    const repeated = line(second, { credit_code: first.creditCode.toLowerCase() });
    const text = [REQUIRED_HEADER, line(first), line(third), repeated].join("\n");

    const result = parseEnterpriseCsv(text);

    expect(result.rows.map((r) => r.value.creditCode)).toEqual([first.creditCode, third.creditCode]);
    expect(result.rejected).toEqual([{ line: 4, reason: "credit_code：与第 2 行重复" }]);
  });

  it("a missing required column refuses the whole file naming the column and line 1", () => {
    const header = REQUIRED_HEADER.replace(",legal_rep_mobile", "");

    const error = thrownBy(() => parseEnterpriseCsv(`${header}\n`));

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).message).toContain("第 1 行表头有误：缺少列 法定代表人手机");
    expect((error as InvalidInput).fields).toEqual([{ path: "legal_rep_mobile", message: "缺少此列" }]);
  });

  it("an unknown column refuses the whole file naming it, as it is usually a misspelt one", () => {
    const header = `${REQUIRED_HEADER},remark`;

    const error = thrownBy(() => parseEnterpriseCsv(`${header}\n${line(first)},备注\n`));

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).message).toContain("不认识的列 remark");
  });

  it("a quoted field holding a comma and a line break keeps the line numbers of later rows", () => {
    const quotedName = line(first, { name: '"保山,\r\n永昌 ""老字号"" 煤业"' });
    const text = [REQUIRED_HEADER, quotedName, line(second, { legal_rep_mobile: "bad" }), line(third)].join(
      "\r\n",
    );

    const result = parseEnterpriseCsv(text);

    expect(result.rows.map((r) => [r.line, r.value.name])).toEqual([
      [2, '保山,\r\n永昌 "老字号" 煤业'],
      [5, third.name],
    ]);
    expect(result.rejected.map((r) => r.line)).toEqual([4]);
  });

  it("blank lines are skipped but still counted", () => {
    const text = [REQUIRED_HEADER, "", line(first), "   ", "", line(second, { name: "" })].join("\n");

    const result = parseEnterpriseCsv(text);

    expect(result.rows.map((r) => r.line)).toEqual([3]);
    expect(result.rejected).toEqual([{ line: 6, reason: "name：必填" }]);
  });

  it("industries may be written by their Chinese names", () => {
    const text = [
      REQUIRED_HEADER,
      line(first, { industry: "烟花爆竹" }),
      line(second, { industry: " 建筑施工 " }),
      line(third, { industry: "花炮" }),
    ].join("\n");

    const result = parseEnterpriseCsv(text);

    expect(result.rows.map((r) => r.value.industry)).toEqual(["fireworks", "construction"]);
    expect(result.rejected[0]?.reason).toMatch(/^industry：行业应为以下之一：煤矿（coal_mine）/);
  });

  it("columns are matched by name in any order and an empty status means active", () => {
    const columns = ["status", ...ENTERPRISE_CSV_COLUMNS.filter((c) => c !== "status").reverse()];
    const row = (e: Enterprise, status: string) =>
      [status, ...enterpriseToCsvRow(e).slice(0, -1).reverse()].join(",");
    const text = [columns.join(","), row(first, ""), row(second, "closed")].join("\n");

    const result = parseEnterpriseCsv(text);

    expect(result.rows.map((r) => r.value)).toEqual([first, { ...second, status: "closed" }]);
  });

  it("a row with too few fields is rejected on its own", () => {
    const text = [REQUIRED_HEADER, "91350100M000100Y43,保山某公司", line(first)].join("\n");

    const result = parseEnterpriseCsv(text);

    expect(result.rejected).toEqual([{ line: 2, reason: "有 2 个单元格，表头有 13 列" }]);
    expect(result.rows.map((r) => r.line)).toEqual([3]);
  });

  it.each([
    ["an empty file", ""],
    ["a file with only a BOM", "\uFEFF"],
    ["a header-only file", `${REQUIRED_HEADER}\r\n`],
  ])("%s imports nothing", (_label, text) => {
    expect(parseEnterpriseCsv(text)).toEqual({ rows: [], rejected: [], warnings: [] });
  });

  it("an unclosed quote refuses the file naming the line where its record starts", () => {
    const text = [REQUIRED_HEADER, line(first), line(second, { name: '"保山\n公司' }), line(third)].join(
      "\n",
    );

    const error = thrownBy(() => parseEnterpriseCsv(text));

    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).message).toBe("CSV 格式错误（第 3 行起的记录）：引号没有闭合");
  });

  it("any enterprise written by toEnterpriseCsv parses back equal", () => {
    const charsetChar = fc.constantFrom(...CREDIT_CODE_CHARSET);
    const text = fc
      .string({
        unit: fc.constantFrom("保", "山", "煤", "a", " ", ",", '"', "\n", "\r\n", "，", "'"),
        minLength: 1,
      })
      .filter((s) => s.trim() === s && s.length <= 100);
    const mobile = fc
      .tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }))
      .map(([second, rest]) => `1${second}${String(rest).padStart(9, "0")}`);
    const email = fc.constantFrom("anquan.1@example.cn", "x.y@example.com");
    const enterprise: fc.Arbitrary<Enterprise> = fc.record({
      creditCode: fc
        .tuple(
          charsetChar,
          charsetChar,
          fc.integer({ min: 100_000, max: 999_999 }),
          fc.string({ unit: charsetChar, minLength: 8, maxLength: 8 }),
        )
        .map(([registrationDept, orgType, division, orgBody]) =>
          completeCreditCode({ registrationDept, orgType, division: String(division), orgBody }),
        ),
      name: text,
      countyCode: fc.constantFrom("530502", "530521", "530523", "530524", "530581"),
      industry: fc.constantFrom(...(Object.keys(INDUSTRIES) as Industry[])),
      legalRep: fc.record({ name: text, mobile }),
      safetyManager: fc.record({ name: text, mobile, email: fc.option(email, { nil: undefined }) }),
      infoOfficer: fc.record({ name: text, mobile, email: fc.option(email, { nil: undefined }) }),
      // Written back in one spelling: departments joined by 、 (see department.test in csv-excel.test.ts).
      supervisingDepartment: fc
        .uniqueArray(fc.constantFrom("应急管理局", "住房和城乡建设局", "市场监督管理局", "交通运输局"), {
          minLength: 1,
          maxLength: 3,
        })
        .map((names) => names.join("、")),
      status: fc.constantFrom("active", "closed"),
    });

    fc.assert(
      fc.property(enterprise, (generated) => {
        const result = parseEnterpriseCsv(toEnterpriseCsv([generated]));

        expect(result.rejected).toEqual([]);
        expect(result.rows).toEqual([{ line: 2, value: generated }]);
      }),
    );
  });
});

describe("parseOfficialCsv", () => {
  it("the demo officials written by toOfficialCsv parse back equal", () => {
    const officials = generateOfficials();

    const result = parseOfficialCsv(toOfficialCsv(officials));

    expect(result.rejected).toEqual([]);
    expect(result.rows.map((r) => r.value)).toEqual(officials);
  });

  it("roles may be written in Chinese, an inspector needs a department and a repeated official (same name, role and department, however spelt, whatever the mobile) is rejected", () => {
    const text = [
      OFFICIAL_CSV_COLUMNS.join(","),
      "赵六,监管人员,530502,应急管理局,13700000001,zhao@example.gov.cn",
      "钱七,inspector,530502,,13700000002,qian@example.gov.cn",
      "赵六,inspector,530502,应急管理局（执法大队）,13700000009,zhao@example.gov.cn",
      "赵六,安委办,530502,,13700000001,zhao@example.gov.cn",
    ].join("\n");

    const result = parseOfficialCsv(text);

    expect(result.rows.map((r) => [r.line, r.value.role])).toEqual([
      [2, "inspector"],
      [5, "anweiban"],
    ]);
    expect(result.rejected).toEqual([
      {
        line: 3,
        reason: "department：监管人员须填写所属部门（即负责监管企业的部门）",
      },
      { line: 4, reason: "name：与第 2 行重复" },
    ]);
  });
});
