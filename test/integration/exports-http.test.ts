import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  advanceTo,
  apiFor,
  enterpriseToken,
  expectError,
  reportBody,
  startTestStack,
  tokenFor,
} from "./support";

/**
 * The lists officials ask for every month, as files: the non-filers of October 2026 in 隆阳区, as xlsx and as
 * CSV, read back the way an official's spreadsheet program would read them.
 */

const COUNTY_A = "530502";
const COUNTY_B = "530521";
const catalogue = generateEnterprises({ count: 10, seed: 77, counties: [COUNTY_A, COUNTY_B] });
// An enterprise name typed with a formula at its start must reach the sheet as text.
const hostile = { ...(catalogue[2] as Enterprise), name: '=HYPERLINK("http://x","点此")' };
catalogue[2] = hostile;
const inA = catalogue.filter((e) => e.countyCode === COUNTY_A);
const filers = inA.slice(3);
const nonFilersA = inA.slice(0, 3);

let stack: Stack;
let api: Api;
let countyA: string;

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-20T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(catalogue, generateOfficials());
  countyA = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: COUNTY_A });
  await advanceTo(api, "2026-11-02T10:00:00+08:00");
  for (const e of filers) {
    const res = await api("PUT", `/v1/enterprises/${e.creditCode}/monthly-reports/2026-10`, {
      token: await enterpriseToken(stack.secret, e),
      body: reportBody(e),
    });
    expect(res.status).toBeLessThan(300);
  }
  await advanceTo(api, "2026-11-07T10:00:00+08:00");
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function download(path: string, token: string) {
  const response = await fetch(`${stack.urls.api}${path}`, {
    headers: { authorization: `Bearer ${token}` },
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  const location = response.headers.get("location") ?? "";
  const file = await fetch(location);
  expect(file.status).toBe(200);
  return { file, bytes: new Uint8Array(await file.arrayBuffer()) };
}

describe("the non-filer export", () => {
  it("is an xlsx of exactly the county's non-filers with their contacts, formulas kept as text", async () => {
    const { file, bytes } = await download(
      "/v1/monthly-reports?period=2026-10&status=missing&format=xlsx",
      countyA,
    );
    expect(file.headers.get("content-type")).toContain("spreadsheetml");
    expect(decodeURIComponent(file.headers.get("content-disposition") ?? "")).toContain(
      "2026-10未报送企业名单",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(1).value).toBe("统一社会信用代码");
    expect(sheet?.getRow(1).getCell(6).value).toBe("法定代表人");
    const rows = [];
    for (let r = 2; r <= (sheet?.rowCount ?? 0); r++) rows.push(sheet?.getRow(r));
    expect(rows.map((r) => r?.getCell(1).value).sort()).toEqual(nonFilersA.map((e) => e.creditCode).sort());
    for (const row of rows) {
      const e = nonFilersA.find((x) => x.creditCode === row?.getCell(1).value) as Enterprise;
      expect(row?.getCell(2).value).toBe(e === hostile ? `'${hostile.name}` : e.name);
      expect(row?.getCell(2).formula).toBeUndefined();
      expect(row?.getCell(5).value).toBe(1);
      expect(row?.getCell(6).value).toBe(e.legalRep.name);
      expect(row?.getCell(7).value).toBe(e.legalRep.mobile);
      expect(row?.getCell(9).value).toBe(e.safetyManager.mobile);
    }
    expect(sheet?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  });

  it("is a CSV with a BOM for Excel, one line per non-filer", async () => {
    const { file, bytes } = await download(
      "/v1/monthly-reports?period=2026-10&status=missing&format=csv",
      countyA,
    );
    expect(file.headers.get("content-type")).toContain("text/csv");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^统一社会信用代码,企业名称,/);
    expect(lines).toHaveLength(1 + nonFilersA.length);
    for (const e of nonFilersA) expect(lines.some((l) => l.startsWith(`${e.creditCode},`))).toBe(true);
    expect(lines.some((l) => l.includes(`"'=HYPERLINK(""http://x"",""点此"")"`))).toBe(true);
  });

  it("covers only the caller's jurisdiction", async () => {
    const res = await api(
      "GET",
      `/v1/monthly-reports?period=2026-10&status=missing&format=csv&jurisdiction=${COUNTY_B}`,
      {
        token: countyA,
      },
    );
    expectError(res, 403);
  });

  it("refuses a file of anything but the non-filers, naming the parameter", async () => {
    const res = await api("GET", "/v1/monthly-reports?period=2026-10&status=on_time&format=xlsx", {
      token: countyA,
    });
    expectError(res, 400);
    expect(res.body.error.fields[0].path).toBe("query.status");
  });
});

describe("the overdue major hazard export", () => {
  it("answers a CSV with its header even when nothing is overdue", async () => {
    const { bytes } = await download("/v1/hazards?level=major&overdue=true&format=csv", countyA);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split("\r\n");
    expect(lines).toEqual([
      expect.stringMatching(/^企业名称,统一社会信用代码,所属县（区）代码,隐患,整改期限,逾期天数,/),
    ]);
  });
});
