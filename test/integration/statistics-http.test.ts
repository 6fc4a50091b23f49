import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { StatisticsView } from "../../functions/http/statistics-schemas";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  type ApiResponse,
  advanceTo,
  apiFor,
  enterpriseToken,
  expectError,
  type Json,
  reportBody,
  startTestStack,
  tokenFor,
} from "./support";

/**
 * October 2026 in two counties of 保山市, lived through the HTTP API on the virtual clock: reports filed
 * on time, late and never, general hazards rectified and not, a major hazard listed and overdue at the
 * month's end. The close runs at 00:00 on 6 November, the compliance sweep at 01:00; its stored figures
 * must be exactly what the test did.
 */

const A = "530502"; // 隆阳区: even catalogue indexes
const B = "530521"; // 施甸县: odd catalogue indexes
const CATALOGUE = generateEnterprises({ count: 8, seed: 1010, counties: [A, B] });
const OFFICIALS = generateOfficials();
const ent = (i: number): Enterprise => {
  const e = CATALOGUE[i];
  if (!e) throw new Error(`no enterprise ${i}`);
  return e;
};

let stack: Stack;
let api: Api;
const tokens: Record<string, string> = {};
const seen: { draftA0?: ApiResponse; draftA2?: ApiResponse; foreign?: ApiResponse } = {};

async function as(e: Enterprise, method: string, path: string, body?: unknown) {
  const res = await api(method, path, { token: await enterpriseToken(stack.secret, e), body });
  expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
  return res.body as Json;
}

async function statistics(token: string | undefined, jurisdiction: string, period = "2026-10") {
  return api("GET", `/v1/statistics?jurisdiction=${jurisdiction}&period=${period}`, { token });
}

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-20T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);
  tokens.countyA = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: A });
  tokens.countyB = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: B });
  tokens.city = await tokenFor(stack.secret, { role: "leader", jurisdiction: "530500" });
  tokens.province = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530000" });
  tokens.otherCity = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530600" });
  tokens.admin = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530000" });
  const inspector = await tokenFor(stack.secret, { role: "inspector", jurisdiction: A });

  // 2026-10-20, county A: two general hazards of enterprise 0 found in October, one fixed in time.
  const fixed = await as(ent(0), "POST", `/v1/enterprises/${ent(0).creditCode}/hazards`, {
    level: "general",
    title: "配电室灭火器过期",
    description: "配电室2具干粉灭火器超过检验期",
    foundAt: "2026-10-19T15:00:00+08:00",
    source: "self_inspection",
    rectifyBy: "2026-10-25",
  });
  await as(ent(0), "POST", `/v1/enterprises/${ent(0).creditCode}/hazards`, {
    level: "general",
    title: "仓库安全通道堆放杂物",
    description: "成品仓库东侧安全通道堆放纸箱",
    foundAt: "2026-10-20T09:00:00+08:00",
    source: "self_inspection",
    rectifyBy: "2026-10-28",
  });
  // A major hazard of enterprise 2, found on 10 October, planned, listed by the county, due 30 October.
  const major = await as(ent(2), "POST", `/v1/enterprises/${ent(2).creditCode}/hazards`, {
    level: "major",
    title: "尾矿库排洪隧洞坍塌",
    description: "尾矿库排洪隧洞局部坍塌，汛期存在溃坝风险",
    foundAt: "2026-10-10T15:00:00+08:00",
    source: "department_inspection",
  });
  await as(ent(2), "PUT", `/v1/hazards/${major.id}/plan`, {
    objectives: "消除排洪隧洞坍塌隐患",
    measures: "清理塌方体，钢拱架支护，衬砌加固",
    responsible: { name: "赵建国", mobile: "13800001111" },
    funds: { amountYuan: 1_200_000, source: "企业自筹" },
    deadline: "2026-10-30",
    safetyMeasures: "汛期限制库水位，设专人巡查",
    contingencyPlan: "尾矿库溃坝专项应急预案（2026版）",
  });
  const listed = await api("POST", `/v1/hazards/${major.id}/listing`, {
    token: inspector,
    body: { level: "county", department: ent(2).supervisingDepartment, documentNo: "隆应急督〔2026〕12号" },
  });
  expect(listed.status, listed.text).toBe(200);

  await advanceTo(api, "2026-10-22T10:00:00+08:00");
  await as(ent(0), "POST", `/v1/hazards/${fixed.id}/rectification`, {
    rectifiedAt: "2026-10-22T09:30:00+08:00",
    note: "更换灭火器2具",
  });

  // November: October's reports. County A: 0 and 2 on time (2 with no self-inspection and no hazard),
  // 4 and 6 never. County B: 1 on time, 3 late (after the close, before the sweep), 5 and 7 never.
  await advanceTo(api, "2026-11-02T10:00:00+08:00");
  const october = (e: Enterprise) => `/v1/enterprises/${e.creditCode}/monthly-reports/2026-10`;
  await as(ent(0), "PUT", october(ent(0)), reportBody(ent(0), { hazardsFound: { general: 2, major: 0 } }));
  await as(
    ent(2),
    "PUT",
    october(ent(2)),
    reportBody(ent(2), {
      selfInspections: 0,
      hazardsFound: { general: 0, major: 0 },
      hazardsRectified: { general: 0, major: 0 },
    }),
  );
  await as(ent(1), "PUT", october(ent(1)), reportBody(ent(1)));
  await advanceTo(api, "2026-11-06T00:30:00+08:00");
  await as(ent(3), "PUT", october(ent(3)), reportBody(ent(3)));
  seen.draftA0 = await api("GET", `/v1/enterprises/${ent(0).creditCode}/statistics-reports/2026-Q4/draft`, {
    token: await enterpriseToken(stack.secret, ent(0)),
  });
  seen.draftA2 = await api("GET", `/v1/enterprises/${ent(2).creditCode}/statistics-reports/2026-Q4/draft`, {
    token: tokens.countyA,
  });
  seen.foreign = await api("GET", `/v1/enterprises/${ent(2).creditCode}/statistics-reports/2026-Q4/draft`, {
    token: tokens.countyB,
  });
  await advanceTo(api, "2026-11-06T02:00:00+08:00");
  // A month and a half of schedules on a shared 2-core machine.
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe("the compliance sweep after the October close", () => {
  it("stores county A's figures exactly as the month went", async () => {
    const res = await statistics(tokens.countyA, A);
    expect(res.status, res.text).toBe(200);
    const view = StatisticsView.parse(res.body);
    expect(view.figures.filing).toEqual({
      active: 4,
      onTime: 2,
      late: 0,
      missing: 2,
      filingRate: 0.5,
      onTimeRate: 0.5,
      zeroInspectionReports: 1,
      zeroHazardReports: 1,
      tracked: 0,
    });
    expect(view.figures.hazards.general).toEqual({
      found: 2,
      rectified: 1,
      rectifiedOfFound: 1,
      rectifiedOnTime: 1,
      rectificationRate: 0.5,
      openAtEnd: 1,
      overdueAtEnd: 1,
    });
    expect(view.figures.hazards.major).toMatchObject({
      found: 1,
      delisted: 0,
      rectificationRate: 0,
      openAtEnd: 1,
      withPlan: 1,
      withPlanAllFive: 1,
      listed: { county: 1, city: 0, province: 0 },
      listedAtEnd: { county: 1, city: 0, province: 0 },
      overdueAtEnd: 1,
      escalated: 0,
      planFundsYuan: 1_200_000,
    });
    expect(view.listSizes).toMatchObject({ missing: 2, overdueMajorHazards: 1, zeroInspectionReports: 1 });
    expect(view.itemsRead).toBe(view.itemsReported);
    expect(view.previous).toBeNull();
  });

  it("names the overdue major hazard with its deadline, days overdue and listing level", async () => {
    const entries = [];
    for await (const e of stack.deps.sweeps.listEntries(A, "2026-10", "overdueMajorHazards")) entries.push(e);
    expect(entries).toEqual([
      expect.objectContaining({
        creditCode: ent(2).creditCode,
        title: "尾矿库排洪隧洞坍塌",
        deadline: "2026-10-30",
        daysOverdue: 2,
        listingLevel: "county",
        documentNo: "隆应急督〔2026〕12号",
      }),
    ]);
    const missing = [];
    for await (const e of stack.deps.sweeps.listEntries("530500", "2026-10", "missing"))
      missing.push(e.creditCode);
    expect(missing.sort()).toEqual([ent(4), ent(5), ent(6), ent(7)].map((e) => e.creditCode).sort());
  });

  it("the city sees both counties side by side and a total that is their sum", async () => {
    const res = await statistics(tokens.city, "530500");
    expect(res.status, res.text).toBe(200);
    const view = StatisticsView.parse(res.body);
    expect(view.children.map((c) => c.jurisdiction)).toEqual([A, B]);
    const [a, b] = view.children;
    expect(b?.figures.filing).toMatchObject({ active: 4, onTime: 1, late: 1, missing: 2, onTimeRate: 0.25 });
    expect(view.figures.filing).toMatchObject({ active: 8, onTime: 3, late: 1, missing: 4, filingRate: 0.5 });
    expect(view.figures.hazards.general.found).toBe((a?.figures.hazards.general.found ?? 0) + 0);
    expect(view.figures.hazards.general.rectificationRate).toBe(0.5);
    // County B found no general hazard: its rate is null ("—"), not 0 %.
    expect(b?.figures.hazards.general.rectificationRate).toBeNull();
  });

  it("a county cannot read another county's statistics (403, like any list of a jurisdiction), its city and province can", async () => {
    expect((await statistics(tokens.countyB, A)).status).toBe(403);
    expect((await statistics(tokens.otherCity, A)).status).toBe(403);
    expect((await statistics(tokens.province, A)).status).toBe(200);
    const province = await statistics(tokens.province, "530000");
    expect(province.status).toBe(200);
    expect(province.body.children.map((c: Json) => c.jurisdiction)).toEqual(["530500"]);
    const enterprise = await api("GET", `/v1/statistics?jurisdiction=${A}&period=2026-10`, {
      token: await enterpriseToken(stack.secret, ent(0)),
    });
    expect(enterprise.status).toBe(403);
    expect((await statistics(tokens.countyA, A, "2026-13")).status).toBe(400);
  });

  it("without a month answers the latest one swept, as the 工作台 reads it; a jurisdiction never swept is a 404 in Chinese", async () => {
    const latest = await api("GET", "/v1/statistics?jurisdiction=530500", { token: tokens.city });
    const asked = await statistics(tokens.city, "530500");
    const neverSwept = await api("GET", "/v1/statistics", { token: tokens.otherCity });

    expect(latest.status, latest.text).toBe(200);
    expect(latest.body).toEqual(asked.body);
    expect(latest.body).toMatchObject({
      period: "2026-10",
      sweptAt: expect.stringMatching(/^2026-11-05T17:/),
    });
    expectError(neverSwept, 404, "not_found");
  });

  it("an admin's request sweeps the month again, and the figures stay the same", async () => {
    const before = (await statistics(tokens.countyA, A)).body;
    const refused = await api("POST", "/v1/statistics/sweeps", {
      token: tokens.countyA,
      body: { period: "2026-10" },
    });
    expect(refused.status).toBe(403);
    const res = await api("POST", "/v1/statistics/sweeps", {
      token: tokens.admin,
      body: { period: "2026-10" },
    });
    expect(res.status, res.text).toBe(202);
    await advanceTo(api, "2026-11-06T02:05:00+08:00");
    const after = (await statistics(tokens.countyA, A)).body;
    expect(after.sweptAt).not.toBe(before.sweptAt);
    expect(after.figures).toEqual(before.figures);
  });
});

describe("the quarterly statistics draft from the register", () => {
  it("gives the enterprise its register's figures to confirm", () => {
    expect(seen.draftA0?.status, seen.draftA0?.text).toBe(200);
    expect(seen.draftA0?.body).toMatchObject({
      obligation: "quarterly-hazard-statistics",
      dueDate: "2027-01-15",
      signedBy: ent(0).legalRep.name,
      general: { found: 2, rectified: 1 },
      major: { found: 0, rectified: 0 },
    });
    expect(seen.draftA2?.body).toMatchObject({
      major: { found: 1, rectified: 0 },
      majorWithPlan: { total: 1, allFiveInPlace: 1 },
      listed: { province: 0, city: 0 },
      funds: { committedYuan: 1_200_000, spentYuan: 0 },
    });
  });

  it("is not there for an official of another county", () => {
    expect(seen.foreign?.status).toBe(404);
  });
});
