import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import {
  ENTERPRISE_CSV_COLUMNS,
  type EnterpriseCsvColumn,
  enterpriseToCsvRow,
} from "../../functions/domain/csv-import";
import { generateEnterprises } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, expectError, type Json, listAll, startTestStack, tokenFor } from "./support";

/**
 * Finding 1 of issue 7: an import may add enterprises to the caller's jurisdiction and refresh the ones it
 * supervises, never take over another county's enterprise, move one between counties or close one. Moving
 * and closing are explicit operations with a reason, recorded in the enterprise's timeline.
 */

// Even indexes in 隆阳区 530502, odd ones in 施甸县 530521; both in 保山市 530500.
const POOL = generateEnterprises({ count: 20, seed: 77, counties: ["530502", "530521"] });
const of = (county: string) => POOL.filter((e) => e.countyCode === county);
const [victim, moved, closedOne, other] = of("530521") as [Enterprise, Enterprise, Enterprise, Enterprise];

const HEADER = ENTERPRISE_CSV_COLUMNS.join(",");
const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
function row(e: Enterprise, overrides: Partial<Record<EnterpriseCsvColumn, string>> = {}): string {
  const values = enterpriseToCsvRow(e);
  return ENTERPRISE_CSV_COLUMNS.map((c, i) => quote(overrides[c] ?? values[i] ?? "")).join(",");
}
function done(res: { status: number; body: Json }) {
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.status).toBe("done");
  const { imported, updated, rejected, warnings } = res.body;
  return { imported, updated, rejected, ...(warnings.length > 0 ? { warnings } : {}) };
}
const csv = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;

let stack: Stack;
let api: Api;
let attacker: string; // anweiban of 隆阳区 530502
let shidian: string; // anweiban of 施甸县 530521
let city: string; // anweiban of 保山市 530500
let province: string;

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-15T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  attacker = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530502" });
  shidian = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530521" });
  city = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530500" });
  province = await tokenFor(stack.secret, { role: "leader", jurisdiction: "530000" });
  const seeded = await api("POST", "/v1/imports/enterprises", {
    token: shidian,
    csv: csv(HEADER, ...[victim, moved, closedOne, other].map((e) => row(e))),
  });
  // No officials are imported yet, so every enterprise is imported with the warning that its department has none.
  const result = done(seeded);
  expect(result).toMatchObject({ imported: 4, updated: 0, rejected: [] });
  expect(result.warnings.map((w: { line: number }) => w.line)).toEqual([2, 3, 4, 5]);
  for (const w of result.warnings) expect(w.reason).toMatch(/^supervising_department：施甸县没有属于/);
});

afterAll(async () => {
  await stack?.stop();
});

const get = (creditCode: string, token = province) => api("GET", `/v1/enterprises/${creditCode}`, { token });
const missing = async (county: string) =>
  (
    await listAll(
      api,
      "/v1/monthly-reports",
      { period: "2026-10", jurisdiction: county, status: "owed" },
      province,
    )
  ).items.map((i: Json) => i.creditCode);

describe("an import never takes over another county's enterprise", () => {
  it("rejects the takeover row of a neighbouring county with its reason and leaves the enterprise, its filings and its county as they were", async () => {
    const before = (await get(victim.creditCode)).body;

    const res = await api("POST", "/v1/imports/enterprises", {
      token: attacker,
      csv: csv(
        HEADER,
        row(victim, {
          county_code: "530502",
          info_officer_mobile: "13900000001",
          legal_rep_mobile: "13900000002",
          status: "closed",
        }),
      ),
    });

    expect(done(res)).toEqual({
      imported: 0,
      updated: 0,
      rejected: [{ line: 2, reason: "credit_code: 该企业不在您的辖区隆阳区内，不能通过导入修改" }],
    });
    expect((await get(victim.creditCode)).body).toEqual(before);
    expect((await get(victim.creditCode, shidian)).status).toBe(200);
    expect(await missing("530521")).toContain(victim.creditCode);
    expect(await missing("530502")).not.toContain(victim.creditCode);
  });

  it("refuses to move an enterprise between counties through an import, even for the city over both", async () => {
    const res = await api("POST", "/v1/imports/enterprises", {
      token: city,
      csv: csv(HEADER, row(other, { county_code: "530502" })),
    });

    expect(res.body.rejected).toHaveLength(1);
    expect(res.body.rejected[0].reason).toMatch(/^county_code: 该企业现属施甸县.*transfer/);
    expect((await get(other.creditCode)).body.countyCode).toBe("530521");
  });

  it("refuses to close an enterprise through the status column", async () => {
    const res = await api("POST", "/v1/imports/enterprises", {
      token: shidian,
      csv: csv(HEADER, row(other, { status: "closed" })),
    });

    expect(res.body.rejected).toHaveLength(1);
    expect(res.body.rejected[0].reason).toMatch(/^status: .*\/status/);
    expect((await get(other.creditCode)).body.status).toBe("active");
    expect(await missing("530521")).toContain(other.creditCode);
  });

  it("still lets the supervising county refresh its own enterprise's contacts", async () => {
    const res = await api("POST", "/v1/imports/enterprises", {
      token: shidian,
      csv: csv(HEADER, row(other, { info_officer_name: "新信息员" })),
    });

    expect(done(res)).toMatchObject({ imported: 0, updated: 1, rejected: [] });
    expect((await get(other.creditCode)).body.infoOfficer.name).toBe("新信息员");
  });
});

describe("moving an enterprise between counties (企业迁移)", () => {
  it("is refused to the county official, who is not over both counties; to a neighbouring county the enterprise does not exist", async () => {
    const fromCounty = await api("POST", `/v1/enterprises/${moved.creditCode}/transfer`, {
      token: shidian,
      body: { toCountyCode: "530502", reason: "搬迁至隆阳区" },
    });
    const fromOutside = await api("POST", `/v1/enterprises/${moved.creditCode}/transfer`, {
      token: attacker,
      body: { toCountyCode: "530502", reason: "搬迁至隆阳区" },
    });

    expectError(fromCounty, 403, "forbidden");
    expectError(fromOutside, 404, "not_found");
    expect((await get(moved.creditCode)).body.countyCode).toBe("530521");
  });

  it("is done by the city over both, with a reason, moves the period's filing along and is recorded in the timeline", async () => {
    const noReason = await api("POST", `/v1/enterprises/${moved.creditCode}/transfer`, {
      token: city,
      body: { toCountyCode: "530502" },
    });
    const res = await api("POST", `/v1/enterprises/${moved.creditCode}/transfer`, {
      token: city,
      body: { toCountyCode: "530502", reason: "搬迁至隆阳区" },
    });

    expectError(noReason, 400, "invalid_input");
    expect(res.status, res.text).toBe(200);
    expect(res.body.countyCode).toBe("530502");
    expect(res.body.timeline).toEqual([
      {
        at: expect.any(String),
        actor: { sub: expect.any(String), role: "anweiban", jurisdiction: "530500" },
        what: "transferred",
        label: "企业迁移",
        details: { from: "530521", to: "530502", reason: "搬迁至隆阳区" },
      },
    ]);
    expect((await get(moved.creditCode, attacker)).status).toBe(200);
    expect((await get(moved.creditCode, shidian)).status).toBe(404);
    expect(await missing("530502")).toContain(moved.creditCode);
    expect(await missing("530521")).not.toContain(moved.creditCode);
  });
});

describe("closing an enterprise (关闭)", () => {
  it("takes a reason, withdraws the period's owed filing and is recorded; closing twice is a conflict", async () => {
    const res = await api("POST", `/v1/enterprises/${closedOne.creditCode}/status`, {
      token: shidian,
      body: { status: "closed", reason: "已依法关闭取缔" },
    });
    const again = await api("POST", `/v1/enterprises/${closedOne.creditCode}/status`, {
      token: shidian,
      body: { status: "closed", reason: "再次" },
    });

    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe("closed");
    expect(res.body.timeline.map((e: Json) => [e.what, e.details])).toEqual([
      ["closed", { reason: "已依法关闭取缔" }],
    ]);
    expectError(again, 409, "conflict");
    expect(await missing("530521")).not.toContain(closedOne.creditCode);
  });

  it("reopening makes the enterprise owe the period's filing again", async () => {
    const res = await api("POST", `/v1/enterprises/${closedOne.creditCode}/status`, {
      token: city,
      body: { status: "active", reason: "整改完毕，恢复生产" },
    });

    expect(res.status, res.text).toBe(200);
    expect(res.body.timeline.map((e: Json) => e.what)).toEqual(["closed", "reopened"]);
    expect(await missing("530521")).toContain(closedOne.creditCode);
  });
});
