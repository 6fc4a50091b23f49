import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { toEnterpriseCsv } from "../../functions/domain/csv-import";
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
  reportBody,
  startTestStack,
  utc,
} from "./support";

/**
 * Local rules through the HTTP API, lived on the virtual clock (issue 9): 保山市's admin moves the monthly
 * report's due day to the 10th for its counties, 东莞 (a county-level unit directly under 广东省) sets its own
 * 7th with reminders moved off the weekend, and 昆明's 五华区 keeps the national defaults. November 2026 is
 * opened (1 November) under those rules and reminded and closed in December; a change made after the opening does not move the running period.
 */

const MONTHLY = "monthly-self-inspection";
const PERIOD = "2026-11";
const BAOSHAN_COUNTY = "530502"; // 隆阳区, 保山市
const KUNMING_COUNTY = "530102"; // 五华区, 昆明市
const DONGGUAN = "441900"; // 东莞市, 不设区的地级市: county-level, parent 广东省

const QINGDAO_DISTRICT = "370202"; // 市南区, 青岛市: the shipped "3+X" rules (config/policies/qingdao.ts)

const extra = ["530100", KUNMING_COUNTY, "440000", DONGGUAN, "370000", "370200", QINGDAO_DISTRICT].map(
  (code) => {
    const { name, level } = jurisdictionOf(code);
    return { code, name, level };
  },
);
const OFFICIALS = generateOfficials(undefined, extra);
const CATALOGUE = generateEnterprises({
  count: 6,
  seed: 909,
  counties: [BAOSHAN_COUNTY, KUNMING_COUNTY, DONGGUAN],
});
const [baoshan, kunming, dongguan, baoshanLate, kunmingLate, dongguanNever] = CATALOGUE as [
  Enterprise,
  Enterprise,
  Enterprise,
  Enterprise,
  Enterprise,
  Enterprise,
];

const QINGDAO = generateEnterprises({ count: 4, seed: 3702, counties: [QINGDAO_DISTRICT] });

function official(jurisdiction: string, role: Official["role"]): Official {
  const found = OFFICIALS.find((o) => o.jurisdictionCode === jurisdiction && o.role === role);
  if (!found) throw new Error(`no ${role} in ${jurisdiction}`);
  return found;
}

const smsId = (template: string) => config.templates[template]?.sms?.templateId ?? "?";
const REMIND = smsId("monthly-report-reminder");
const LAST_DAY = smsId("monthly-report-last-day");

let stack: Stack;
let api: Api;
const token = (o: Official) => officialToken(stack.secret, o);

/** The reminder SMS an enterprise got for November 2026, as `date template` in Shanghai time. */
function remindersOf(e: Enterprise): string[] {
  return stack.sms
    .list()
    .filter(
      (m) =>
        m.params.enterprise === e.name &&
        m.params.period === "2026年11月" &&
        (m.template === REMIND || m.template === LAST_DAY),
    )
    .map(
      (m) =>
        `${new Date(new Date(m.at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16)} ${m.template === LAST_DAY ? "last-day" : "remind"}`,
    )
    .filter((v, i, all) => all.indexOf(v) === i);
}

async function report(e: Enterprise): Promise<Json> {
  const res = await api("GET", `/v1/enterprises/${e.creditCode}/monthly-reports/${PERIOD}`, {
    token: await enterpriseToken(stack.secret, e),
  });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

const cityRule = {
  obligations: { [MONTHLY]: { dueDay: 10, reminderDays: [8, 10], source: "保山市示例通知" } },
};
const dongguanRule = {
  obligations: { [MONTHLY]: { dueDay: 7, reminderDays: [5, 7], reminderShift: "previous_working_day" } },
};

const responses: Record<string, { status: number; body: Json }> = {};
const sms: Record<string, string[]> = {};
const reports: Record<string, Json> = {};

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-25T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(
    [...CATALOGUE.filter((e) => e !== dongguanNever), ...QINGDAO],
    OFFICIALS,
  );
  // 东莞, a 不设区的地级市, catalogues its own enterprise over HTTP as a county would.
  const imported = await api("POST", "/v1/imports/enterprises", {
    token: await token(official(DONGGUAN, "anweiban")),
    csv: toEnterpriseCsv([dongguanNever]),
  });
  responses.dongguanImport = { status: imported.status, body: imported.body };

  // 青岛 "3+X": a listed major hazard's extension is asked at least 20 working days before its deadline.
  const qingdao = QINGDAO.find((e) =>
    OFFICIALS.some(
      (o) =>
        o.jurisdictionCode === QINGDAO_DISTRICT &&
        o.role === "inspector" &&
        o.department === e.supervisingDepartment,
    ),
  ) as Enterprise;
  const inspector = OFFICIALS.find(
    (o) =>
      o.jurisdictionCode === QINGDAO_DISTRICT &&
      o.role === "inspector" &&
      o.department === qingdao.supervisingDepartment,
  ) as Official;
  for (const [name, deadline] of [
    ["inTime", "2026-12-31"],
    ["tooLate", "2026-11-20"],
  ] as const) {
    const owner = await enterpriseToken(stack.secret, qingdao);
    const h = await api("POST", `/v1/enterprises/${qingdao.creditCode}/hazards`, {
      token: owner,
      body: {
        level: "major",
        title: `码头岸桥基础沉降（${name}）`,
        description: "岸桥轨道基础不均匀沉降，存在倾覆风险",
        foundAt: "2026-10-24T10:00:00+08:00",
        source: "department_inspection",
      },
    });
    await api("PUT", `/v1/hazards/${h.body.id}/plan`, {
      token: owner,
      body: {
        objectives: "消除岸桥基础沉降隐患",
        measures: "注浆加固，更换轨道基础",
        responsible: { name: "孙海涛", mobile: "13800002222" },
        funds: { amountYuan: 800_000, source: "企业自筹" },
        deadline,
        safetyMeasures: "限载作业，设沉降观测点",
        contingencyPlan: "岸桥倾覆专项应急预案",
      },
    });
    const listed = await api("POST", `/v1/hazards/${h.body.id}/listing`, {
      token: await token(inspector),
      body: { level: "county", department: inspector.department, documentNo: "市南应急督〔2026〕3号" },
    });
    expect(listed.status, listed.text).toBe(200);
    responses[`qingdaoListed:${name}`] = { status: listed.status, body: listed.body };
    const asked = await api("POST", `/v1/hazards/${h.body.id}/extension-requests`, {
      token: owner,
      body: { newDeadline: "2027-01-31", reason: "冬季施工条件受限" },
    });
    responses[`qingdao:${name}`] = asked;
    responses[`qingdaoHazard:${name}`] = { status: h.status, body: h.body };
  }

  const cityAdmin = await token(official("530500", "admin"));
  const countyAnweiban = await token(official(BAOSHAN_COUNTY, "anweiban"));
  const put = (path: string, by: string, body: unknown) => api("PUT", path, { token: by, body });
  responses.countyOnCity = await put("/v1/policies/530500", countyAnweiban, cityRule);
  responses.outOfBounds = await put("/v1/policies/530500", cityAdmin, {
    obligations: { [MONTHLY]: { dueDay: 40 } },
  });
  responses.reminderAfterDue = await put("/v1/policies/530500", cityAdmin, {
    obligations: { [MONTHLY]: { dueDay: 10, reminderDays: [8, 12] } },
  });
  responses.city = await put("/v1/policies/530500", cityAdmin, cityRule);
  responses.dongguan = await put(
    `/v1/policies/${DONGGUAN}`,
    await token(official(DONGGUAN, "anweiban")),
    dongguanRule,
  );
  responses.countyView = await api("GET", `/v1/policies/${BAOSHAN_COUNTY}`, { token: countyAnweiban });
  responses.dongguanAccident = await api("POST", "/v1/accidents", {
    token: await token(official(DONGGUAN, "anweiban")),
    body: {
      jurisdiction: DONGGUAN,
      occurredAt: "2026-10-24T14:30:00+08:00",
      level: "general",
      deaths: 1,
      injuries: 0,
      directLossYuan: 900_000,
      summary: "叉车倾覆，一人死亡",
    },
  });

  // 1 November: November opens under the rules in force. A change the city makes afterwards (the 12th) is
  // for periods opened later.
  await advanceTo(api, "2026-11-01T08:00:00+08:00");
  responses.cityLater = await put("/v1/policies/530500", cityAdmin, {
    obligations: { [MONTHLY]: { dueDay: 12, reminderDays: [8, 12] } },
  });
  for (const e of [baoshan, kunming, dongguan]) reports[`opened:${e.creditCode}`] = await report(e);

  // 9 December: one of 保山's files, after the national 5th but before its city's 10th.
  await advanceTo(api, "2026-12-09T10:00:00+08:00");
  const filed = await api("PUT", `/v1/enterprises/${baoshanLate.creditCode}/monthly-reports/${PERIOD}`, {
    token: await enterpriseToken(stack.secret, baoshanLate),
    body: reportBody(baoshanLate),
  });
  responses.filedOn9th = { status: filed.status, body: filed.body };
  const kunmingFiled = await api(
    "PUT",
    `/v1/enterprises/${kunmingLate.creditCode}/monthly-reports/${PERIOD}`,
    {
      token: await enterpriseToken(stack.secret, kunmingLate),
      body: reportBody(kunmingLate),
    },
  );
  responses.kunmingOn9th = { status: kunmingFiled.status, body: kunmingFiled.body };

  await advanceTo(api, "2026-12-13T10:00:00+08:00");
  for (const e of CATALOGUE) sms[e.creditCode] = remindersOf(e);
  // What 青岛's officials got of the hazard whose extension was asked in time and never decided.
  const qingdaoTemplates = new Map(
    [
      "listing-filing-due",
      "listing-publication-due",
      "extension-undecided-reminder",
      "extension-undecided-escalation",
    ].map((t) => [smsId(t), t]),
  );
  sms.qingdao = stack.sms
    .list()
    .filter((m) => qingdaoTemplates.has(m.template) && m.params.hazard === "码头岸桥基础沉降（inTime）")
    .map(
      (m) =>
        `${new Date(new Date(m.at).getTime() + 8 * 3_600_000).toISOString().slice(0, 16)} ${qingdaoTemplates.get(m.template)}`,
    )
    .filter((v, i, all) => all.indexOf(v) === i);
  for (const e of [baoshan, kunming, dongguan, dongguanNever])
    reports[`closed:${e.creditCode}`] = await report(e);
  responses.statistics = await api("GET", `/v1/statistics?jurisdiction=${BAOSHAN_COUNTY}&period=${PERIOD}`, {
    token: countyAnweiban,
  });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

describe("PUT and GET /v1/policies/{jurisdiction}", () => {
  it("the city's admin sets the due day of its counties; the county reads it with where each value comes from", () => {
    expect(responses.city?.status).toBe(200);
    expect(responses.city?.body).toMatchObject({ ownVersion: 1, override: cityRule, version: "530500@1" });
    const view = responses.countyView?.body;
    expect(responses.countyView?.status).toBe(200);
    expect(view.jurisdiction).toEqual({ code: BAOSHAN_COUNTY, name: "隆阳区" });
    expect(view.policy.obligations[MONTHLY]).toMatchObject({ dueDay: 10, reminderDays: [8, 10] });
    expect(view.sources[`obligations.${MONTHLY}.dueDay`]).toEqual({
      level: "city",
      code: "530500",
      name: "保山市",
    });
    expect(view.sources["acceptance.days"]).toEqual({ level: "default" });
  });

  it("a county's 安委办 cannot set its city's rules: 403", () => {
    expect(responses.countyOnCity?.status).toBe(403);
  });

  it("a day out of bounds is a 422 naming its path; a reminder after the due day a 422 saying so in Chinese", () => {
    expectError(responses.outOfBounds as never, 422, "rule_violation");
    expect(responses.outOfBounds?.body.error.fields.map((f: Json) => f.path)).toContain(
      `obligations.${MONTHLY}.dueDay`,
    );
    expectError(responses.reminderAfterDue as never, 422, "rule_violation");
    expect(responses.reminderAfterDue?.body.error.fields).toEqual([
      {
        path: `obligations.${MONTHLY}.reminderDays.1`,
        message: "提醒日 12 日晚于截止日 10 日：截止后的通知是逾期通知，不是提醒",
      },
    ]);
  });
});

describe('青岛 "3+X" (shipped in config/policies)', () => {
  it("on 25 October 2026 an extension of a deadline of 31 December is asked in time (the last day is 3 December)", () => {
    expect(responses["qingdao:inTime"]?.status).toBe(201);
  });

  it("an extension of a deadline of 20 November is refused: 20 working days before it is 23 October", () => {
    expectError(responses["qingdao:tooLate"] as never, 422, "rule_violation");
    expect(responses["qingdao:tooLate"]?.body.error.message).toBe(
      "延期申请应在治理期限（2026-11-20）前至少 20 个工作日提出，即 2026-10-23 前（含当日）；已超过（青岛市重大事故隐患“3+X”挂牌督办制度）",
    );
  });

  it("a listing of Sunday 25 October shows its 3+X days: filed with the city 安委办 by the 28th, published by the 30th", () => {
    expect(responses["qingdaoListed:inTime"]?.body.listing).toMatchObject({
      filedBy: "2026-10-28",
      publishedBy: "2026-10-30",
    });
    const upcoming = responses["qingdaoListed:inTime"]?.body.upcoming.map((u: Json) => [u.step, u.dueAt]);
    expect(upcoming).toEqual(
      expect.arrayContaining([
        ["listing-filed", utc("2026-10-28T09:00:00+08:00")],
        ["listing-published", utc("2026-10-30T09:00:00+08:00")],
      ]),
    );
  });

  it("the request is to be decided within 10 working days (6 November), its reminders and escalation upcoming", () => {
    const asked = responses["qingdao:inTime"]?.body;
    expect(asked.extensionRequests[0].decisionDueDate).toBe("2026-11-06");
    expect(
      asked.upcoming.filter((u: Json) => u.step.startsWith("undecided-")).map((u: Json) => [u.step, u.dueAt]),
    ).toEqual([
      ["undecided-8", utc("2026-11-04T09:00:00+08:00")],
      ["undecided-10", utc("2026-11-06T09:00:00+08:00")],
      ["undecided-11", utc("2026-11-09T09:00:00+08:00")],
    ]);
  });

  it("青岛's officials are told on each of those days, once a day", () => {
    expect(sms.qingdao).toEqual([
      "2026-10-28T09:00 listing-filing-due",
      "2026-10-30T09:00 listing-publication-due",
      "2026-11-04T09:00 extension-undecided-reminder",
      "2026-11-06T09:00 extension-undecided-reminder",
      "2026-11-09T09:00 extension-undecided-escalation",
    ]);
  });

  it("the hazard records the policy version it was registered under", () => {
    expect(responses["qingdaoHazard:inTime"]?.body.policyVersion).toBe("370200@0");
  });
});

describe("an accident case in 东莞", () => {
  it("records the policy version and the periods it was opened under", () => {
    expect(responses.dongguanAccident?.status).toBe(201);
    expect(responses.dongguanAccident?.body).toMatchObject({
      jurisdiction: DONGGUAN,
      jurisdictionName: "东莞市",
      policyVersion: "441900@1",
      periods: { investigationDays: 60, approvalDays: 15, evaluationDueAfterMonths: 12 },
      investigationDueDate: "2026-12-23",
    });
  });
});

describe("November 2026 under the local rules", () => {
  it("each enterprise's period is opened with its county's due date and the policy version", () => {
    expect(reports[`opened:${baoshan.creditCode}`]).toMatchObject({
      dueDate: "2026-12-10",
      policyVersion: "530500@1",
    });
    expect(reports[`opened:${kunming.creditCode}`]).toMatchObject({
      dueDate: "2026-12-05",
      policyVersion: "default",
    });
    expect(reports[`opened:${dongguan.creditCode}`]).toMatchObject({
      dueDate: "2026-12-07",
      dueAt: utc("2026-12-08T00:00:00+08:00"),
      policyVersion: "441900@1",
    });
  });

  it("the city's change after the opening is stored but does not move the running period", () => {
    expect(responses.cityLater?.body).toMatchObject({ ownVersion: 2, version: "530500@2" });
    expect(reports[`closed:${baoshan.creditCode}`].dueDate).toBe("2026-12-10");
  });

  it("保山's enterprises are reminded on the 8th and 10th, 昆明's on the national 3rd and 5th", () => {
    expect(sms[baoshan.creditCode]).toEqual(["2026-12-08T09:00 remind", "2026-12-10T09:00 last-day"]);
    expect(sms[kunming.creditCode]).toEqual(["2026-12-03T09:00 remind", "2026-12-05T09:00 last-day"]);
  });

  it("东莞's reminder of Saturday the 5th moves to Friday the 4th, the working day before; the last day, Monday the 7th, stays", () => {
    expect(sms[dongguan.creditCode]).toEqual(["2026-12-04T09:00 remind", "2026-12-07T09:00 last-day"]);
  });

  it("an enterprise 东莞's 安委办 catalogued over HTTP is reminded like the others of 东莞", () => {
    expect(responses.dongguanImport?.status).toBe(202);
    expect(responses.dongguanImport?.body).toMatchObject({ imported: 1, rejected: [] });
    expect(sms[dongguanNever.creditCode]).toEqual(["2026-12-04T09:00 remind", "2026-12-07T09:00 last-day"]);
  });

  it("a report filed on the 9th is on time in 保山 (due the 10th) and late in 昆明 (due the 5th)", () => {
    expect(responses.filedOn9th?.status).toBe(200);
    expect(responses.filedOn9th?.body.status).toBe("on_time");
    expect(responses.kunmingOn9th?.body.status).toBe("late");
  });

  it("each county closes at the end of its own due date: 昆明 on the 6th, 东莞 on the 8th, 保山 on the 11th", () => {
    expect(reports[`closed:${kunming.creditCode}`].overdueAt).toBe(utc("2026-12-06T00:00:00+08:00"));
    expect(reports[`closed:${dongguan.creditCode}`].overdueAt).toBe(utc("2026-12-08T00:00:00+08:00"));
    expect(reports[`closed:${dongguanNever.creditCode}`].overdueAt).toBe(utc("2026-12-08T00:00:00+08:00"));
    expect(reports[`closed:${baoshan.creditCode}`].overdueAt).toBe(utc("2026-12-11T00:00:00+08:00"));
  });

  it("the month's compliance sweep waits for the latest deadline the rules in force allow: 保山's 12th since its change", () => {
    // Never early: the sweep reads the rules in force (the city's 12th), later than its records' own 10th.
    expect(responses.statistics?.status).toBe(200);
    expect(responses.statistics?.body.sweptAt).toBe(utc("2026-12-13T01:00:00+08:00"));
    // 保山 counted by its own due day: the report filed on the 9th is on time, the other one missing.
    expect(responses.statistics?.body.figures.filing).toMatchObject({
      active: 2,
      onTime: 1,
      late: 0,
      missing: 1,
    });
  });

  it("东莞's 安委办 gets its digest after 东莞's close, naming its non-filers", () => {
    const digest = smsId("monthly-report-digest");
    const toDongguan = stack.sms
      .list()
      .filter((m) => m.template === digest && m.to === official(DONGGUAN, "anweiban").mobile);
    expect(toDongguan.length).toBeGreaterThan(0);
    expect(toDongguan.every((m) => m.at >= utc("2026-12-08T00:00:00+08:00"))).toBe(true);
  });
});
