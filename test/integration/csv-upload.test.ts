import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import {
  ENTERPRISE_CSV_COLUMNS,
  ENTERPRISE_CSV_LABELS,
  enterpriseToCsvRow,
} from "../../functions/domain/csv-import";
import { generateEnterprises } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, expectError, startTestStack, tokenFor } from "./support";

/**
 * The catalogue as officials really send it: Excel's "CSV UTF-8" with its BOM and CRLF, Chinese Excel's
 * default GBK "CSV (逗号分隔)", Chinese headers, blank e-mail cells, a browser form upload.
 */

const POOL = generateEnterprises({ count: 12, seed: 83, counties: ["530502"] });
let used = 0;
function fresh(): Enterprise {
  const found = POOL[used++];
  if (!found) throw new Error("the pool is used up");
  return found;
}

const COLUMNS = ENTERPRISE_CSV_COLUMNS.filter((c) => c !== "status");
const CHINESE_HEADER = COLUMNS.map((c) => ENTERPRISE_CSV_LABELS[c][0]).join(",");
const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
function row(e: Enterprise, overrides: Partial<Record<(typeof COLUMNS)[number], string>> = {}) {
  return COLUMNS.map((c) =>
    quote(overrides[c] ?? enterpriseToCsvRow(e)[ENTERPRISE_CSV_COLUMNS.indexOf(c)] ?? ""),
  ).join(",");
}
const crlf = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;
const gbk = (text: string) =>
  new Uint8Array(execFileSync("iconv", ["-f", "UTF-8", "-t", "GBK"], { input: text }));

let stack: Stack;
let api: Api;
let county: string;

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-15T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  county = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530502" });
  const officials = crlf(
    "姓名,角色,辖区代码,部门,手机,邮箱",
    "赵监管,监管人员,530502,应急管理局,+86 136-0000-0031,",
    "钱监管,监管人员,530502,住房和城乡建设局,13600000032,qian@example.gov.cn",
  );
  const res = await api("POST", "/v1/imports/officials", { token: county, csv: officials });
  expect(res.body, res.text).toEqual({ imported: 2, updated: 0, rejected: [], warnings: [] });
});

afterAll(async () => {
  await stack?.stop();
});

async function upload(body: Uint8Array | FormData, contentType?: string) {
  const response = await fetch(`${stack.urls.api}/v1/imports/enterprises`, {
    method: "POST",
    headers: { authorization: `Bearer ${county}`, ...(contentType ? { "content-type": contentType } : {}) },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text),
    contentType: response.headers.get("content-type") ?? "",
  };
}

const getEnterprise = async (creditCode: string) =>
  api("GET", `/v1/enterprises/${creditCode}`, { token: county });

describe("POST /v1/imports/enterprises with files as Excel saves them", () => {
  it("imports an Excel 'CSV UTF-8' file: BOM, CRLF, Chinese headers, a quoted comma, blank e-mails", async () => {
    const [a, b] = [fresh(), fresh()] as [Enterprise, Enterprise];
    const file = `\uFEFF${crlf(
      CHINESE_HEADER,
      row(a, { name: `${a.name}（永昌,分厂）`, safety_manager_email: "", info_officer_email: "" }),
      row(b, { legal_rep_mobile: `+86 ${b.legalRep.mobile.slice(0, 3)}-${b.legalRep.mobile.slice(3)}` }),
    )}`;

    const res = await upload(new TextEncoder().encode(file), "text/csv");

    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ imported: 2, updated: 0, rejected: [] });
    const stored = (await getEnterprise(a.creditCode)).body;
    expect(stored.name).toBe(`${a.name}（永昌,分厂）`);
    expect(stored.safetyManager).toEqual({ name: a.safetyManager.name, mobile: a.safetyManager.mobile });
    expect((await getEnterprise(b.creditCode)).body.legalRep.mobile).toBe(b.legalRep.mobile);
  });

  it("imports Chinese Excel's GBK 'CSV (逗号分隔)' with every Chinese name intact", async () => {
    const a = fresh();

    const res = await upload(gbk(crlf(CHINESE_HEADER, row(a))), "text/csv");

    expect(res.status, res.text).toBe(202);
    expect(res.body).toMatchObject({ imported: 1, rejected: [] });
    const stored = (await getEnterprise(a.creditCode)).body;
    expect([stored.name, stored.legalRep.name, stored.supervisingDepartment]).toEqual([
      a.name,
      a.legalRep.name,
      a.supervisingDepartment,
    ]);
  });

  it("accepts the GBK file as a browser form upload (multipart/form-data)", async () => {
    const a = fresh();
    const form = new FormData();
    form.append("file", new Blob([gbk(crlf(CHINESE_HEADER, row(a)))], { type: "text/csv" }), "目录.csv");

    const res = await upload(form);

    expect(res.status, res.text).toBe(202);
    expect((await getEnterprise(a.creditCode)).body.legalRep.name).toBe(a.legalRep.name);
  });

  it("refuses a GBK file with a name that cannot be decoded as a whole, importing nothing", async () => {
    const [a, b] = [fresh(), fresh()] as [Enterprise, Enterprise];
    const good = gbk(crlf(CHINESE_HEADER, row(a)));
    const broken = gbk(crlf(row(b)));
    const file = new Uint8Array([...good, ...broken.subarray(0, 20), 0x81, 0x20, ...broken.subarray(20)]);

    const res = await upload(file, "text/csv");

    expectError(res, 400, "invalid_input");
    expect(res.body.error.reason).toBe("csv.encoding_unknown");
    expect(res.body.error.message).toContain("CSV UTF-8");
    expect((await getEnterprise(a.creditCode)).status).toBe(404);
  });

  it("imports a row whose department no inspector of the county belongs to, with a line warning", async () => {
    const [a, b] = [fresh(), fresh()] as [Enterprise, Enterprise];
    const file = crlf(
      CHINESE_HEADER,
      row(a, { supervising_department: "应急管理局、水务局" }),
      row(b, { supervising_department: "住房和城乡建设局" }),
    );

    const res = await upload(new TextEncoder().encode(file), "text/csv");

    expect(res.status, res.text).toBe(202);
    expect(res.body.imported).toBe(2);
    expect(res.body.warnings).toEqual([
      { line: 2, reason: expect.stringContaining("没有属于“水务局”的监管人员") },
    ]);
  });
});
