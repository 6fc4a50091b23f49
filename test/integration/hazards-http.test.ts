import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { HazardList, HazardView } from "../../functions/http/schemas";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { SinkedSms } from "../../local/sms-sink";
import type { Stack } from "../../local/stack";
import {
  type Api,
  type ApiResponse,
  advanceTo,
  apiFor,
  enterpriseToken,
  expectError,
  type Json,
  listAll,
  officialToken,
  startTestStack,
  storedPlan,
  tokenFor,
  utc,
} from "./support";

/**
 * Hazards (隐患) through the HTTP API on the embedded stack: the register, the supervised lifecycle of a
 * major hazard (plan → 挂牌督办 → progress → extension → evaluation → 复查验收 → 销号) with its legal and
 * illegal transitions, who may do what, the listing query, and the reminder and escalation ladder lived
 * through on the virtual clock.
 */

const OFFICIALS = generateOfficials();
const DEPARTMENT = "应急管理局";

function officialOf(jurisdiction: string, role: Official["role"], department?: string): Official {
  const found = OFFICIALS.find(
    (o) =>
      o.jurisdictionCode === jurisdiction &&
      o.role === role &&
      (department === undefined || o.department === department),
  );
  if (!found) throw new Error(`no ${role} in ${jurisdiction}`);
  return found;
}

function officialsOf(jurisdiction: string, role: Official["role"], department?: string): Official[] {
  return OFFICIALS.filter(
    (o) =>
      o.jurisdictionCode === jurisdiction &&
      o.role === role &&
      (department === undefined || o.department === department),
  );
}

/** The SMS template id a config template is sent under. */
function smsTemplate(name: string): string {
  const id = config.templates[name]?.sms?.templateId;
  if (!id) throw new Error(`template ${name} has no SMS form`);
  return id;
}

function hazardBody(title: string, overrides: Record<string, unknown> = {}) {
  return {
    level: "major",
    title,
    description: "尾矿库排洪隧洞局部坍塌，汛期存在溃坝风险",
    location: "尾矿库北坝",
    foundAt: "2026-11-01T15:00:00+08:00",
    source: "department_inspection",
    ...overrides,
  };
}

function planBody(deadline: string) {
  return {
    objectives: "消除排洪隧洞坍塌隐患",
    measures: "清理塌方体，钢拱架支护，衬砌加固",
    responsible: { name: "赵建国", mobile: "13800001111" },
    funds: { amountYuan: 1_200_000, source: "企业自筹" },
    deadline,
    safetyMeasures: "汛期限制库水位，设专人巡查",
    contingencyPlan: "尾矿库溃坝专项应急预案（2026版）",
  };
}

const LISTING = { level: "county", department: DEPARTMENT, documentNo: "隆应急督〔2026〕12号" };

const evaluation = (conclusion: "pass" | "fail", reportNo: string) => ({
  agency: "云南安科安全评价有限公司",
  agencyLicenseNo: "APJ-(滇)-008",
  conclusion,
  reportNo,
  evaluatedAt: "2026-11-02T09:00:00+08:00",
});

/** The exact shape the OpenAPI document promises: the schema parses it and drops nothing. */
function expectHazardView(res: ApiResponse, status = 200): Json {
  expect(res.status, res.text).toBe(status);
  expect(HazardView.parse(res.body)).toEqual(res.body);
  return res.body;
}

function smsTemplatesFor(messages: SinkedSms[], title: string): string[] {
  return messages
    .filter((m) => m.params.hazard === title)
    .map((m) => `${m.to}:${m.template}`)
    .sort();
}

// ---------------------------------------------------------------------------------------------------------
// The lifecycle, at one instant: 2026-11-02 10:00 Shanghai (the clock does not move in this part)
// ---------------------------------------------------------------------------------------------------------

describe("hazards through the HTTP API", () => {
  const NOW = "2026-11-02T10:00:00+08:00";
  /** Four counties of 保山市, round-robin: 0, 4 → 530502; 1, 5 → 530521; 2, 6 → 530523; 3, 7 → 530524. */
  const CATALOGUE = generateEnterprises({
    count: 8,
    seed: 404,
    counties: ["530502", "530521", "530523", "530524"],
  });
  const ent = (i: number): Enterprise => {
    const e = CATALOGUE[i];
    if (!e) throw new Error(`no enterprise ${i}`);
    return e;
  };
  const A = ent(0); // 530502
  const A2 = ent(4); // 530502, another enterprise of the same county
  const B = ent(1); // 530521

  let stack: Stack;
  let api: Api;
  const inspectorA = officialOf("530502", "inspector", DEPARTMENT);
  const anweibanA = officialOf("530502", "anweiban");
  const inspectorB = officialOf("530521", "inspector", DEPARTMENT);

  beforeAll(async () => {
    stack = await startTestStack({ now: NOW });
    api = apiFor(stack.urls.api);
    await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const asEnterprise = (e: Enterprise) => enterpriseToken(stack.secret, e);
  const asOfficial = (o: Official) => officialToken(stack.secret, o);

  async function register(e: Enterprise, body: Record<string, unknown>): Promise<Json> {
    const res = await api("POST", `/v1/enterprises/${e.creditCode}/hazards`, {
      token: await asEnterprise(e),
      body,
    });
    return expectHazardView(res, 201);
  }

  /** A major hazard of `e`, planned with `deadline` and listed at county level by the county's inspector. */
  async function listedHazard(e: Enterprise, title: string, deadline = "2026-12-31"): Promise<Json> {
    const h = await register(e, hazardBody(title));
    expectHazardView(
      await api("PUT", `/v1/hazards/${h.id}/plan`, {
        token: await asEnterprise(e),
        body: planBody(deadline),
      }),
    );
    return expectHazardView(
      await api("POST", `/v1/hazards/${h.id}/listing`, {
        token: await asOfficial(officialOf(e.countyCode, "inspector", DEPARTMENT)),
        body: LISTING,
      }),
    );
  }

  describe("a general hazard", () => {
    it("is refused with a 400 naming rectifyBy when registered without a rectification date", async () => {
      const res = await api("POST", `/v1/enterprises/${A.creditCode}/hazards`, {
        token: await asEnterprise(A),
        body: hazardBody("配电室未设挡鼠板", { level: "general" }),
      });

      expectError(res, 400, "invalid_input");
      expect(res.body.error.fields).toEqual([{ path: "rectifyBy", message: expect.any(String) }]);
    });

    it("a malformed foundAt is a 400 naming foundAt, with or without a rectification date", async () => {
      const token = await asEnterprise(A);
      const post = (body: Record<string, unknown>) =>
        api("POST", `/v1/enterprises/${A.creditCode}/hazards`, { token, body });

      const responses = [
        await post(hazardBody("配电室未设挡鼠板", { foundAt: "yesterday" })),
        await post(
          hazardBody("配电室未设挡鼠板", { level: "general", foundAt: "yesterday", rectifyBy: "2026-11-20" }),
        ),
      ];

      for (const res of responses) {
        expectError(res, 400, "invalid_input");
        expect(res.body.error.fields, res.text).toEqual([{ path: "foundAt", message: expect.any(String) }]);
      }
    });

    it("is rectified once: the same rectification again (a client's retry) answers the rectified hazard, another is a 409 naming its state", async () => {
      const h = await register(
        A,
        hazardBody("配电室未设挡鼠板", { level: "general", rectifyBy: "2026-11-20" }),
      );
      const token = await asEnterprise(A);
      const rectification = { rectifiedAt: "2026-11-02T09:30:00+08:00", note: "已加装挡鼠板" };

      const first = await api("POST", `/v1/hazards/${h.id}/rectification`, { token, body: rectification });
      const retried = await api("POST", `/v1/hazards/${h.id}/rectification`, { token, body: rectification });
      const second = await api("POST", `/v1/hazards/${h.id}/rectification`, {
        token,
        body: { ...rectification, note: "另行整改" },
      });

      expect(h).toMatchObject({ level: "general", status: "open", rectifyBy: "2026-11-20" });
      expect(h.upcoming).toEqual([
        {
          step: "reminder-1",
          dueAt: utc("2026-11-19T09:00:00+08:00"),
          audience: ["safety_manager", "finding_inspectors"],
          template: "hazard-rectify-reminder",
        },
        {
          step: "overdue",
          dueAt: utc("2026-11-21T09:00:00+08:00"),
          audience: ["safety_manager", "finding_inspectors"],
          template: "hazard-rectify-overdue",
        },
      ]);
      expect(expectHazardView(first)).toMatchObject({
        status: "rectified",
        rectification: { rectifiedAt: utc(rectification.rectifiedAt), note: "已加装挡鼠板" },
        upcoming: [],
      });
      expect(retried.status, retried.text).toBe(200);
      expect(retried.body).toMatchObject({ status: "rectified", timeline: first.body.timeline });
      expectError(second, 409, "conflict");
      expect(second.body.error.message).toContain("当前为“已整改”");
    });
  });

  describe("a major hazard", () => {
    it("is planned with every field of the plan: a missing field is a 400 naming it, a past deadline a 422", async () => {
      const h = await register(A, hazardBody("液氨储罐区未设泄漏报警"));
      const token = await asEnterprise(A);

      const empty = await api("PUT", `/v1/hazards/${h.id}/plan`, { token, body: {} });
      const { funds: _funds, ...withoutFunds } = planBody("2026-12-31");
      const noFunds = await api("PUT", `/v1/hazards/${h.id}/plan`, { token, body: withoutFunds });
      const past = await api("PUT", `/v1/hazards/${h.id}/plan`, { token, body: planBody("2026-11-01") });
      const planned = await api("PUT", `/v1/hazards/${h.id}/plan`, { token, body: planBody("2026-12-31") });

      expect(h).toMatchObject({ level: "major", status: "registered", upcoming: [] });
      expectError(empty, 400, "invalid_input");
      expect(empty.body.error.fields.map((f: Json) => f.path).sort()).toEqual(
        [
          "contingencyPlan",
          "deadline",
          "funds",
          "measures",
          "objectives",
          "responsible",
          "safetyMeasures",
        ].sort(),
      );
      expectError(noFunds, 400, "invalid_input");
      expect(noFunds.body.error.fields).toEqual([{ path: "funds", message: expect.any(String) }]);
      expectError(past, 422, "rule_violation");
      expect(past.body.error.fields).toEqual([{ path: "deadline", message: expect.any(String) }]);
      expect(expectHazardView(planned)).toMatchObject({
        status: "planned",
        deadline: "2026-12-31",
        plan: planBody("2026-12-31"),
        upcoming: [],
      });
    });

    it("is listed by an official only: the enterprise is refused with 403, an unplanned hazard with a 409 naming registered", async () => {
      const unplanned = await register(A, hazardBody("煤气柜区域未设CO检测报警"));
      const planned = await register(A, hazardBody("反应釜未设紧急切断"));
      expectHazardView(
        await api("PUT", `/v1/hazards/${planned.id}/plan`, {
          token: await asEnterprise(A),
          body: planBody("2026-12-31"),
        }),
      );

      const byEnterprise = await api("POST", `/v1/hazards/${planned.id}/listing`, {
        token: await asEnterprise(A),
        body: LISTING,
      });
      const withoutPlan = await api("POST", `/v1/hazards/${unplanned.id}/listing`, {
        token: await asOfficial(inspectorA),
        body: LISTING,
      });
      const noBody = await api("POST", `/v1/hazards/${planned.id}/listing`, {
        token: await asOfficial(inspectorA),
      });

      expectError(byEnterprise, 403, "forbidden");
      expectError(withoutPlan, 409, "conflict");
      expect(withoutPlan.body.error.message).toContain("当前为“已登记”");
      expectError(noBody, 400, "invalid_input");
      expect(noBody.body.error.fields.map((f: Json) => f.path).sort()).toEqual(
        ["department", "documentNo", "level"].sort(),
      );
    });

    it("listing notifies the legal representative, the safety manager and the listing county's 安委办, and the outbox shows it", async () => {
      const title = "炸药库防雷接地失效";

      const h = await listedHazard(A, title);

      expect(h).toMatchObject({
        status: "listed",
        listing: { ...LISTING, jurisdiction: "530502", listedAt: utc(NOW) },
      });
      expect(smsTemplatesFor(stack.sms.list(), title)).toEqual(
        [
          // Registered first: the inspectors of its supervising department hear of a major hazard.
          ...officialsOf("530502", "inspector", A.supervisingDepartment).map(
            (o) => `${o.mobile}:${smsTemplate("major-hazard-registered")}`,
          ),
          ...[A.legalRep.mobile, A.safetyManager.mobile, anweibanA.mobile].map(
            (to) => `${to}:${smsTemplate("major-hazard-listed")}`,
          ),
        ].sort(),
      );
      const outbox = await api("GET", `/v1/notifications?recipient=${A.legalRep.mobile}`, {
        token: await asOfficial(anweibanA),
      });
      expect(outbox.status, outbox.text).toBe(200);
      expect(
        outbox.body.items.filter(
          (m: Json) => m.subject.type === "hazard" && m.subject.id === h.id && m.channel === "sms",
        ),
      ).toEqual([
        expect.objectContaining({
          template: "major-hazard-listed",
          status: "sent",
          recipient: A.legalRep.mobile,
        }),
      ]);
    });

    it("goes from listing to delisting: progress, an approved extension re-planning the ladder, evaluations, a failed and a passed acceptance, every step in the timeline", async () => {
      const enterprise = await asEnterprise(A);
      const official = await asOfficial(inspectorA);
      const path = (suffix = "") => `/v1/hazards/${h.id}${suffix}`;
      const h = expectHazardView(
        await api("POST", `/v1/enterprises/${A.creditCode}/hazards`, {
          token: official,
          body: hazardBody("尾矿库排洪隧洞坍塌"),
        }),
        201,
      );
      expectHazardView(await api("PUT", path("/plan"), { token: enterprise, body: planBody("2026-12-31") }));
      const listed = expectHazardView(
        await api("POST", path("/listing"), { token: official, body: LISTING }),
      );
      const listedPlan = await storedPlan(stack, listed.id);

      // Progress: the enterprise only, for a month that has ended and not before the listing's month
      // (listed in November, its first progress is November's, filed in December: test/workflows/supervision).
      const progressBody = {
        period: "2026-10",
        summary: "完成塌方体清理",
        percentComplete: 20,
        fundsSpentYuan: 180_000,
      };
      const progressByOfficial = await api("POST", path("/progress-reports"), {
        token: official,
        body: progressBody,
      });
      const progressTooEarly = await api("POST", path("/progress-reports"), {
        token: enterprise,
        body: { ...progressBody, period: "2026-11" },
      });
      const progressBeforeListing = await api("POST", path("/progress-reports"), {
        token: enterprise,
        body: progressBody,
      });

      // Extension: requested by the enterprise, decided by an official of the listing jurisdiction.
      const extensionBody = { newDeadline: "2027-02-28", reason: "汛期停工，钢拱架到货延迟" };
      const requestedByOfficial = await api("POST", path("/extension-requests"), {
        token: official,
        body: extensionBody,
      });
      const requested = expectHazardView(
        await api("POST", path("/extension-requests"), { token: enterprise, body: extensionBody }),
        201,
      );
      const requestedTwice = await api("POST", path("/extension-requests"), {
        token: enterprise,
        body: { ...extensionBody, newDeadline: "2027-03-31" },
      });
      const decision = { approved: true, note: "同意延期至2027年2月28日" };
      const decidedByOtherCounty = await api("POST", path("/extension-requests/1/decision"), {
        token: await asOfficial(inspectorB),
        body: decision,
      });
      const decidedByEnterprise = await api("POST", path("/extension-requests/1/decision"), {
        token: enterprise,
        body: decision,
      });
      const decidedUnknown = await api("POST", path("/extension-requests/2/decision"), {
        token: official,
        body: decision,
      });
      const decidedBadN = await api("POST", path("/extension-requests/0/decision"), {
        token: official,
        body: decision,
      });
      const approved = expectHazardView(
        await api("POST", path("/extension-requests/1/decision"), { token: official, body: decision }),
      );
      const approvedPlan = await storedPlan(stack, approved.id);
      const decidedAgain = await api("POST", path("/extension-requests/1/decision"), {
        token: official,
        body: decision,
      });
      const decidedTwice = await api("POST", path("/extension-requests/1/decision"), {
        token: official,
        body: { approved: false, note: "不同意延期" },
      });

      // Evaluation and acceptance.
      const failing = expectHazardView(
        await api("POST", path("/evaluation"), {
          token: enterprise,
          body: evaluation("fail", "AP-2026-101"),
        }),
      );
      const acceptanceAfterFail = await api("POST", path("/acceptance-request"), { token: enterprise });
      expectHazardView(
        await api("POST", path("/evaluation"), {
          token: enterprise,
          body: evaluation("pass", "AP-2026-102"),
        }),
      );
      const acceptanceByOfficial = await api("POST", path("/acceptance-request"), { token: official });
      const acceptanceRequested = expectHazardView(
        await api("POST", path("/acceptance-request"), { token: enterprise }),
      );
      const acceptedByEnterprise = await api("POST", path("/acceptance"), {
        token: enterprise,
        body: { result: "passed", inspectedAt: "2026-11-02T09:00:00+08:00", note: "自行验收" },
      });
      const failedWithoutDeadline = await api("POST", path("/acceptance"), {
        token: official,
        body: { result: "failed", inspectedAt: "2026-11-02T09:00:00+08:00", note: "衬砌未完成" },
      });
      const failed = expectHazardView(
        await api("POST", path("/acceptance"), {
          token: official,
          body: {
            result: "failed",
            inspectedAt: "2026-11-02T09:00:00+08:00",
            note: "衬砌未完成",
            newDeadline: "2027-03-31",
          },
        }),
      );
      expectHazardView(await api("POST", path("/acceptance-request"), { token: enterprise }));
      const delisted = expectHazardView(
        await api("POST", path("/acceptance"), {
          token: official,
          body: {
            result: "passed",
            inspectedAt: "2026-11-02T09:30:00+08:00",
            note: "现场复查合格，同意销号",
          },
        }),
      );
      const read = expectHazardView(await api("GET", path(), { token: enterprise }));

      // Listed: the major-hazard ladder from the plan's deadline 2026-12-31.
      expect(listed.upcoming.map((u: Json) => [u.step, u.dueAt])).toEqual([
        ["reminder-30", utc("2026-12-01T09:00:00+08:00")],
        ["reminder-7", utc("2026-12-24T09:00:00+08:00")],
        ["reminder-1", utc("2026-12-30T09:00:00+08:00")],
        ["overdue", utc("2027-01-01T09:00:00+08:00")],
        ["escalate-1", utc("2027-01-03T09:00:00+08:00")],
        ["escalate-2", utc("2027-01-10T09:00:00+08:00")],
        ["escalate-3", utc("2027-01-30T09:00:00+08:00")],
      ]);
      expect(listed.upcoming[6]).toEqual({
        step: "escalate-3",
        dueAt: utc("2027-01-30T09:00:00+08:00"),
        audience: ["parent_anweiban", "parent_leaders"],
        template: "major-hazard-escalation",
      });
      // Progress.
      expectError(progressByOfficial, 403, "forbidden");
      expectError(progressTooEarly, 422, "rule_violation");
      expect(progressTooEarly.body.error.fields).toEqual([{ path: "period", message: expect.any(String) }]);
      expectError(progressBeforeListing, 422, "rule_violation");
      expect(progressBeforeListing.body.error).toMatchObject({
        reason: "hazard.progress_before_listing",
        message: expect.stringContaining("2026年10月"),
      });
      // Extension.
      expectError(requestedByOfficial, 403, "forbidden");
      expect(requested.extensionRequests).toEqual([{ ...extensionBody, n: 1, requestedAt: utc(NOW) }]);
      expect(requested.deadline).toBe("2026-12-31");
      expectError(requestedTwice, 409, "conflict");
      expectError(decidedByOtherCounty, 404, "not_found");
      expectError(decidedByEnterprise, 403, "forbidden");
      expectError(decidedUnknown, 404, "not_found");
      expectError(decidedBadN, 400, "invalid_input");
      expect(decidedBadN.body.error.fields).toEqual([{ path: "path.n", message: expect.any(String) }]);
      expect(approved).toMatchObject({ status: "listed", deadline: "2027-02-28" });
      expect(approvedPlan).toEqual({
        planVersion: listedPlan.planVersion + 1,
        plannedAt: utc(NOW),
        firedSteps: [],
      });
      expect(approved.extensionRequests[0].decision).toEqual({
        ...decision,
        decidedAt: utc(NOW),
        by: `inspector:${inspectorA.mobile}`,
      });
      expect(approved.upcoming.map((u: Json) => [u.step, u.dueAt])).toEqual([
        ["reminder-30", utc("2027-01-29T09:00:00+08:00")],
        ["reminder-7", utc("2027-02-21T09:00:00+08:00")],
        ["reminder-1", utc("2027-02-27T09:00:00+08:00")],
        ["overdue", utc("2027-03-01T09:00:00+08:00")],
        ["escalate-1", utc("2027-03-03T09:00:00+08:00")],
        ["escalate-2", utc("2027-03-10T09:00:00+08:00")],
        ["escalate-3", utc("2027-03-30T09:00:00+08:00")],
      ]);
      // The same decision again is a client's retry: the current state; a different one is a conflict.
      expect(decidedAgain.status, decidedAgain.text).toBe(200);
      expect(decidedAgain.body.deadline).toBe("2027-02-28");
      expectError(decidedTwice, 409, "conflict");
      // Evaluation and acceptance.
      expect(failing.evaluations.map((e: Json) => e.conclusion)).toEqual(["fail"]);
      expectError(acceptanceAfterFail, 422, "rule_violation");
      expect(acceptanceAfterFail.body.error.message).toContain("“通过”的评估");
      expectError(acceptanceByOfficial, 403, "forbidden");
      expect(acceptanceRequested).toMatchObject({
        status: "acceptance_requested",
        // Due the end of 12 November in Shanghai: the exclusive instant 13 November 00:00+08:00.
        acceptanceRequest: {
          requestedAt: utc(NOW),
          dueDate: "2026-11-12",
          dueAt: utc("2026-11-13T00:00:00+08:00"),
        },
      });
      expect(acceptanceRequested.upcoming).toEqual([
        {
          step: "acceptance-reminder",
          dueAt: utc("2026-11-10T09:00:00+08:00"),
          audience: ["listing_inspectors"],
          template: "acceptance-requested",
        },
        {
          step: "acceptance-overdue",
          dueAt: utc("2026-11-13T09:00:00+08:00"),
          audience: ["listing_inspectors", "listing_anweiban"],
          template: "acceptance-overdue",
        },
      ]);
      expectError(acceptedByEnterprise, 403, "forbidden");
      expectError(failedWithoutDeadline, 400, "invalid_input");
      expect(failedWithoutDeadline.body.error.fields).toEqual([
        { path: "newDeadline", message: expect.any(String) },
      ]);
      expect(failed).toMatchObject({ status: "listed", deadline: "2027-03-31" });
      expect(failed.upcoming.map((u: Json) => u.step)).toEqual([
        "reminder-30",
        "reminder-7",
        "reminder-1",
        "overdue",
        "escalate-1",
        "escalate-2",
        "escalate-3",
      ]);
      expect(failed.upcoming[0].dueAt).toBe(utc("2027-03-01T09:00:00+08:00"));
      expect(delisted).toMatchObject({
        status: "delisted",
        delistedAt: utc(NOW),
        overdue: false,
        upcoming: [],
      });
      expect(delisted.acceptances.map((a: Json) => a.result)).toEqual(["failed", "passed"]);
      expect(read).toEqual(delisted);
      // The timeline: every event with who did it (sub, role, jurisdiction).
      const enterpriseActor = {
        sub: `enterprise:${A.creditCode}`,
        role: "enterprise",
        jurisdiction: "530502",
      };
      const inspectorActor = {
        sub: `inspector:${inspectorA.mobile}`,
        role: "inspector",
        jurisdiction: "530502",
      };
      expect(read.timeline.map((e: Json) => [e.what, e.actor, e.at])).toEqual(
        (
          [
            ["registered", inspectorActor],
            ["plan set", enterpriseActor],
            ["listed", inspectorActor],
            ["extension requested", enterpriseActor],
            ["extension approved", inspectorActor],
            ["evaluated", enterpriseActor],
            ["evaluated", enterpriseActor],
            ["acceptance requested", enterpriseActor],
            ["acceptance failed", inspectorActor],
            ["acceptance requested", enterpriseActor],
            ["accepted and delisted", inspectorActor],
          ] as const
        ).map(([what, actor]) => [what, actor, utc(NOW)]),
      );
      expect(read.timeline[4].details).toEqual({ n: 1, note: decision.note });
      expect(read.timeline[8].details).toEqual({ note: "衬砌未完成", newDeadline: "2027-03-31" });
      // Every event tells someone: the listing department of the request and of each evaluation, the
      // enterprise of the decision, naming the deadline of next year with its year.
      const listingInspectors = officialsOf("530502", "inspector", DEPARTMENT).map((o) => o.mobile);
      const sent = stack.sms.list().filter((m) => m.params.hazard === "尾矿库排洪隧洞坍塌");
      const to = (template: string) =>
        sent.filter((m) => m.template === smsTemplate(template)).map((m) => m.to);
      expect(to("extension-requested").sort()).toEqual([...listingInspectors].sort());
      expect(to("extension-decided").sort()).toEqual([A.legalRep.mobile, A.safetyManager.mobile].sort());
      expect(sent.find((m) => m.template === smsTemplate("extension-decided"))?.text).toContain(
        "延期获批，期限2027年2月28日",
      );
      expect(to("evaluation-recorded").sort()).toEqual(
        [...listingInspectors, ...listingInspectors].sort(), // a failing and a passing evaluation
      );
      // Delisting is announced to the same people as the listing.
      expect(
        smsTemplatesFor(stack.sms.list(), "尾矿库排洪隧洞坍塌").filter((t) =>
          t.endsWith(smsTemplate("major-hazard-delisted")),
        ),
      ).toEqual(
        [A.legalRep.mobile, A.safetyManager.mobile, anweibanA.mobile]
          .map((to) => `${to}:${smsTemplate("major-hazard-delisted")}`)
          .sort(),
      );
    });

    it("an extension listed at city level is decided by the city, and a county official is refused with 403", async () => {
      const city = officialOf("530500", "inspector", DEPARTMENT);
      const h = await register(A, hazardBody("城区燃气管道占压"));
      expectHazardView(
        await api("PUT", `/v1/hazards/${h.id}/plan`, {
          token: await asEnterprise(A),
          body: planBody("2026-12-31"),
        }),
      );
      const listed = expectHazardView(
        await api("POST", `/v1/hazards/${h.id}/listing`, {
          token: await asOfficial(city),
          body: { ...LISTING, level: "city", documentNo: "保应急督〔2026〕3号" },
        }),
      );
      const listedPlan = await storedPlan(stack, listed.id);
      expectHazardView(
        await api("POST", `/v1/hazards/${h.id}/extension-requests`, {
          token: await asEnterprise(A),
          body: { newDeadline: "2027-01-31", reason: "管线迁改需燃气公司配合" },
        }),
        201,
      );

      const byCounty = await api("POST", `/v1/hazards/${h.id}/extension-requests/1/decision`, {
        token: await asOfficial(inspectorA),
        body: { approved: true, note: "同意" },
      });
      const byCity = await api("POST", `/v1/hazards/${h.id}/extension-requests/1/decision`, {
        token: await asOfficial(city),
        body: { approved: false, note: "不同意延期，按原期限完成" },
      });

      expect(listed.listing).toMatchObject({ level: "city", jurisdiction: "530500" });
      expectError(byCounty, 403, "forbidden");
      expect(expectHazardView(byCity)).toMatchObject({ deadline: "2026-12-31" });
      expect((await storedPlan(stack, h.id)).planVersion).toBe(listedPlan.planVersion);
    });
  });

  describe("reading and listing hazards", () => {
    it("GET /v1/hazards pages with limit=1 through nextToken without duplicates, filtered by jurisdiction, level, status and overdue", async () => {
      const C1 = ent(2);
      const C2 = ent(6);
      const D = ent(3);
      const listedC = [
        await listedHazard(C1, "施甸一号隐患"),
        await listedHazard(C2, "施甸二号隐患"),
        await listedHazard(C1, "施甸三号隐患"),
      ];
      const listedD = await listedHazard(D, "昌宁一号隐患");
      await register(C1, hazardBody("施甸未挂牌隐患"));
      await register(C2, hazardBody("施甸一般隐患", { level: "general", rectifyBy: "2026-11-30" }));
      const county = await asOfficial(officialOf("530523", "anweiban"));
      const cityOfficial = await asOfficial(officialOf("530500", "anweiban"));
      const query = {
        jurisdiction: "530523",
        level: "major",
        status: "listed",
        overdue: "false",
        limit: "1",
      };

      const paged = await listAll(api, "/v1/hazards", query, county);
      const overdueOnly = await listAll(api, "/v1/hazards", { ...query, overdue: "true" }, county);
      const allOfCounty = await listAll(api, "/v1/hazards", { limit: "2" }, county);
      const city = await listAll(
        api,
        "/v1/hazards",
        { level: "major", status: "listed", limit: "100" },
        cityOfficial,
      );
      const first = await api("GET", `/v1/hazards?${new URLSearchParams(query)}`, { token: county });

      expect(paged.pages.length).toBeGreaterThanOrEqual(3);
      for (const page of paged.pages) expect(page.length).toBeLessThanOrEqual(1);
      const ids = paged.items.map((h: Json) => h.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(listedC.map((h) => h.id).sort());
      expect(paged.items.every((h: Json) => h.status === "listed" && !h.overdue)).toBe(true);
      expect(overdueOnly.items).toEqual([]);
      expect(allOfCounty.items.map((h: Json) => h.title).sort()).toEqual(
        ["施甸一号隐患", "施甸二号隐患", "施甸三号隐患", "施甸未挂牌隐患", "施甸一般隐患"].sort(),
      );
      expect(city.items.map((h: Json) => h.id)).toEqual(
        expect.arrayContaining([...listedC.map((h) => h.id), listedD.id]),
      );
      expect(first.status, first.text).toBe(200);
      expect(HazardList.parse(first.body)).toEqual(first.body);
    });

    it("overdue takes only the strings true and false; anything else is a 400 naming it", async () => {
      const token = await asOfficial(anweibanA);

      const responses = await Promise.all(
        ["yes", "1", "TRUE", ""].map((v) => api("GET", `/v1/hazards?overdue=${v}`, { token })),
      );

      for (const res of responses) {
        expectError(res, 400, "invalid_input");
        expect(res.body.error.fields).toEqual([{ path: "query.overdue", message: expect.any(String) }]);
      }
    });

    it("an enterprise user reaches and lists its own hazards only; a county official reaches its county, a city official its counties", async () => {
      const hA = await register(A, hazardBody("A的隐患"));
      const hB = await register(B, hazardBody("B的隐患"));
      const city = await asOfficial(officialOf("530500", "anweiban"));
      const kunming = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530100" });

      const own = await api("GET", `/v1/hazards/${hA.id}`, { token: await asEnterprise(A) });
      const neighbour = await api("GET", `/v1/hazards/${hA.id}`, { token: await asEnterprise(A2) });
      const neighbourPlans = await api("PUT", `/v1/hazards/${hA.id}/plan`, {
        token: await asEnterprise(A2),
        body: planBody("2026-12-31"),
      });
      const registersForNeighbour = await api("POST", `/v1/enterprises/${A.creditCode}/hazards`, {
        token: await asEnterprise(A2),
        body: hazardBody("代报隐患"),
      });
      const enterpriseLists = await api("GET", "/v1/hazards", { token: await asEnterprise(A) });
      const enterpriseListsNeighbour = await api("GET", `/v1/hazards?creditCode=${A2.creditCode}`, {
        token: await asEnterprise(A),
      });
      const countyOwn = await api("GET", `/v1/hazards/${hA.id}`, { token: await asOfficial(inspectorA) });
      const countyOther = await api("GET", `/v1/hazards/${hB.id}`, { token: await asOfficial(inspectorA) });
      const countyListsOther = await api("GET", "/v1/hazards?jurisdiction=530521", {
        token: await asOfficial(inspectorA),
      });
      const countyRegistersOther = await api("POST", `/v1/enterprises/${B.creditCode}/hazards`, {
        token: await asOfficial(inspectorA),
        body: hazardBody("越权登记"),
      });
      const cityReads = await Promise.all(
        [hA, hB].map((h) => api("GET", `/v1/hazards/${h.id}`, { token: city })),
      );
      const cityLists = await listAll(api, "/v1/hazards", { level: "major", status: "registered" }, city);
      const otherCity = await api("GET", `/v1/hazards/${hA.id}`, { token: kunming });
      const unknown = await api("GET", "/v1/hazards/HZ-20261102-NOSUCHID", { token: city });
      const malformed = await api("GET", "/v1/hazards/hz_lower", { token: city });

      expect(own.status, own.text).toBe(200);
      // What the caller may not see answers like what does not exist; a question he may not ask is a 403.
      for (const hidden of [neighbour, neighbourPlans, countyOther, otherCity]) {
        expectError(hidden, 404, "not_found");
        const withoutId = (text: string) => text.replace(/HZ-[A-Z0-9-]+/, "<id>");
        expect(withoutId(hidden.body.error.message)).toBe(withoutId(unknown.body.error.message));
      }
      for (const hidden of [registersForNeighbour, countyRegistersOther])
        expectError(hidden, 404, "not_found");
      for (const refused of [enterpriseListsNeighbour, countyListsOther])
        expectError(refused, 403, "forbidden");
      expect(enterpriseLists.status, enterpriseLists.text).toBe(200);
      expect(enterpriseLists.body.items.map((h: Json) => h.creditCode)).toEqual(
        enterpriseLists.body.items.map(() => A.creditCode),
      );
      expect(enterpriseLists.body.items.map((h: Json) => h.id)).toContain(hA.id);
      expect(countyOwn.status, countyOwn.text).toBe(200);
      expect(cityReads.map((r) => r.status)).toEqual([200, 200]);
      expect(cityLists.items.map((h: Json) => h.id)).toEqual(expect.arrayContaining([hA.id, hB.id]));
      expectError(unknown, 404, "not_found");
      expectError(malformed, 400, "invalid_input");
      expect(malformed.body.error.fields).toEqual([{ path: "path.id", message: expect.any(String) }]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The ladder on the virtual clock: three hazards listed on 2026-11-02 with the deadline 2026-12-12
// ---------------------------------------------------------------------------------------------------------

describe("the major-hazard ladder on the virtual clock", () => {
  const START = "2026-11-02T10:00:00+08:00";
  const DEADLINE = "2026-12-12";
  /** On 2026-12-14, after the overdue step: H2's deadline moves to 2027-01-20, H3 is accepted and delisted. */
  const ACTIONS_AT = "2026-12-14T10:00:00+08:00";
  const NEW_DEADLINE = "2027-01-20";
  const END = "2027-02-21T12:00:00+08:00";

  const CATALOGUE = generateEnterprises({ count: 3, seed: 4040, counties: ["530502", "530521", "530523"] });
  type Name = "H1" | "H2" | "H3";
  const NAMES: Name[] = ["H1", "H2", "H3"];
  const ENTERPRISE: Record<Name, Enterprise> = {
    H1: CATALOGUE[0] as Enterprise, // 530502: follows the ladder to its end
    H2: CATALOGUE[1] as Enterprise, // 530521: extended after the overdue step
    H3: CATALOGUE[2] as Enterprise, // 530523: delisted after the overdue step
  };
  const TITLE: Record<Name, string> = {
    H1: "一号排土场边坡裂缝",
    H2: "二号液氯库房通风失效",
    H3: "三号矿井主扇备用不足",
  };

  /** Who each step reaches (SMS), per hazard. */
  function audienceOf(name: Name, step: string): string[] {
    const e = ENTERPRISE[name];
    const county = e.countyCode;
    const mobiles = (list: Official[]) => list.map((o) => o.mobile);
    if (step.startsWith("reminder") || step === "overdue")
      return [
        e.legalRep.mobile,
        e.safetyManager.mobile,
        ...mobiles(officialsOf(county, "inspector", DEPARTMENT)),
      ];
    if (step === "escalate-1") return mobiles(officialsOf(county, "anweiban"));
    if (step === "escalate-2") return mobiles(officialsOf(county, "leader"));
    if (step === "escalate-3")
      return mobiles([...officialsOf("530500", "anweiban"), ...officialsOf("530500", "leader")]);
    throw new Error(`no audience for ${step}`);
  }
  const TEMPLATE_OF_STEP = (step: string) =>
    smsTemplate(
      step.startsWith("reminder")
        ? "major-hazard-reminder"
        : step === "overdue"
          ? "major-hazard-overdue"
          : "major-hazard-escalation",
    );

  const OLD_PLAN: [string, string][] = [
    ["reminder-30", "2026-11-12T09:00:00+08:00"],
    ["reminder-7", "2026-12-05T09:00:00+08:00"],
    ["reminder-1", "2026-12-11T09:00:00+08:00"],
    ["overdue", "2026-12-13T09:00:00+08:00"],
    ["escalate-1", "2026-12-15T09:00:00+08:00"],
    ["escalate-2", "2026-12-22T09:00:00+08:00"],
    ["escalate-3", "2027-01-11T09:00:00+08:00"],
  ];
  const NEW_PLAN: [string, string][] = [
    ["reminder-30", "2026-12-21T09:00:00+08:00"],
    ["reminder-7", "2027-01-13T09:00:00+08:00"],
    ["reminder-1", "2027-01-19T09:00:00+08:00"],
    ["overdue", "2027-01-21T09:00:00+08:00"],
    ["escalate-1", "2027-01-23T09:00:00+08:00"],
    ["escalate-2", "2027-01-30T09:00:00+08:00"],
    ["escalate-3", "2027-02-19T09:00:00+08:00"],
  ];
  /** The steps each hazard is expected to get, with their Shanghai times. */
  const EXPECTED: Record<Name, [string, string][]> = {
    H1: OLD_PLAN,
    H2: [...OLD_PLAN.filter(([, at]) => at < ACTIONS_AT), ...NEW_PLAN],
    H3: OLD_PLAN.filter(([, at]) => at < ACTIONS_AT),
  };

  type Checkpoint = {
    at: string;
    before: Record<Name, Json>;
    after: Record<Name, Json>;
    /** SMS sent while the clock moved to `at` (since the previous checkpoint and its actions). */
    sms: SinkedSms[];
  };

  let stack: Stack;
  let api: Api;
  let cityToken: string;
  const ids = {} as Record<Name, string>;
  const listedAt = {} as Record<Name, Json>;
  const checkpoints: Checkpoint[] = [];
  const seen = {
    overdueListing: [] as Json[],
    afterActions: {} as Record<Name, Json>,
    actionSms: [] as SinkedSms[],
    extension: undefined as ApiResponse | undefined,
    delisting: undefined as ApiResponse | undefined,
    allSms: [] as SinkedSms[],
    /** At the end: the major hazards overdue at some time in each month, by name. */
    overdueIn: {} as Record<string, Name[]>,
    /** The 工作台's live lists, by name: deadlines in a window, escalated since a time, open only. */
    dashboard: {} as Record<string, Name[]>,
  };

  async function named(query: Record<string, string>): Promise<Name[]> {
    const { items } = await listAll(api, "/v1/hazards", { level: "major", limit: "1", ...query }, cityToken);
    return NAMES.filter((n) => items.some((h: Json) => h.id === ids[n]));
  }

  async function smsList(): Promise<SinkedSms[]> {
    const res = await api("GET", "/_local/sms");
    expect(res.status, res.text).toBe(200);
    return res.body.items;
  }

  async function views(): Promise<Record<Name, Json>> {
    const out = {} as Record<Name, Json>;
    for (const name of NAMES) {
      const res = await api("GET", `/v1/hazards/${ids[name]}`, { token: cityToken });
      // The view, and beside it the ladder's bookkeeping the API does not show.
      out[name] = { ...expectHazardView(res), stored: await storedPlan(stack, ids[name]) };
    }
    return out;
  }

  async function actOnH2andH3() {
    const h2 = ENTERPRISE.H2;
    const h3 = ENTERPRISE.H3;
    const requested = await api("POST", `/v1/hazards/${ids.H2}/extension-requests`, {
      token: await enterpriseToken(stack.secret, h2),
      body: { newDeadline: NEW_DEADLINE, reason: "设备到货延迟" },
    });
    expect(requested.status, requested.text).toBe(201);
    seen.extension = await api("POST", `/v1/hazards/${ids.H2}/extension-requests/1/decision`, {
      token: await officialToken(stack.secret, officialOf("530521", "inspector", DEPARTMENT)),
      body: { approved: true, note: "同意延期" },
    });
    const enterprise3 = await enterpriseToken(stack.secret, h3);
    const inspector3 = await officialToken(stack.secret, officialOf("530523", "inspector", DEPARTMENT));
    expectHazardView(
      await api("POST", `/v1/hazards/${ids.H3}/evaluation`, {
        token: enterprise3,
        body: { ...evaluation("pass", "AP-2026-301"), evaluatedAt: "2026-12-14T09:00:00+08:00" },
      }),
    );
    expectHazardView(await api("POST", `/v1/hazards/${ids.H3}/acceptance-request`, { token: enterprise3 }));
    seen.delisting = await api("POST", `/v1/hazards/${ids.H3}/acceptance`, {
      token: inspector3,
      body: { result: "passed", inspectedAt: "2026-12-14T09:30:00+08:00", note: "复查合格" },
    });
  }

  beforeAll(async () => {
    stack = await startTestStack({ now: START });
    api = apiFor(stack.urls.api);
    cityToken = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530500" });
    await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);
    for (const name of NAMES) {
      const e = ENTERPRISE[name];
      const token = await enterpriseToken(stack.secret, e);
      const h = expectHazardView(
        await api("POST", `/v1/enterprises/${e.creditCode}/hazards`, {
          token,
          body: hazardBody(TITLE[name]),
        }),
        201,
      );
      ids[name] = h.id;
      expectHazardView(await api("PUT", `/v1/hazards/${h.id}/plan`, { token, body: planBody(DEADLINE) }));
      listedAt[name] = {
        ...expectHazardView(
          await api("POST", `/v1/hazards/${h.id}/listing`, {
            token: await officialToken(stack.secret, officialOf(e.countyCode, "inspector", DEPARTMENT)),
            body: LISTING,
          }),
        ),
        stored: await storedPlan(stack, h.id),
      };
    }

    seen.dashboard.dueByDeadline = await named({
      open: "true",
      deadlineFrom: "2026-12-01",
      deadlineTo: DEADLINE,
    });
    seen.dashboard.dueTheDayBefore = await named({ deadlineFrom: "2026-12-01", deadlineTo: "2026-12-11" });
    seen.dashboard.escalatedBeforeAny = await named({ escalatedSince: "2026-11-01T00:00:00+08:00" });
    const times = [
      ...new Set([...NAMES.flatMap((n) => EXPECTED[n].map(([, at]) => at)), ACTIONS_AT, END]),
    ].sort((a, b) => new Date(a).getTime() - new Date(b).getTime());
    let cursor = (await smsList()).length;
    for (const at of times) {
      const before = await views();
      await advanceTo(api, at);
      const all = await smsList();
      checkpoints.push({ at, before, after: await views(), sms: all.slice(cursor) });
      cursor = all.length;
      if (at === "2026-12-13T09:00:00+08:00") {
        seen.overdueListing = (
          await listAll(api, "/v1/hazards", { level: "major", status: "listed", overdue: "true" }, cityToken)
        ).items;
      }
      if (at === "2026-12-15T09:00:00+08:00") {
        seen.dashboard.escalatedSinceDecember = await named({ escalatedSince: "2026-12-01T00:00:00+08:00" });
        seen.dashboard.escalatedSinceLater = await named({ escalatedSince: "2026-12-15T09:00:01+08:00" });
      }
      if (at === ACTIONS_AT) {
        await actOnH2andH3();
        const afterActions = await smsList();
        seen.actionSms = afterActions.slice(cursor);
        cursor = afterActions.length;
        seen.afterActions = await views();
      }
    }
    seen.allSms = await smsList();
    for (const month of ["2026-11", "2026-12", "2027-01"]) {
      const { items } = await listAll(api, "/v1/hazards", { level: "major", overdueIn: month }, cityToken);
      seen.overdueIn[month] = NAMES.filter((n) => items.some((h: Json) => h.id === ids[n]));
    }
    seen.dashboard.openAtEnd = await named({ open: "true" });
    seen.dashboard.extendedWindow = await named({
      open: "true",
      deadlineFrom: "2027-01-15",
      deadlineTo: "2027-01-25",
    });
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("the 工作台's lists are key-range queries with conditions: deadlines in a window, escalated since a time, open only", () => {
    expect(seen.dashboard).toEqual({
      dueByDeadline: ["H1", "H2", "H3"],
      dueTheDayBefore: [],
      escalatedBeforeAny: [],
      // H1's first escalation fired on 2026-12-15 at 09:00; H2 was extended and H3 delisted the day before.
      escalatedSinceDecember: ["H1"],
      escalatedSinceLater: [],
      openAtEnd: ["H1", "H2"],
      extendedWindow: ["H2"],
    });
  });

  it("a delisted hazard keeps its overdue history and is still found among the hazards overdue in that month", () => {
    const last = checkpoints.at(-1)?.after as Record<Name, Json>;

    expect(seen.overdueIn).toEqual({ "2026-11": [], "2026-12": ["H1", "H2", "H3"], "2027-01": ["H1", "H2"] });
    expect(last.H3).toMatchObject({ status: "delisted", overdue: false, overdueDays: 2 });
    expect(last.H3.overdueSpells).toEqual([
      { since: utc("2026-12-13T09:00:00+08:00"), until: utc(ACTIONS_AT), deadline: DEADLINE, days: 2 },
    ]);
    // The plan was set once, on the first day; the extension on the 14th re-planned H2's reminders, not its plan.
    expect(last.H2.planSetAt).toBe(utc(START));
    expect(last.H2.plannedAt).toBeUndefined();
  });

  const LADDER_TEMPLATES = new Set(
    [
      "major-hazard-reminder",
      "major-hazard-overdue",
      "major-hazard-escalation",
      "acceptance-requested",
      "acceptance-overdue",
    ].map(smsTemplate),
  );

  it("a hazard listed 40 days before its deadline has upcoming reminders at -30, -7 and -1 days, the overdue step and three escalations, at 09:00 Shanghai", () => {
    expect(listedAt.H1.upcoming).toEqual(
      OLD_PLAN.map(([step, at]) => ({
        step,
        dueAt: utc(at),
        audience: expect.any(Array),
        template: expect.stringMatching(/^major-hazard-/),
      })),
    );
  });

  it("every step fires at its time to its audience exactly once, and nothing else of the ladder is sent", () => {
    for (const checkpoint of checkpoints) {
      for (const name of NAMES) {
        const due = EXPECTED[name].filter(([, at]) => at === checkpoint.at).map(([step]) => step);
        const sent = checkpoint.sms
          .filter((m) => m.params.hazard === TITLE[name] && LADDER_TEMPLATES.has(m.template))
          .map((m) => `${m.to}:${m.template}`)
          .sort();
        const expected = due
          .flatMap((step) => audienceOf(name, step).map((to) => `${to}:${TEMPLATE_OF_STEP(step)}`))
          .sort();
        expect(sent, `${name} at ${checkpoint.at}`).toEqual(expected);
        const ladder = checkpoint.sms.filter(
          (m) => m.params.hazard === TITLE[name] && LADDER_TEMPLATES.has(m.template),
        );
        for (const m of ladder) {
          expect(m.at, `${name} ${m.template}`).toBe(utc(checkpoint.at));
        }
      }
    }
    // Counted over the whole run (the actions of 2026-12-14 aside), per recipient and template: each step once.
    const walked = checkpoints.flatMap((c) => c.sms);
    // H1: 3 reminders × 4 + overdue × 4 + escalations 1 + 2 + 3 = 22; H2: 16 of the old plan + 22 of the new;
    // H3: 16 before its delisting.
    expect(walked.filter((m) => LADDER_TEMPLATES.has(m.template))).toHaveLength(22 + 16 + 22 + 16);
    for (const name of NAMES) {
      const counts = new Map<string, number>();
      for (const m of walked.filter(
        (m) => m.params.hazard === TITLE[name] && LADDER_TEMPLATES.has(m.template),
      )) {
        const key = `${m.to}:${m.template}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const expected = new Map<string, number>();
      for (const [step] of EXPECTED[name]) {
        for (const to of audienceOf(name, step)) {
          const key = `${to}:${TEMPLATE_OF_STEP(step)}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
      }
      expect(Object.fromEntries(counts), name).toEqual(Object.fromEntries(expected));
    }
  });

  it("before each step, upcoming shows it next at the time it then fires; afterwards it is in firedSteps and no longer upcoming", () => {
    for (const checkpoint of checkpoints) {
      for (const name of NAMES) {
        const due = EXPECTED[name].filter(([, at]) => at === checkpoint.at).map(([step]) => step);
        if (due.length === 0) continue;
        const before = checkpoint.before[name];
        const after = checkpoint.after[name];
        expect(before.upcoming[0], `${name} before ${checkpoint.at}`).toMatchObject({
          step: due[0],
          dueAt: utc(checkpoint.at),
        });
        expect(after.stored.firedSteps, `${name} after ${checkpoint.at}`).toEqual(
          expect.arrayContaining(due),
        );
        expect(after.upcoming.map((u: Json) => u.step)).not.toContain(due[0]);
        expect(after.upcoming).toEqual(before.upcoming.slice(due.length));
        expect(after.timeline.at(-1)).toMatchObject({
          at: utc(checkpoint.at),
          actor: { sub: "duban", role: "system", jurisdiction: "000000" },
          what: `ladder step ${due.at(-1)}`,
        });
      }
    }
  });

  it("the overdue step flags the hazard overdue since 09:00 the day after the deadline, and the listing finds it with overdue=true", () => {
    const atOverdue = checkpoints.find((c) => c.at === "2026-12-13T09:00:00+08:00");

    for (const name of NAMES) {
      expect(atOverdue?.before[name]).toMatchObject({ overdue: false });
      expect(atOverdue?.after[name]).toMatchObject({
        overdue: true,
        overdueSince: utc("2026-12-13T09:00:00+08:00"),
      });
    }
    expect(seen.overdueListing.map((h: Json) => h.id).sort()).toEqual(NAMES.map((n) => ids[n]).sort());
    const last = checkpoints.at(-1);
    expect(last?.after.H1).toMatchObject({ status: "listed", overdue: true, upcoming: [] });
  });

  it("an extension approved after the overdue step clears the flag, stops the old plan's escalations and follows the new deadline", () => {
    const h2 = seen.afterActions.H2;

    expect(seen.extension?.status, seen.extension?.text).toBe(200);
    expect(h2).toMatchObject({ status: "listed", deadline: NEW_DEADLINE, overdue: false });
    expect(h2.stored.firedSteps).toEqual([]);
    expect(h2.overdueSince).toBeUndefined();
    expect(h2.stored.planVersion).toBe(listedAt.H2.stored.planVersion + 1);
    expect(h2.upcoming.map((u: Json) => [u.step, u.dueAt])).toEqual(
      NEW_PLAN.map(([step, at]) => [step, utc(at)]),
    );
    const escalationsOfOldPlan = seen.allSms.filter(
      (m) =>
        m.params.hazard === TITLE.H2 &&
        m.template === smsTemplate("major-hazard-escalation") &&
        ["2026-12-15T09:00:00+08:00", "2026-12-22T09:00:00+08:00", "2027-01-11T09:00:00+08:00"]
          .map(utc)
          .includes(m.at),
    );
    expect(escalationsOfOldPlan).toEqual([]);
    const last = checkpoints.at(-1);
    expect(last?.after.H2).toMatchObject({
      overdue: true,
      overdueSince: utc("2027-01-21T09:00:00+08:00"),
      upcoming: [],
    });
  });

  it("a hazard delisted after the overdue step gets nothing more from the ladder", () => {
    const delistedAt = utc(ACTIONS_AT);

    expect(seen.delisting?.status, seen.delisting?.text).toBe(200);
    expect(seen.afterActions.H3).toMatchObject({
      status: "delisted",
      delistedAt,
      overdue: false,
      upcoming: [],
    });
    expect(seen.allSms.filter((m) => m.params.hazard === TITLE.H3 && m.at > delistedAt)).toEqual([]);
    expect(smsTemplatesFor(seen.actionSms, TITLE.H3)).toEqual(
      expect.arrayContaining(
        [ENTERPRISE.H3.legalRep.mobile, ENTERPRISE.H3.safetyManager.mobile].map(
          (to) => `${to}:${smsTemplate("major-hazard-delisted")}`,
        ),
      ),
    );
    const last = checkpoints.at(-1);
    expect(last?.after.H3).toMatchObject({ status: "delisted", upcoming: [] });
    expect(last?.after.H3.stored.firedSteps).toEqual([]);
  });

  it("an extension to a date that has already passed is refused with a 422 naming newDeadline", async () => {
    // The clock is at END (2027-02-21); H1's deadline 2026-12-12 is long past and H1 is still listed.
    const res = await api("POST", `/v1/hazards/${ids.H1}/extension-requests`, {
      token: await enterpriseToken(stack.secret, ENTERPRISE.H1),
      body: { newDeadline: "2027-01-31", reason: "补报延期" },
    });

    expectError(res, 422, "rule_violation");
    expect(res.body.error.fields).toEqual([{ path: "newDeadline", message: expect.any(String) }]);
  });
});
