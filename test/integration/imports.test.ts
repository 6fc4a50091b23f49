import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import {
  ENTERPRISE_CSV_COLUMNS,
  type EnterpriseCsvColumn,
  enterpriseToCsvRow,
  OFFICIAL_CSV_COLUMNS,
} from "../../functions/domain/csv-import";
import { generateEnterprises } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  advanceTo,
  apiFor,
  enterpriseToken,
  expectError,
  type Json,
  listAll,
  startTestStack,
  tokenFor,
} from "./support";

/**
 * The supervision catalogue imported as county staff export it from Excel, through `POST /v1/imports/*`:
 * row problems are reported per physical line (the header is line 1) and column, a re-import updates, and
 * the caller's jurisdiction bounds what is accepted.
 */

// Even indexes in 隆阳区 530502, odd ones in 施甸县 530521.
const POOL = generateEnterprises({ count: 40, seed: 31, counties: ["530502", "530521"] });
let next530502 = 0;
let next530521 = 1;
/** A fresh enterprise of the county for each use, so that the tests do not see each other's rows. */
function fresh(county: "530502" | "530521"): Enterprise {
  const index = county === "530502" ? next530502 : next530521;
  if (county === "530502") next530502 += 2;
  else next530521 += 2;
  const found = POOL[index];
  if (!found) throw new Error("the pool is used up");
  return found;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const HEADER = ENTERPRISE_CSV_COLUMNS.join(",");

function row(enterprise: Enterprise, overrides: Partial<Record<EnterpriseCsvColumn, string>> = {}): string {
  const values = enterpriseToCsvRow(enterprise);
  return ENTERPRISE_CSV_COLUMNS.map((column, i) => quote(overrides[column] ?? values[i] ?? "")).join(",");
}

/** The outcome of an import small enough to be applied before the answer (one page). */
function done(res: { status: number; body: Json }) {
  expect(res.status).toBe(202);
  expect(res.body.status).toBe("done");
  const { imported, updated, rejected, warnings } = res.body;
  return { imported, updated, rejected, ...(warnings.length > 0 ? { warnings } : {}) };
}

/** CRLF, as Excel writes it. */
const csv = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;

let stack: Stack;
let api: Api;
let county: string; // anweiban of 530502
let city: string; // admin of 530500
let province: string; // leader of 530000, for reading

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-15T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  county = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530502" });
  city = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530500" });
  province = await tokenFor(stack.secret, { role: "leader", jurisdiction: "530000" });
});

afterAll(async () => {
  await stack?.stop();
});

const getEnterprise = (creditCode: string) =>
  api("GET", `/v1/enterprises/${creditCode}`, { token: province });

describe("importing enterprises from CSV", () => {
  it("imports the good rows and reports each bad row by its line, the header being line 1, and the column at fault", async () => {
    const [good1, badCode, badMobile, good2, badIndustry, short, good3, multiLine, noLegalRep] = Array.from(
      { length: 9 },
      () => fresh("530502"),
    ) as [
      Enterprise,
      Enterprise,
      Enterprise,
      Enterprise,
      Enterprise,
      Enterprise,
      Enterprise,
      Enterprise,
      Enterprise,
    ];
    const file = csv(
      HEADER, // 1
      row(good1), // 2
      row(badCode, {
        credit_code: `${badCode.creditCode.slice(0, 17)}${badCode.creditCode.endsWith("0") ? "1" : "0"}`,
      }), // 3
      row(badMobile, { safety_manager_mobile: "12345" }), // 4
      row(good2), // 5
      row(badIndustry, { industry: "造船" }), // 6
      row(short).split(",").slice(0, 5).join(","), // 7
      "", // 8: a blank line still counts
      row(good3), // 9
      row(multiLine, { name: `${multiLine.name}\r\n（二分厂）`, info_officer_mobile: "+86 139 0000 000" }), // 10–11: a digit short
      row(noLegalRep, { legal_rep_name: "" }), // 12
    );

    const res = await api("POST", "/v1/imports/enterprises", { token: county, csv: file });

    expect(res.status, res.text).toBe(202);
    expect(res.body.imported).toBe(3);
    expect(res.body.updated).toBe(0);
    expect(res.body.rejected.map((r: Json) => r.line)).toEqual([3, 4, 6, 7, 10, 12]);
    const reasons = Object.fromEntries(res.body.rejected.map((r: Json) => [r.line, r.reason as string]));
    expect(reasons[3]).toMatch(/^credit_code：/);
    expect(reasons[4]).toMatch(/^safety_manager_mobile：/);
    expect(reasons[6]).toMatch(/^industry：/);
    expect(reasons[7]).toBe("有 5 个单元格，表头有 14 列");
    expect(reasons[10]).toMatch(/^info_officer_mobile：/);
    expect(reasons[12]).toMatch(/^legal_rep_name：/);
    for (const e of [good1, good2, good3]) expect((await getEnterprise(e.creditCode)).status).toBe(200);
    for (const e of [badMobile, badIndustry, short, multiLine, noLegalRep]) {
      expect((await getEnterprise(e.creditCode)).status, e.creditCode).toBe(404);
    }
  });

  it("imports an Excel 'CSV UTF-8' file with its BOM and Chinese industry names", async () => {
    const coal = fresh("530502");
    const builder = fresh("530502");
    const chemicals = fresh("530502");
    const file = `\uFEFF${csv(
      HEADER,
      row(coal, { industry: "煤矿" }),
      row(builder, { industry: "建筑施工" }),
      row(chemicals, { industry: " 危险化学品 " }),
    )}`;

    const res = await api("POST", "/v1/imports/enterprises", { token: county, csv: file });

    expect(res.status, res.text).toBe(202);
    expect(done(res)).toMatchObject({ imported: 3, updated: 0, rejected: [] });
    expect((await getEnterprise(coal.creditCode)).body.industry).toBe("coal_mine");
    expect((await getEnterprise(builder.creditCode)).body.industry).toBe("construction");
    expect((await getEnterprise(chemicals.creditCode)).body.industry).toBe("hazardous_chemicals");
  });

  it("rejects a row outside the caller's jurisdiction with its line and imports the others", async () => {
    const inside1 = fresh("530502");
    const outside = fresh("530521");
    const inside2 = fresh("530502");

    const res = await api("POST", "/v1/imports/enterprises", {
      token: county,
      csv: csv(HEADER, row(inside1), row(outside), row(inside2)),
    });
    const byCity = await api("POST", "/v1/imports/enterprises", {
      token: city,
      csv: csv(HEADER, row(outside)),
    });

    expect(res.status, res.text).toBe(202);
    expect(done(res)).toEqual({
      imported: 2,
      updated: 0,
      rejected: [{ line: 3, reason: "county_code: 施甸县（530521）不在您的辖区隆阳区内" }],
      // No official of 530502 is imported yet: each imported row says its department reaches no inspector.
      warnings: [
        { line: 2, reason: expect.stringContaining("的监管人员") },
        { line: 4, reason: expect.stringContaining("的监管人员") },
      ],
    });
    expect(done(byCity)).toMatchObject({ imported: 1, updated: 0, rejected: [] });
    expect((await getEnterprise(outside.creditCode)).body.countyCode).toBe("530521");
  });

  it("refuses a file whose header misses a column as a whole, with 400 naming the column", async () => {
    const e = fresh("530502");
    const columns = ENTERPRISE_CSV_COLUMNS.filter((c) => c !== "legal_rep_mobile");
    const values = enterpriseToCsvRow(e).filter((_, i) => ENTERPRISE_CSV_COLUMNS[i] !== "legal_rep_mobile");

    const res = await api("POST", "/v1/imports/enterprises", {
      token: county,
      csv: csv(columns.join(","), values.map(quote).join(",")),
    });

    expectError(res, 400, "invalid_input");
    expect(res.body.error.fields).toContainEqual({ path: "legal_rep_mobile", message: "缺少此列" });
    expect((await getEnterprise(e.creditCode)).status).toBe(404);
  });

  it("refuses inspectors, leaders and enterprise users with 403, importing nothing", async () => {
    const e = fresh("530502");
    const file = csv(HEADER, row(e));
    const tokens = [
      await tokenFor(stack.secret, { role: "inspector", jurisdiction: "530502" }),
      await tokenFor(stack.secret, { role: "inspector", jurisdiction: "530000" }),
      await tokenFor(stack.secret, { role: "leader", jurisdiction: "530502" }),
      await enterpriseToken(stack.secret, e),
    ];

    for (const token of tokens) {
      const enterprises = await api("POST", "/v1/imports/enterprises", { token, csv: file });
      const officials = await api("POST", "/v1/imports/officials", {
        token,
        csv: `${OFFICIAL_CSV_COLUMNS.join(",")}\r\n张三,inspector,530502,应急管理局,13600000001,zs@example.gov.cn\r\n`,
      });

      expectError(enterprises, 403, "forbidden");
      expectError(officials, 403, "forbidden");
    }
    expect((await getEnterprise(e.creditCode)).status).toBe(404);
  });

  it("a re-import updates the enterprises instead of adding them again, and the period's reminders go to the new contacts", async () => {
    const changed = fresh("530502");
    const unchanged = fresh("530502");
    const added = fresh("530502");
    const first = await api("POST", "/v1/imports/enterprises", {
      token: county,
      csv: csv(HEADER, row(changed), row(unchanged)),
    });
    const newName = `${changed.name.replace(/有限.*$/, "")}（新）有限公司`;
    const newMobile = "13512345678";

    const second = await api("POST", "/v1/imports/enterprises", {
      token: county,
      csv: csv(
        HEADER,
        row(changed, { name: newName, info_officer_mobile: newMobile, info_officer_name: "新信息员" }),
        row(unchanged),
        row(added),
      ),
    });

    expect(done(first)).toMatchObject({ imported: 2, updated: 0, rejected: [] });
    expect(second.status, second.text).toBe(202);
    expect(done(second)).toMatchObject({ imported: 1, updated: 2, rejected: [] });
    const now = (await getEnterprise(changed.creditCode)).body;
    expect(now.name).toBe(newName);
    expect(now.infoOfficer).toEqual({
      name: "新信息员",
      mobile: newMobile,
      email: changed.infoOfficer.email,
    });
    const { items } = await listAll(
      api,
      "/v1/monthly-reports",
      { period: "2026-10", jurisdiction: "530502", status: "not_yet_due" },
      province,
    );
    for (const e of [changed, unchanged, added]) {
      expect(
        items.filter((i: Json) => i.creditCode === e.creditCode),
        e.creditCode,
      ).toHaveLength(1);
    }
    expect(items.find((i: Json) => i.creditCode === changed.creditCode)?.name).toBe(newName);

    // The owed record of 2026-10 carries the new contacts: the reminder of the 3rd reaches the new officer.
    await advanceTo(api, "2026-11-03T09:00:30+08:00");
    const sms = stack.sms.list();
    expect(sms.filter((m) => m.to === newMobile).map((m) => [m.template, m.params.enterprise])).toEqual([
      ["SMS_DUBAN_REPORT_REMIND", newName],
    ]);
    expect(sms.filter((m) => m.to === changed.infoOfficer.mobile)).toEqual([]);
    expect(sms.filter((m) => m.to === added.infoOfficer.mobile)).toHaveLength(1);
  });
});

describe("importing officials from CSV", () => {
  const header = OFFICIAL_CSV_COLUMNS.join(",");
  const officials = [
    "李监管,监管人员,530502,应急管理局,13600000011,li.jianguan@example.gov.cn",
    "王安委,安委办,530502,安委会办公室,13600000012,wang.anwei@example.gov.cn",
    "赵住建,inspector,530521,住房和城乡建设局,13600000013,zhao.zhujian@example.gov.cn",
  ];

  it("officials of the city import them, Chinese role names included, and a re-import updates them", async () => {
    const first = await api("POST", "/v1/imports/officials", { token: city, csv: csv(header, ...officials) });

    const again = await api("POST", "/v1/imports/officials", {
      token: city,
      csv: `\uFEFF${csv(header, ...officials.map((o) => o.replace("@example.gov.cn", "@example.org")))}`,
    });

    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ imported: 3, updated: 0, rejected: [], warnings: [] });
    expect(again.body).toEqual({ imported: 0, updated: 3, rejected: [], warnings: [] });
  });

  it("a county anweiban imports its county's officials and is refused other counties' and incomplete rows, by line", async () => {
    const res = await api("POST", "/v1/imports/officials", {
      token: county,
      csv: csv(
        header,
        "钱监管,inspector,530502,应急管理局,13600000021,qian@example.gov.cn", // 2
        "孙监管,inspector,530521,应急管理局,13600000022,sun@example.gov.cn", // 3
        "周监管,inspector,530502,,13600000023,zhou@example.gov.cn", // 4
        "吴领导,党委/政府主要领导,530502,区委,13600000024,wu@example.gov.cn", // 5
      ),
    });

    expect(res.status, res.text).toBe(200);
    expect(res.body.imported).toBe(2);
    expect(res.body.rejected).toEqual([
      { line: 3, reason: "jurisdiction_code：530521 不在您的辖区（530502）内" },
      { line: 4, reason: expect.stringMatching(/^department：监管人员须填写所属部门/) },
    ]);
  });
});
