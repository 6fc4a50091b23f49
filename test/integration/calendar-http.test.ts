import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { DubanConfig } from "../../functions/domain/config-schema";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  apiFor,
  enterpriseToken,
  expectError,
  type Json,
  officialToken,
  startTestStack,
  tokenFor,
  utc,
} from "./support";

/**
 * The holiday calendar through the HTTP API: an admin supplies a year the bundled data does not cover
 * (chinese-days ends with 2026), and a ladder counted in working days refuses a year without data — naming
 * the year and how to supply it — until it is supplied.
 */

/** The default major-hazard ladder plus a reminder 5 working days before the deadline. */
const WORKING_DAY_CONFIG = DubanConfig.parse({
  ...config,
  ladders: {
    ...config.ladders,
    majorHazard: [
      ...config.ladders.majorHazard,
      {
        id: "reminder-5wd",
        anchor: "deadline",
        offset: { days: -5, unit: "working" },
        at: "09:00",
        audience: ["legal_rep", "safety_manager"],
        template: "major-hazard-reminder",
        marksOverdue: false,
      },
    ],
  },
});

/**
 * Made-up TEST DATA for 2027, not the State Council's notice: Monday 18 and Tuesday 19 January off, Saturday
 * 16 January worked (调休). Five working days before Wednesday 20 January are then 16, 15, 14, 13 and 12
 * January: the reminder falls on 2027-01-12.
 */
const TEST_2027 = { holidays: ["2027-01-01", "2027-01-18", "2027-01-19"], workdays: ["2027-01-16"] };

const CATALOGUE = generateEnterprises({ count: 2, seed: 2027, counties: ["530502"] });
const OFFICIALS = generateOfficials();
const E = CATALOGUE[0] as Enterprise;
const INSPECTOR = OFFICIALS.find(
  (o) => o.jurisdictionCode === "530502" && o.role === "inspector" && o.department === "应急管理局",
) as Official;

let stack: Stack;
let api: Api;
let admin: string;

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-11-02T10:00:00+08:00", config: WORKING_DAY_CONFIG });
  api = apiFor(stack.urls.api);
  admin = await tokenFor(stack.secret, { role: "admin", jurisdiction: "530500" });
  await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);
});

afterAll(async () => {
  await stack?.stop();
});

describe("PUT /v1/calendar/{year}", () => {
  it("is refused with 403 for every role but admin", async () => {
    const tokens = [
      await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530000" }),
      await tokenFor(stack.secret, { role: "leader", jurisdiction: "530500" }),
      await officialToken(stack.secret, INSPECTOR),
      await enterpriseToken(stack.secret, E),
    ];

    const responses = await Promise.all(
      tokens.map((token) => api("PUT", "/v1/calendar/2027", { token, body: TEST_2027 })),
    );

    for (const res of responses) expectError(res, 403, "forbidden");
  });

  it("refuses impossible dates, dates of another year and weekdays as working days with a 400 naming each", async () => {
    const put = (path: string, body: unknown) => api("PUT", path, { token: admin, body });

    const impossible = await put("/v1/calendar/2027", { holidays: ["2027-02-30"], workdays: [] });
    const mixed = await put("/v1/calendar/2027", {
      holidays: ["2027-10-01", "2026-10-01"],
      workdays: ["2027-02-15", "2028-01-01"],
    });
    const missing = await put("/v1/calendar/2027", { holidays: [] });
    const badYear = await put("/v1/calendar/27", TEST_2027);

    expectError(impossible, 400, "invalid_input");
    expect(impossible.body.error.fields).toEqual([{ path: "holidays.0", message: expect.any(String) }]);
    expectError(mixed, 400, "invalid_input");
    expect(mixed.body.error.fields).toEqual([
      { path: "holidays.1", message: expect.stringContaining("2026-10-01") },
      { path: "workdays.0", message: expect.stringContaining("2027-02-15") },
      { path: "workdays.1", message: expect.stringContaining("2028-01-01") },
    ]);
    expect(mixed.body.error.fields[1].message).toMatch(/不是周六或周日/);
    expectError(missing, 400, "invalid_input");
    expect(missing.body.error.fields).toEqual([{ path: "workdays", message: expect.any(String) }]);
    expectError(badYear, 400, "invalid_input");
    expect(badYear.body.error.fields).toEqual([{ path: "path.year", message: expect.any(String) }]);
  });

  it("a working-day ladder step in 2027 refuses the listing with a 422 naming 2027 and PUT /v1/calendar/2027; once an admin supplies 2027 the listing succeeds", async () => {
    const enterprise = await enterpriseToken(stack.secret, E);
    const inspector = await officialToken(stack.secret, INSPECTOR);
    const listing = { level: "county", department: "应急管理局", documentNo: "隆应急督〔2026〕27号" };
    const registered = await api("POST", `/v1/enterprises/${E.creditCode}/hazards`, {
      token: enterprise,
      body: {
        level: "major",
        title: "跨年治理的重大隐患",
        description: "治理期限在2027年",
        foundAt: "2026-11-01T15:00:00+08:00",
        source: "self_inspection",
      },
    });
    const id = registered.body.id as string;
    const planned = await api("PUT", `/v1/hazards/${id}/plan`, {
      token: enterprise,
      body: {
        objectives: "消除隐患",
        measures: "更换设备",
        responsible: { name: "王伟", mobile: "13800002222" },
        funds: { amountYuan: 300_000, source: "企业自筹" },
        deadline: "2027-01-20",
        safetyMeasures: "停用相关设备",
        contingencyPlan: "专项应急预案",
      },
    });

    const refused = await api("POST", `/v1/hazards/${id}/listing`, { token: inspector, body: listing });
    const afterRefusal = await api("GET", `/v1/hazards/${id}`, { token: inspector });
    const supplied = await api("PUT", "/v1/calendar/2027", { token: admin, body: TEST_2027 });
    const listed = await api("POST", `/v1/hazards/${id}/listing`, { token: inspector, body: listing });
    const read = await api("GET", `/v1/hazards/${id}`, { token: inspector });

    expect(registered.status, registered.text).toBe(201);
    expect(planned.status, planned.text).toBe(200);
    expectError(refused, 422, "rule_violation");
    expect(refused.body.error.message).toMatch(/\b2027\b/);
    expect(refused.body.error.message).toContain("PUT /v1/calendar/2027");
    // A refused listing must leave the hazard as it was: planned, no timers, nobody notified.
    expect.soft(afterRefusal.status, afterRefusal.text).toBe(200);
    expect.soft(afterRefusal.body?.status, afterRefusal.text).toBe("planned");
    expect(supplied.status, supplied.text).toBe(200);
    expect(supplied.body).toEqual({
      year: 2027,
      holidays: 3,
      workdays: 1,
      covered: expect.arrayContaining([2026, 2027]),
    });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.status).toBe("listed");
    expect(listed.body.upcoming.map((u: Json) => [u.step, u.dueAt])).toEqual([
      ["reminder-30", utc("2026-12-21T09:00:00+08:00")],
      ["reminder-5wd", utc("2027-01-12T09:00:00+08:00")],
      ["reminder-7", utc("2027-01-13T09:00:00+08:00")],
      ["reminder-1", utc("2027-01-19T09:00:00+08:00")],
      ["overdue", utc("2027-01-21T09:00:00+08:00")],
      ["escalate-1", utc("2027-01-23T09:00:00+08:00")],
      ["escalate-2", utc("2027-01-30T09:00:00+08:00")],
      ["escalate-3", utc("2027-02-19T09:00:00+08:00")],
    ]);
    expect(read.body).toEqual(listed.body);
  });
});
