import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type Enterprise, Mobile, normaliseMobile } from "../../functions/domain/catalogue";
import { decodeCsv } from "../../functions/domain/csv-decode";
import {
  ENTERPRISE_CSV_COLUMNS,
  ENTERPRISE_CSV_LABELS,
  enterpriseToCsvRow,
  parseEnterpriseCsv,
  parseOfficialCsv,
} from "../../functions/domain/csv-import";
import { departmentKey, splitDepartments, supervises } from "../../functions/domain/department";
import { InvalidInput } from "../../functions/domain/errors";
import { generateEnterprises } from "../../local/demo-data";

/** Encodes text as the system's iconv does: how Chinese Excel's "CSV (逗号分隔)" file reaches duban. */
function iconv(text: string, to: string): Uint8Array {
  return new Uint8Array(execFileSync("iconv", ["-f", "UTF-8", "-t", to], { input: text }));
}

const [first, second] = generateEnterprises({ count: 2, seed: 11 }) as [Enterprise, Enterprise];
const COLUMNS = ENTERPRISE_CSV_COLUMNS.filter((c) => c !== "status");
const CHINESE_HEADER = COLUMNS.map((c) => ENTERPRISE_CSV_LABELS[c][0]).join(",");
const row = (e: Enterprise, overrides: Partial<Record<(typeof COLUMNS)[number], string>> = {}) =>
  COLUMNS.map((c) => overrides[c] ?? enterpriseToCsvRow(e)[ENTERPRISE_CSV_COLUMNS.indexOf(c)]).join(",");

function refusal(act: () => unknown): InvalidInput {
  try {
    act();
  } catch (error) {
    if (error instanceof InvalidInput) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("CSV headers as officials write them", () => {
  it("Chinese headers in Excel's column order read the same rows as the English ones", () => {
    const english = [COLUMNS.join(","), row(first), row(second)].join("\r\n");
    const chinese = [CHINESE_HEADER, row(first), row(second)].join("\r\n");

    expect(parseEnterpriseCsv(chinese).rows).toEqual(parseEnterpriseCsv(english).rows);
    expect(parseEnterpriseCsv(chinese).rows).toHaveLength(2);
  });

  it("Chinese and English headers may be mixed, in any order, with notes in brackets", () => {
    const order = [...COLUMNS].reverse();
    const header = order
      .map((c, i) => (i % 2 === 0 ? `${ENTERPRISE_CSV_LABELS[c][0]}（必填）` : c.toUpperCase()))
      .join(",");
    const line = order.map((c) => enterpriseToCsvRow(first)[ENTERPRISE_CSV_COLUMNS.indexOf(c)]).join(",");

    expect(parseEnterpriseCsv(`${header}\n${line}\n`).rows.map((r) => r.value)).toEqual([first]);
  });

  it("an unknown column is named in the refusal together with the columns expected", () => {
    const error = refusal(() => parseEnterpriseCsv(`${CHINESE_HEADER},备注\n`));

    expect(error.message).toContain("不认识的列 备注");
    expect(error.message).toContain("统一社会信用代码（credit_code）");
    expect(error.fields).toEqual([{ path: "备注", message: "不认识的列（是否写错了列名？）" }]);
  });

  it("line errors name the column as the file spells it", () => {
    const text = [CHINESE_HEADER, row(first, { legal_rep_mobile: "12345" })].join("\n");

    expect(parseEnterpriseCsv(text).rejected).toEqual([
      { line: 2, reason: "法定代表人手机：应为 11 位大陆手机号码（13–19 开头）" },
    ]);
  });
});

describe("encodings", () => {
  const text = [CHINESE_HEADER, row(first), row(second)].join("\r\n");

  it("a file made with iconv -t GBK is decoded, names intact", () => {
    const result = parseEnterpriseCsv(iconv(text, "GBK"));

    expect(result.rejected).toEqual([]);
    expect(result.rows.map((r) => r.value.legalRep.name)).toEqual([
      first.legalRep.name,
      second.legalRep.name,
    ]);
    expect(result.rows.map((r) => r.value.name)).toEqual([first.name, second.name]);
  });

  it("GB18030, UTF-8 with a BOM and UTF-8 without one give the same rows", () => {
    const utf8 = new TextEncoder().encode(text);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    const expected = parseEnterpriseCsv(text).rows;

    expect(parseEnterpriseCsv(iconv(text, "GB18030")).rows).toEqual(expected);
    expect(parseEnterpriseCsv(bom).rows).toEqual(expected);
    expect(parseEnterpriseCsv(utf8).rows).toEqual(expected);
    expect(decodeCsv(iconv(text, "GBK")).encoding).toBe("gb18030");
    expect(decodeCsv(bom).encoding).toBe("utf-8");
  });

  it("a GBK file with a byte sequence GBK does not define is refused whole, saying to save as CSV UTF-8", () => {
    const gbk = iconv(text, "GBK");
    const broken = new Uint8Array([...gbk.subarray(0, 40), 0x81, 0x20, ...gbk.subarray(40)]);

    const error = refusal(() => parseEnterpriseCsv(broken));

    expect(error.reason).toBe("csv.encoding_unknown");
    expect(error.message).toContain("CSV UTF-8");
  });

  it("an Excel workbook uploaded instead of a CSV is refused, saying how to save it", () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);

    expect(refusal(() => parseEnterpriseCsv(xlsx)).message).toContain("Excel 工作簿");
  });

  it("a UTF-8 file with a BOM but broken bytes is not guessed to be GBK", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text), 0xc3]);

    expect(refusal(() => parseEnterpriseCsv(bytes)).reason).toBe("csv.encoding_unknown");
  });
});

describe("contacts", () => {
  it.each([
    ["+86 139 0000 0001", "13900000001"],
    ["+86-139-0000-0001", "13900000001"],
    ["0086 13900000001", "13900000001"],
    ["8613900000001", "13900000001"],
    ["１３９０００００００１", "13900000001"],
    ["139-0000-0001", "13900000001"],
    [" (139) 0000 0001 ", "13900000001"],
  ])("the mobile %s is stored as %s", (written, stored) => {
    expect(normaliseMobile(written)).toBe(stored);
    expect(Mobile.parse(written)).toBe(stored);
  });

  it("a landline or a number of the wrong length is still refused", () => {
    for (const input of ["0875-2123456", "+86 139 0000 000", "86139000000012"])
      expect(Mobile.safeParse(input).success, input).toBe(false);
  });

  it("blank e-mail cells import the row: the person is reached by SMS", () => {
    const text = [CHINESE_HEADER, row(first, { safety_manager_email: "", info_officer_email: "" })].join(
      "\n",
    );

    const result = parseEnterpriseCsv(text);

    expect(result.rejected).toEqual([]);
    expect(result.rows[0]?.value.safetyManager).toEqual({
      name: first.safetyManager.name,
      mobile: first.safetyManager.mobile,
    });
  });

  it("a file without e-mail columns at all is accepted", () => {
    const columns = COLUMNS.filter((c) => !c.endsWith("_email"));
    const line = columns.map((c) => enterpriseToCsvRow(first)[ENTERPRISE_CSV_COLUMNS.indexOf(c)]).join(",");

    expect(parseEnterpriseCsv(`${columns.join(",")}\n${line}\n`).rows).toHaveLength(1);
  });

  it("an official without e-mail is imported", () => {
    const text = "姓名,角色,辖区代码,部门,手机,邮箱\n李明,党委/政府主要领导,530502,区委,+86 139 0000 0009,\n";

    expect(parseOfficialCsv(text).rows.map((r) => [r.value.mobile, r.value.email])).toEqual([
      ["13900000009", undefined],
    ]);
  });
});

describe("duplicates", () => {
  it("a line rejected for its own faults does not make the corrected line below it a duplicate", () => {
    const text = [CHINESE_HEADER, row(first, { legal_rep_mobile: "bad" }), row(first)].join("\n");

    const result = parseEnterpriseCsv(text);

    expect(result.rejected.map((r) => r.line)).toEqual([2]);
    expect(result.rows.map((r) => r.line)).toEqual([3]);
  });

  it("two valid lines of one enterprise: the later is the duplicate", () => {
    const text = [CHINESE_HEADER, row(first), row(first)].join("\n");

    expect(parseEnterpriseCsv(text).rejected).toEqual([
      { line: 3, reason: "统一社会信用代码：与第 2 行重复" },
    ]);
  });

  it("one official written twice (the department spelt two ways, the mobile too) is rejected on the name", () => {
    const text =
      "姓名,角色,辖区代码,部门,手机\n王芳,监管人员,530502,应急管理局,13900000008\n王芳,监管人员,530502,应急管理局（执法）,139-0000-0008\n";

    expect(parseOfficialCsv(text).rejected).toEqual([{ line: 3, reason: "姓名：与第 2 行重复" }]);
  });
});

describe("supervising departments", () => {
  it("a cell names one or several departments, split on 、 , ； and written back in one spelling", () => {
    expect(splitDepartments("应急管理局、住房和城乡建设局")).toEqual(["应急管理局", "住房和城乡建设局"]);
    expect(splitDepartments("应急管理局，市场监督管理局；交通运输局")).toHaveLength(3);
    expect(splitDepartments("应急管理局, 应急管理局")).toEqual(["应急管理局"]);
  });

  it("two spellings of one department share a key", () => {
    expect(departmentKey(" 应急管理局（安监） ")).toBe(departmentKey("应急管理局"));
    expect(departmentKey("ＡＢＣ局")).toBe(departmentKey("abc局"));
    expect(supervises("住房和城乡建设局", "应急管理局、住房 和城乡建设局")).toBe(true);
    expect(supervises("交通运输局", "应急管理局、住房和城乡建设局")).toBe(false);
  });

  it("a department no official of the county belongs to imports the row with a line warning", () => {
    const text = [
      CHINESE_HEADER,
      row(first, { supervising_department: "应急管理局、水务局" }),
      row(second, { supervising_department: " 应急管理局 " }),
    ].join("\n");

    const result = parseEnterpriseCsv(text, {
      departmentsOf: (county) => (county === first.countyCode ? ["应急管理局"] : []),
      nameOf: () => "隆阳区",
    });

    expect(result.rows.map((r) => r.value.supervisingDepartment)).toEqual([
      "应急管理局、水务局",
      "应急管理局",
    ]);
    expect(result.warnings).toEqual([
      {
        line: 2,
        reason: expect.stringMatching(/^监管部门：隆阳区没有属于“水务局”的监管人员，已导入/),
      },
      ...(second.countyCode === first.countyCode
        ? []
        : [{ line: 3, reason: expect.stringContaining("“应急管理局”") }]),
    ]);
  });
});
