import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { jurisdictionOf } from "../../functions/domain/jurisdiction";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import {
  type Api,
  advanceTo,
  apiFor,
  enterpriseToken,
  expectError,
  type Json,
  officialToken,
  startTestStack,
  utc,
} from "./support";

/**
 * Ladders and rules per jurisdiction over HTTP, on the virtual clock (issue 9). 保山市's admin changes a step
 * of the major-hazard ladder (escalate-1 two days after the deadline instead of three), the acceptance period
 * (20 days) and a "3+X" extension rule for its counties. A hazard of 隆阳区 registered before the change keeps
 * the rules it recorded; hazards registered after it in 隆阳区 and 施甸县 (both 保山) follow the change, one in
 * 昆明's 五华区 does not. The early hazard's extension request, undecided, reminds the listing department
 * after 3 working days and is decided before its escalation step, which then does nothing.
 */

const LONGYANG = "530502"; // 隆阳区, 保山市
const SHIDIAN = "530521"; // 施甸县, 保山市
const WUHUA = "530102"; // 五华区, 昆明市

const BEIJING = "110000"; // 北京市, a 直辖市: a "city" listing of its districts is the municipality's own
const DONGCHENG = "110101"; // 东城区

const extra = ["530100", WUHUA, BEIJING, DONGCHENG].map((code) => {
  const { name, level } = jurisdictionOf(code);
  return { code, name, level };
});
const OFFICIALS = generateOfficials(undefined, extra);
const inspectorOf = (county: string, department: string) =>
  OFFICIALS.find(
    (o) => o.jurisdictionCode === county && o.role === "inspector" && o.department === department,
  );
/** One enterprise per county whose supervising department has an inspector there (it lists the hazard). */
function supervisedIn(county: string, seed: number): Enterprise {
  const found = generateEnterprises({ count: 20, seed, counties: [county] }).find((e) =>
    inspectorOf(county, e.supervisingDepartment),
  );
  if (!found) throw new Error(`no supervised enterprise in ${county}`);
  return found;
}
const early = supervisedIn(LONGYANG, 71);
const longyang = supervisedIn(LONGYANG, 72);
const shidian = supervisedIn(SHIDIAN, 73);
const wuhua = supervisedIn(WUHUA, 74);
const beijingEarly = supervisedIn(DONGCHENG, 75);
const beijingLater = supervisedIn(DONGCHENG, 76);
const CATALOGUE = [early, longyang, shidian, wuhua, beijingEarly, beijingLater];

function official(jurisdiction: string, role: Official["role"]): Official {
  const found = OFFICIALS.find((o) => o.jurisdictionCode === jurisdiction && o.role === role);
  if (!found) throw new Error(`no ${role} in ${jurisdiction}`);
  return found;
}
const smsId = (template: string) => config.templates[template]?.sms?.templateId ?? "?";

const escalate1 = {
  id: "escalate-1",
  anchor: "deadline",
  offset: { days: 2, unit: "calendar" },
  at: "09:00",
  audience: ["listing_anweiban"],
  template: "major-hazard-escalation",
};
const cityRule = {
  ladders: { majorHazard: { steps: [escalate1] } },
  acceptance: { days: 20 },
  listing: {
    filedWithinWorkingDays: 3,
    publishedWithinWorkingDays: 5,
    extensionRequestAtLeastWorkingDaysBefore: 20,
    extensionDecidedWithinWorkingDays: 10,
    delistingPublishedWithinWorkingDays: 5,
    source: "保山市示例规定",
  },
};

let stack: Stack;
let api: Api;
const token = (o: Official) => officialToken(stack.secret, o);
const responses: Record<string, { status: number; body: Json; text?: string }> = {};
const hazards: Record<string, Json> = {};
let undecidedSms: { at: string; to: string; params: Record<string, string> }[] = [];
let escalatedSms: unknown[] = [];
let escalate3: { to: string; hazard: string }[] = [];

/** Registers, plans and lists a major hazard of `e` with `deadline`; answers the listed hazard. */
async function listedHazard(
  e: Enterprise,
  title: string,
  deadline: string,
  by: { level: "county" | "city"; lister: Official } = {
    level: "county",
    lister: inspectorOf(e.countyCode, e.supervisingDepartment) as Official,
  },
): Promise<Json> {
  const owner = await enterpriseToken(stack.secret, e);
  const h = await api("POST", `/v1/enterprises/${e.creditCode}/hazards`, {
    token: owner,
    body: {
      level: "major",
      title,
      description: "检查发现",
      foundAt: "2026-11-01T10:00:00+08:00",
      source: "department_inspection",
    },
  });
  expect(h.status, h.text).toBe(201);
  const planned = await api("PUT", `/v1/hazards/${h.body.id}/plan`, {
    token: owner,
    body: {
      objectives: "消除隐患",
      measures: "更换设备，加固基础",
      responsible: { name: "孙海涛", mobile: "13800002222" },
      funds: { amountYuan: 200_000, source: "企业自筹" },
      deadline,
      safetyMeasures: "限载作业",
      contingencyPlan: "专项应急预案",
    },
  });
  expect(planned.status, planned.text).toBe(200);
  const listed = await api("POST", `/v1/hazards/${h.body.id}/listing`, {
    token: await token(by.lister),
    body: { level: by.level, department: by.lister.department, documentNo: "督〔2026〕1号" },
  });
  expect(listed.status, listed.text).toBe(200);
  return listed.body;
}

async function evaluatedAndAskedForAcceptance(e: Enterprise, id: string) {
  const owner = await enterpriseToken(stack.secret, e);
  const evaluated = await api("POST", `/v1/hazards/${id}/evaluation`, {
    token: owner,
    body: {
      agency: "云南安评技术服务有限公司",
      agencyLicenseNo: "APJ-（滇）-001",
      conclusion: "pass",
      reportNo: "滇安评〔2026〕9号",
      evaluatedAt: "2026-11-09T10:00:00+08:00",
    },
  });
  expect(evaluated.status, evaluated.text).toBeLessThan(300);
  return api("POST", `/v1/hazards/${id}/acceptance-request`, { token: owner });
}

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-11-02T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);

  // Monday 2 November: a hazard of 隆阳区, under the national defaults, asks to extend its deadline of the 20th.
  hazards.early = await listedHazard(early, "尾矿库排洪井堵塞", "2026-11-20");
  responses.earlyExtension = await api("POST", `/v1/hazards/${hazards.early.id}/extension-requests`, {
    token: await enterpriseToken(stack.secret, early),
    body: { newDeadline: "2027-01-31", reason: "汛后方可施工" },
  });

  // Then 保山市 changes its counties' rules.
  responses.city = await api("PUT", "/v1/policies/530500", {
    token: await token(official("530500", "admin")),
    body: cityRule,
  });
  hazards.longyang = await listedHazard(longyang, "主斜井皮带机防护缺失", "2026-11-20");
  hazards.shidian = await listedHazard(shidian, "炸药库防雷失效", "2026-12-31");
  hazards.wuhua = await listedHazard(wuhua, "液氨储罐泄漏报警失效", "2026-12-31");
  // The same request for a hazard registered after the change: 20 working days before the 20th was 23 October.
  responses.lateExtension = await api("POST", `/v1/hazards/${hazards.longyang.id}/extension-requests`, {
    token: await enterpriseToken(stack.secret, longyang),
    body: { newDeadline: "2027-01-31", reason: "汛后方可施工" },
  });

  // 北京市 lists hazards of 东城区 as their "city": one listed before the municipality says who hears of
  // escalate-3 at the top (its 安委办 and leaders instead of the default, its leaders only), one after.
  const municipal = { level: "city" as const, lister: official(BEIJING, "inspector") };
  hazards.beijingEarly = await listedHazard(beijingEarly, "地下车库消防喷淋失效", "2026-11-20", municipal);
  responses.beijing = await api("PUT", `/v1/policies/${BEIJING}`, {
    token: await token(official(BEIJING, "admin")),
    body: { escalation: { atTop: "province_anweiban_and_leaders" } },
  });
  hazards.beijingLater = await listedHazard(beijingLater, "配电室绝缘老化", "2026-11-20", municipal);

  // Thursday 5 November: 3 working days undecided.
  await advanceTo(api, "2026-11-05T10:00:00+08:00");
  const listing = (
    await api("GET", `/v1/hazards/${hazards.early.id}`, {
      token: await token(official(LONGYANG, "anweiban")),
    })
  ).body;
  hazards.earlyUndecided = listing;
  undecidedSms = stack.sms.list().filter((m) => m.template === smsId("extension-undecided-reminder"));
  // Friday 6 November: decided; the 5th working day (Monday 9th) then finds it decided.
  const inspector = inspectorOf(early.countyCode, early.supervisingDepartment) as Official;
  responses.decided = await api("POST", `/v1/hazards/${hazards.early.id}/extension-requests/1/decision`, {
    token: await token(inspector),
    body: { approved: true, note: "同意延期" },
  });
  await advanceTo(api, "2026-11-10T10:00:00+08:00");
  escalatedSms = stack.sms.list().filter((m) => m.template === smsId("extension-undecided-escalation"));
  hazards.earlyAfter = (
    await api("GET", `/v1/hazards/${hazards.early.id}`, {
      token: await token(official(LONGYANG, "anweiban")),
    })
  ).body;

  // Acceptance asked on 10 November: 10 days for the early hazard (its recorded rule), 20 for the later one.
  responses.earlyAcceptance = await evaluatedAndAskedForAcceptance(early, hazards.early.id);
  responses.laterAcceptance = await evaluatedAndAskedForAcceptance(shidian, hazards.shidian.id);

  // 20 December: 30 days after the deadline of 20 November, escalate-3.
  await advanceTo(api, "2026-12-20T10:00:00+08:00");
  escalate3 = stack.sms
    .list()
    .filter(
      (m) => m.template === smsId("major-hazard-escalation") && m.at === utc("2026-12-20T09:00:00+08:00"),
    )
    .map((m) => ({ to: m.to, hazard: m.params.hazard ?? "" }));
}, 400_000);

afterAll(async () => {
  await stack?.stop();
});

const dueOf = (h: Json, step: string) => h.upcoming.find((u: Json) => u.step === step)?.dueAt;

describe("a city's ladder step, for its counties' new hazards", () => {
  it("the city's change is stored as 530500@1 and each county reads the step with its source", () => {
    expect(responses.city?.status, responses.city?.text).toBe(200);
    expect(responses.city?.body.sources["ladders.majorHazard.escalate-1"]).toMatchObject({ code: "530500" });
  });

  it("hazards of 隆阳区 and 施甸县 registered after it escalate to the 安委办 two days after the deadline", () => {
    expect(hazards.longyang?.policyVersion).toBe("530500@1");
    expect(dueOf(hazards.longyang as Json, "escalate-1")).toBe(utc("2026-11-22T09:00:00+08:00"));
    expect(dueOf(hazards.shidian as Json, "escalate-1")).toBe(utc("2027-01-02T09:00:00+08:00"));
  });

  it("the city's listing rule gives 隆阳区's listing of Monday 2 November its days: filed by the 5th, published by the 9th", () => {
    expect(hazards.longyang?.listing).toMatchObject({ filedBy: "2026-11-05", publishedBy: "2026-11-09" });
    expect(hazards.wuhua?.listing.filedBy).toBeUndefined();
  });

  it("a hazard of 昆明's 五华区 keeps the national three days", () => {
    expect(hazards.wuhua?.policyVersion).toBe("default");
    expect(dueOf(hazards.wuhua as Json, "escalate-1")).toBe(utc("2027-01-03T09:00:00+08:00"));
  });

  it("a hazard of 隆阳区 listed before the change keeps the ladder it recorded", () => {
    expect(hazards.early?.policyVersion).toBe("default");
    expect(dueOf(hazards.earlyUndecided as Json, "escalate-1")).toBe(utc("2026-11-23T09:00:00+08:00"));
  });
});

describe("rules by the version the hazard recorded", () => {
  it("an extension the city's new 20-working-day rule would refuse is accepted for the hazard listed before it", () => {
    expect(responses.earlyExtension?.status, responses.earlyExtension?.text).toBe(201);
  });

  it("the same request for a hazard registered after the change is refused naming the rule", () => {
    expectError(responses.lateExtension as never, 422, "rule_violation");
    expect(responses.lateExtension?.body.error.message).toContain("保山市示例规定");
  });

  it("acceptance is due 10 days after the request for the early hazard, 20 for the later one", () => {
    expect(responses.earlyAcceptance?.status, responses.earlyAcceptance?.text).toBe(200);
    expect(responses.earlyAcceptance?.body.acceptanceRequest.dueDate).toBe("2026-11-20");
    expect(responses.laterAcceptance?.body.acceptanceRequest.dueDate).toBe("2026-11-30");
  });
});

describe("escalate-3 of a listing by a 直辖市 (no government above it), by the policy the hazard recorded", () => {
  const mobilesOf = (role: Official["role"]) =>
    OFFICIALS.filter((o) => o.jurisdictionCode === BEIJING && o.role === role)
      .map((o) => o.mobile)
      .sort();
  const to = (hazard: string) =>
    escalate3
      .filter((m) => m.hazard === hazard)
      .map((m) => m.to)
      .sort();

  it("listed before 北京市's rule: the municipality's own leaders (the default)", () => {
    expect(hazards.beijingEarly?.listing.jurisdiction).toBe(BEIJING);
    expect(to("地下车库消防喷淋失效")).toEqual(mobilesOf("leader"));
  });

  it("listed after it: the municipality's 安委办 and leaders, as its policy says", () => {
    expect(responses.beijing?.status, responses.beijing?.text).toBe(200);
    expect(hazards.beijingLater?.policyVersion).toBe("110000@1");
    expect(to("配电室绝缘老化")).toEqual([...mobilesOf("anweiban"), ...mobilesOf("leader")].sort());
  });
});

describe("an extension request left undecided", () => {
  it("after 3 working days reminds the listing department, in one SMS naming the enterprise and the hazard", () => {
    // Every inspector of the listing department in the county (隆阳区 has two of 应急管理局), once each.
    const deciders = OFFICIALS.filter(
      (o) =>
        o.jurisdictionCode === LONGYANG &&
        o.role === "inspector" &&
        o.department === early.supervisingDepartment,
    );
    expect(undecidedSms.map((m) => m.to).sort()).toEqual(deciders.map((o) => o.mobile).sort());
    expect(new Set(undecidedSms.map((m) => m.at))).toEqual(new Set([utc("2026-11-05T09:00:00+08:00")]));
    expect(undecidedSms[0]?.params).toMatchObject({
      enterprise: early.name,
      hazard: "尾矿库排洪井堵塞",
      days: "3",
    });
  });

  it("shows the steps still to come while undecided, and its reminder in the timeline", () => {
    expect(dueOf(hazards.earlyUndecided as Json, "undecided-5")).toBe(utc("2026-11-09T09:00:00+08:00"));
    expect(hazards.earlyUndecided?.timeline.map((t: Json) => t.label)).toContain(
      "督办提醒：延期申请 3 个工作日未审批，提醒",
    );
  });

  it("once decided, its escalation step does nothing", () => {
    expect(responses.decided?.status, responses.decided?.text).toBe(200);
    expect(escalatedSms).toEqual([]);
    expect(hazards.earlyAfter?.upcoming.map((u: Json) => u.step)).not.toContain("undecided-5");
  });
});
