import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import { addDays, shanghaiDateOf } from "../../functions/domain/calendar";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { AccidentList, AccidentView } from "../../functions/http/schemas";
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
  utc,
} from "./support";

/**
 * Accident cases (事故) through the HTTP API: opening a case, the investigation deadline (60 days, extended
 * once by at most 60), closing, and the evaluation window 10 to 12 months after closing — its timers lived
 * through on the virtual clock across the turn of the year, down to the 备案 with the 安委办 one level up.
 *
 * The clock starts at 2026-01-05 10:00 Shanghai; only the last test moves it.
 */

const START = "2026-01-05T10:00:00+08:00";
const CATALOGUE = generateEnterprises({ count: 4, seed: 505, counties: ["530502", "530521"] });
const OFFICIALS = generateOfficials();
const E0 = CATALOGUE[0] as Enterprise; // 530502
const E1 = CATALOGUE[1] as Enterprise; // 530521
/** A valid credit code that is not in the catalogue. */
const UNKNOWN_CODE = (generateEnterprises({ count: 1, seed: 99, counties: ["530502"] })[0] as Enterprise)
  .creditCode;

function officialsOf(jurisdiction: string, role: Official["role"]): Official[] {
  return OFFICIALS.filter((o) => o.jurisdictionCode === jurisdiction && o.role === role);
}

function officialOf(jurisdiction: string, role: Official["role"]): Official {
  const found = officialsOf(jurisdiction, role)[0];
  if (!found) throw new Error(`no ${role} in ${jurisdiction}`);
  return found;
}

function smsTemplate(name: string): string {
  const id = config.templates[name]?.sms?.templateId;
  if (!id) throw new Error(`template ${name} has no SMS form`);
  return id;
}

const ANWEIBAN = officialOf("530502", "anweiban");
const OTHER_COUNTY = officialOf("530521", "anweiban");
const CITY_ANWEIBAN = officialOf("530500", "anweiban");

function accidentBody(overrides: Record<string, unknown> = {}) {
  return {
    jurisdiction: "530502",
    enterpriseCreditCode: E0.creditCode,
    occurredAt: "2026-01-02T14:00:00+08:00",
    level: "general",
    deaths: 1,
    injuries: 2,
    directLossYuan: 1_350_000,
    summary: "脚手架坍塌，一人死亡两人受伤",
    ...overrides,
  };
}

function expectAccidentView(res: ApiResponse, status = 200): Json {
  expect(res.status, res.text).toBe(status);
  expect(AccidentView.parse(res.body)).toEqual(res.body);
  return res.body;
}

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startTestStack({ now: START });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);
});

afterAll(async () => {
  await stack?.stop();
});

const asOfficial = (o: Official) => officialToken(stack.secret, o);

async function openCase(overrides: Record<string, unknown> = {}, by: Official = ANWEIBAN): Promise<Json> {
  return expectAccidentView(
    await api("POST", "/v1/accidents", { token: await asOfficial(by), body: accidentBody(overrides) }),
    201,
  );
}

describe("an accident case through the HTTP API", () => {
  it("is opened by an official of its jurisdiction, due for its investigation report 60 days after the accident; others are refused", async () => {
    const byEnterprise = await api("POST", "/v1/accidents", {
      token: await enterpriseToken(stack.secret, E0),
      body: accidentBody(),
    });
    const byOtherCounty = await api("POST", "/v1/accidents", {
      token: await asOfficial(OTHER_COUNTY),
      body: accidentBody(),
    });
    const incomplete = await api("POST", "/v1/accidents", {
      token: await asOfficial(ANWEIBAN),
      body: { jurisdiction: "530502", level: "catastrophic" },
    });
    const inTheFuture = await api("POST", "/v1/accidents", {
      token: await asOfficial(ANWEIBAN),
      body: accidentBody({ occurredAt: "2026-01-06T08:00:00+08:00" }),
    });
    const enterpriseElsewhere = await api("POST", "/v1/accidents", {
      token: await asOfficial(ANWEIBAN),
      body: accidentBody({ enterpriseCreditCode: E1.creditCode }),
    });

    const unknownEnterprise = await api("POST", "/v1/accidents", {
      token: await asOfficial(ANWEIBAN),
      body: accidentBody({ enterpriseCreditCode: UNKNOWN_CODE }),
    });
    const a = await openCase();

    expectError(byEnterprise, 403, "forbidden");
    expectError(byOtherCounty, 403, "forbidden");
    expectError(incomplete, 400, "invalid_input");
    expect(incomplete.body.error.fields.map((f: Json) => f.path).sort()).toEqual(
      ["deaths", "directLossYuan", "injuries", "level", "occurredAt", "summary"].sort(),
    );
    expectError(inTheFuture, 422, "rule_violation");
    expect(inTheFuture.body.error.fields).toEqual([{ path: "occurredAt", message: expect.any(String) }]);
    // An enterprise outside the caller's jurisdiction answers exactly like one not in the catalogue.
    expectError(enterpriseElsewhere, 404, "not_found");
    expect(enterpriseElsewhere.body.error.message).toBe(
      unknownEnterprise.body.error.message.replace(UNKNOWN_CODE, E1.creditCode),
    );
    expect(a).toMatchObject({
      jurisdiction: "530502",
      enterpriseCreditCode: E0.creditCode,
      occurredAt: utc("2026-01-02T14:00:00+08:00"),
      status: "investigating",
      // Due by the end of 3 March (the due-instant convention), not at the accident's 14:00.
      investigationDueDate: "2026-03-03",
      investigationDueAt: utc("2026-03-04T00:00:00+08:00"),
      overdue: false,
      createdBy: { sub: `anweiban:${ANWEIBAN.mobile}`, role: "anweiban", jurisdiction: "530502" },
    });
    expect(a.upcoming).toEqual([
      {
        step: "investigation-7",
        dueAt: utc("2026-02-24T09:00:00+08:00"),
        audience: ["case_anweiban"],
        template: "accident-investigation-reminder",
      },
      {
        step: "investigation-1",
        dueAt: utc("2026-03-02T09:00:00+08:00"),
        audience: ["case_anweiban"],
        template: "accident-investigation-reminder",
      },
      {
        step: "investigation-overdue",
        dueAt: utc("2026-03-04T09:00:00+08:00"),
        audience: ["case_anweiban"],
        template: "accident-investigation-overdue",
      },
    ]);
    expect(a.timeline).toEqual([
      {
        at: utc(START),
        actor: { sub: `anweiban:${ANWEIBAN.mobile}`, role: "anweiban", jurisdiction: "530502" },
        what: "reported",
        label: "事故立案",
        details: { level: "general", deaths: 1, injuries: 2 },
      },
    ]);
  });

  it("extends its investigation once, by at most 60 days: 61 is a 422 naming days, a second extension a 409", async () => {
    const a = await openCase();
    const token = await asOfficial(ANWEIBAN);
    const path = `/v1/accidents/${a.id}/investigation-extension`;
    const aPlan = await storedPlan(stack, a.id);

    const tooLong = await api("POST", path, { token, body: { days: 61, approvedBy: "隆阳区人民政府" } });
    const byOtherCounty = await api("POST", path, {
      token: await asOfficial(OTHER_COUNTY),
      body: { days: 30, approvedBy: "隆阳区人民政府" },
    });
    const extended = expectAccidentView(
      await api("POST", path, { token, body: { days: 60, approvedBy: "隆阳区人民政府" } }),
    );
    const again = await api("POST", path, { token, body: { days: 1, approvedBy: "隆阳区人民政府" } });

    expectError(tooLong, 422, "rule_violation");
    expect(tooLong.body.error.fields).toEqual([{ path: "days", message: expect.any(String) }]);
    expectError(byOtherCounty, 404, "not_found");
    expect(extended).toMatchObject({
      status: "investigating",
      investigationDueDate: "2026-05-02",
      investigationDueAt: utc("2026-05-03T00:00:00+08:00"),
      investigationExtension: { days: 60, approvedBy: "隆阳区人民政府", at: utc(START) },
    });
    expect((await storedPlan(stack, a.id)).planVersion).toBe(aPlan.planVersion + 1);
    expect(extended.upcoming.map((u: Json) => [u.step, u.dueAt])).toEqual([
      ["investigation-7", utc("2026-04-25T09:00:00+08:00")],
      ["investigation-1", utc("2026-05-01T09:00:00+08:00")],
      ["investigation-overdue", utc("2026-05-03T09:00:00+08:00")],
    ]);
    expectError(again, 409, "conflict");
    expect(again.body.error.message).toBe("调查期限已延长过一次，按规定只能延长一次");
  });

  it("closing a case still under investigation is a 409 saying to submit the report first (条例 第三十二条)", async () => {
    const a = await openCase();

    const res = await api("POST", `/v1/accidents/${a.id}/closure`, {
      token: await asOfficial(ANWEIBAN),
      body: { closedAt: "2026-01-04T07:00:00+08:00", reportNo: "隆调〔2026〕1号" },
    });
    const after = expectAccidentView(
      await api("GET", `/v1/accidents/${a.id}`, { token: await asOfficial(ANWEIBAN) }),
    );

    expectError(res, 409, "conflict");
    expect(res.body.error.message).toBe(
      `事故 ${a.id} 尚在调查中，不能直接结案：请先提交调查报告（POST /v1/accidents/${a.id}/report），批复后再结案（《生产安全事故报告和调查处理条例》第三十二条）`,
    );
    expect(after.status).toBe("investigating");
  });

  it("a closing date in the future is refused with a 422 naming closedAt", async () => {
    const a = await openCase();
    expectAccidentView(
      await api("POST", `/v1/accidents/${a.id}/report`, {
        token: await asOfficial(ANWEIBAN),
        body: { submittedAt: "2026-01-04T07:00:00+08:00", reportNo: "隆调〔2026〕1号" },
      }),
    );

    const res = await api("POST", `/v1/accidents/${a.id}/closure`, {
      token: await asOfficial(ANWEIBAN),
      body: { closedAt: "2026-03-01T07:00:00+08:00", reportNo: "隆调〔2026〕1号" },
    });

    expectError(res, 422, "rule_violation");
    expect(res.body.error.fields).toEqual([{ path: "closedAt", message: expect.any(String) }]);
  });

  it("GET /v1/accidents lists a jurisdiction's cases by status, page by page; a county sees its own, a city its counties", async () => {
    const ours = [await openCase({ occurredAt: "2026-01-01T10:00:00+08:00" }), await openCase()];
    const theirs = await openCase(
      { jurisdiction: "530521", enterpriseCreditCode: E1.creditCode },
      OTHER_COUNTY,
    );
    const county = await asOfficial(ANWEIBAN);
    const city = await asOfficial(CITY_ANWEIBAN);

    const paged = await listAll(
      api,
      "/v1/accidents",
      { jurisdiction: "530502", status: "investigating", limit: "1" },
      county,
    );
    const byCity = await listAll(api, "/v1/accidents", { status: "investigating" }, city);
    const cityNarrowed = await listAll(api, "/v1/accidents", { jurisdiction: "530521" }, city);
    const closed = await listAll(api, "/v1/accidents", { status: "closed" }, county);
    const otherCounty = await api("GET", "/v1/accidents?jurisdiction=530521", { token: county });
    const readOther = await api("GET", `/v1/accidents/${theirs.id}`, { token: county });
    const byEnterprise = await api("GET", "/v1/accidents", {
      token: await enterpriseToken(stack.secret, E0),
    });
    const badStatus = await api("GET", "/v1/accidents?status=open", { token: county });
    const first = await api("GET", "/v1/accidents?limit=1", { token: county });

    const ids = paged.items.map((a: Json) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(ours.map((a) => a.id)));
    expect(ids).not.toContain(theirs.id);
    expect(paged.items.every((a: Json) => a.jurisdiction === "530502" && a.status === "investigating")).toBe(
      true,
    );
    expect(byCity.items.map((a: Json) => a.id)).toEqual(
      expect.arrayContaining([...ours.map((a) => a.id), theirs.id]),
    );
    expect(cityNarrowed.items.map((a: Json) => a.id)).toEqual([theirs.id]);
    expect(closed.items.map((a: Json) => a.id)).not.toEqual(expect.arrayContaining([ours[0].id]));
    expect(closed.items.every((a: Json) => a.status === "closed")).toBe(true);
    expectError(otherCounty, 403, "forbidden");
    expectError(readOther, 404, "not_found");
    expectError(byEnterprise, 403, "forbidden");
    expectError(badStatus, 400, "invalid_input");
    expect(badStatus.body.error.fields).toEqual([{ path: "query.status", message: expect.any(String) }]);
    expect(first.status, first.text).toBe(200);
    expect(AccidentList.parse(first.body)).toEqual(first.body);
  });

  // This test moves the clock: it runs last.
  it("lives its timers on the virtual clock: investigation reminders of the extended plan, closing in March 2026, the evaluation window in 2027, overdue, and the 备案 one level up", async () => {
    const county = await asOfficial(ANWEIBAN);
    // The case by place, date (with its year once the year has turned), level and case number.
    const isOurs = (accident: string | undefined) =>
      /^隆阳区(2026年)?1月4日较大事故（AC-\d{8}-\w{8}）$/.test(accident ?? "");
    const leaders = officialsOf("530502", "leader").map((o) => o.mobile);
    const expectedAudience: Record<string, { to: string[]; template: string }> = {
      "investigation-7": { to: [ANWEIBAN.mobile], template: "accident-investigation-reminder" },
      "investigation-1": { to: [ANWEIBAN.mobile], template: "accident-investigation-reminder" },
      "investigation-overdue": { to: [ANWEIBAN.mobile], template: "accident-investigation-overdue" },
      "evaluation-open": { to: [ANWEIBAN.mobile], template: "accident-evaluation-open" },
      "evaluation-30": { to: [ANWEIBAN.mobile], template: "accident-evaluation-reminder" },
      "evaluation-7": { to: [ANWEIBAN.mobile], template: "accident-evaluation-reminder" },
      "evaluation-overdue": { to: leaders, template: "accident-evaluation-overdue" },
    };
    const ours = (list: SinkedSms[]) =>
      list
        .filter((m) => isOurs(m.params.accident))
        .map((m) => `${m.to}:${m.template}`)
        .sort();
    let cursor = stack.sms.list().length;
    const newSms = () => {
      const all = stack.sms.list();
      const fresh = all.slice(cursor);
      cursor = all.length;
      return fresh;
    };
    /** Moves the clock to each upcoming step in turn, checking it fires then, to its audience, once. */
    async function walk(id: string, steps: string[]) {
      for (const step of steps) {
        const before = expectAccidentView(await api("GET", `/v1/accidents/${id}`, { token: county }));
        expect(before.upcoming[0]?.step, `next step before ${step}`).toBe(step);
        const dueAt = before.upcoming[0].dueAt as string;
        expect(
          newSms().filter((m) => isOurs(m.params.accident)),
          `nothing before ${step}`,
        ).toEqual([]);

        await advanceTo(api, dueAt);

        const sent = newSms();
        const { to, template } = expectedAudience[step] as { to: string[]; template: string };
        expect(ours(sent), step).toEqual(to.map((mobile) => `${mobile}:${smsTemplate(template)}`).sort());
        expect(sent.filter((m) => isOurs(m.params.accident)).every((m) => m.at === dueAt)).toBe(true);
        const after = expectAccidentView(await api("GET", `/v1/accidents/${id}`, { token: county }));
        expect((await storedPlan(stack, id)).firedSteps).toContain(step);
        expect(after.upcoming).toEqual(before.upcoming.slice(1));
      }
    }

    // 2026-01-05: the case is opened and its investigation extended by 10 days, to 2026-03-15 15:30.
    const opened = await openCase({
      occurredAt: "2026-01-04T15:30:00+08:00",
      level: "larger",
      deaths: 3,
      summary: "脚手架坍塌，三人死亡两人受伤",
    });
    const extended = expectAccidentView(
      await api("POST", `/v1/accidents/${opened.id}/investigation-extension`, {
        token: county,
        body: { days: 10, approvedBy: "保山市人民政府" },
      }),
    );
    const other = await openCase(
      {
        jurisdiction: "530521",
        enterpriseCreditCode: E1.creditCode,
        occurredAt: "2026-01-03T08:00:00+08:00",
      },
      OTHER_COUNTY,
    );
    // Due by the end of the due day in Shanghai, whatever the accident's time of day (15:30).
    expect([opened.investigationDueDate, opened.investigationDueAt]).toEqual([
      "2026-03-05",
      utc("2026-03-06T00:00:00+08:00"),
    ]);
    expect([extended.investigationDueDate, extended.investigationDueAt]).toEqual([
      "2026-03-15",
      utc("2026-03-16T00:00:00+08:00"),
    ]);
    expect(extended.upcoming.map((u: Json) => [u.step, u.dueAt])).toEqual([
      ["investigation-7", utc("2026-03-08T09:00:00+08:00")],
      ["investigation-1", utc("2026-03-14T09:00:00+08:00")],
      ["investigation-overdue", utc("2026-03-16T09:00:00+08:00")],
    ]);

    // The first plan's steps (26 February, 4 and 6 March) are stale: only the extended plan's fire.
    await walk(opened.id, ["investigation-7", "investigation-1", "investigation-overdue"]);
    const overdue = expectAccidentView(await api("GET", `/v1/accidents/${opened.id}`, { token: county }));
    expect(overdue).toMatchObject({
      overdue: true,
      overdueSince: utc("2026-03-16T09:00:00+08:00"),
      upcoming: [],
    });

    // 2026-03-20: the report is submitted at 09:00 and approved (closed) at 10:00; the evaluation window opens
    // 10 months later and is due at 12, whole Shanghai days.
    await advanceTo(api, "2026-03-20T10:00:00+08:00");
    for (const [id, by, submittedAt] of [
      [opened.id, county, "2026-03-20T09:00:00+08:00"],
      [other.id, await asOfficial(OTHER_COUNTY), "2026-03-01T06:00:00+08:00"],
    ] as const) {
      expectAccidentView(
        await api("POST", `/v1/accidents/${id}/report`, {
          token: by,
          body: { submittedAt, reportNo: "调查报告" },
        }),
      );
    }
    const closed = expectAccidentView(
      await api("POST", `/v1/accidents/${opened.id}/closure`, {
        token: county,
        body: { closedAt: "2026-03-20T10:00:00+08:00", reportNo: "保调〔2026〕7号" },
      }),
    );
    // Closed at 07:00 Shanghai on 1 March (still 28 February in UTC): 1 January and 1 March 2027, Shanghai.
    const otherClosed = expectAccidentView(
      await api("POST", `/v1/accidents/${other.id}/closure`, {
        token: await asOfficial(OTHER_COUNTY),
        body: { closedAt: "2026-03-01T07:00:00+08:00", reportNo: "施调〔2026〕2号" },
      }),
    );
    const closedRetry = await api("POST", `/v1/accidents/${opened.id}/closure`, {
      token: county,
      body: { closedAt: "2026-03-20T10:00:00+08:00", reportNo: "保调〔2026〕7号" },
    });
    const closedAgain = await api("POST", `/v1/accidents/${opened.id}/closure`, {
      token: county,
      body: { closedAt: "2026-03-20T10:00:00+08:00", reportNo: "保调〔2026〕8号" },
    });
    expect(closed).toMatchObject({
      status: "closed",
      overdue: false,
      closure: { closedAt: utc("2026-03-20T10:00:00+08:00"), reportNo: "保调〔2026〕7号" },
      evaluation: {
        opensDate: "2027-01-20",
        opensAt: utc("2027-01-20T00:00:00+08:00"),
        dueDate: "2027-03-20",
        dueAt: utc("2027-03-21T00:00:00+08:00"),
      },
    });
    expect(closed.overdueSince).toBeUndefined();
    expect(closed.upcoming.map((u: Json) => [u.step, u.dueAt])).toEqual([
      ["evaluation-open", utc("2027-01-20T09:00:00+08:00")],
      ["evaluation-30", utc("2027-02-18T09:00:00+08:00")],
      ["evaluation-7", utc("2027-03-13T09:00:00+08:00")],
      ["evaluation-overdue", utc("2027-03-21T09:00:00+08:00")],
    ]);
    expect(otherClosed.evaluation).toEqual({
      opensDate: "2027-01-01",
      opensAt: utc("2027-01-01T00:00:00+08:00"),
      dueDate: "2027-03-01",
      dueAt: utc("2027-03-02T00:00:00+08:00"),
    });
    // The same closure again is a client's retry and answers the closed case; another closure is a conflict.
    expect(closedRetry.status, closedRetry.text).toBe(200);
    expect(closedRetry.body.status).toBe("closed");
    expectError(closedAgain, 409, "conflict");

    // Through the turn of the year to the evaluation window and past its due date.
    await walk(opened.id, ["evaluation-open", "evaluation-30", "evaluation-7", "evaluation-overdue"]);
    const late = expectAccidentView(await api("GET", `/v1/accidents/${opened.id}`, { token: county }));
    expect(late).toMatchObject({
      status: "closed",
      overdue: true,
      overdueSince: utc("2027-03-21T09:00:00+08:00"),
    });

    // 2027-03-22: the evaluation is recorded and filed with the city 安委办 (备案).
    await advanceTo(api, "2027-03-22T10:00:00+08:00");
    const evaluated = expectAccidentView(
      await api("POST", `/v1/accidents/${opened.id}/evaluation`, {
        token: county,
        body: {
          completedAt: "2027-03-22T09:00:00+08:00",
          reportNo: "隆评〔2027〕3号",
          findings: "整改措施全部落实，防范措施有效",
        },
      }),
    );
    const filed = newSms();
    const cityOutbox = await api("GET", `/v1/notifications?recipient=${CITY_ANWEIBAN.mobile}`, {
      token: await asOfficial(CITY_ANWEIBAN),
    });
    const evaluatedList = await listAll(
      api,
      "/v1/accidents",
      { jurisdiction: "530502", status: "evaluated" },
      county,
    );
    await advanceTo(api, "2027-06-01T10:00:00+08:00");

    expect(evaluated).toMatchObject({
      status: "evaluated",
      overdue: false,
      upcoming: [],
      evaluationDone: {
        completedAt: utc("2027-03-22T09:00:00+08:00"),
        reportNo: "隆评〔2027〕3号",
        findings: "整改措施全部落实，防范措施有效",
      },
    });
    expect(ours(filed)).toEqual([`${CITY_ANWEIBAN.mobile}:${smsTemplate("accident-evaluation-filed")}`]);
    expect(cityOutbox.status, cityOutbox.text).toBe(200);
    expect(
      cityOutbox.body.items.filter((m: Json) => m.subject.type === "accident" && m.subject.id === opened.id),
    ).toEqual([
      expect.objectContaining({ template: "accident-evaluation-filed", channel: "sms", status: "sent" }),
    ]);
    expect(evaluatedList.items.map((a: Json) => a.id)).toContain(opened.id);
    expect(newSms().filter((m) => isOurs(m.params.accident))).toEqual([]);
  }, 300_000);
});

describe("the rules of an accident case (条例 第三条, withdrawal)", () => {
  it("a level that does not match the figures is a 422 naming the level they imply", async () => {
    const res = await api("POST", "/v1/accidents", {
      token: await asOfficial(ANWEIBAN),
      body: accidentBody({ level: "general", deaths: 5, summary: "瓦斯爆炸，五人死亡" }),
    });

    expectError(res, 422, "rule_violation");
    expect(res.body.error.message).toContain("应为较大事故");
    expect(res.body.error.fields).toEqual([
      { path: "level", message: expect.stringContaining("应为较大事故") },
    ]);
  });

  it("a case withdrawn by the 安委办 leaves the lists, fires nothing, and keeps its timeline", async () => {
    const county = await asOfficial(ANWEIBAN);
    const now = stack.clock.now().toISOString();
    const occurredAt = new Date(new Date(now).getTime() - 86_400_000).toISOString();
    const opened = await openCase({ occurredAt, summary: "误录：重复登记的同一起事故" });
    const inspector = await asOfficial(officialOf("530502", "inspector"));

    const byInspector = await api("POST", `/v1/accidents/${opened.id}/withdrawal`, {
      token: inspector,
      body: { reason: "重复登记" },
    });
    const withoutReason = await api("POST", `/v1/accidents/${opened.id}/withdrawal`, {
      token: county,
      body: {},
    });
    const withdrawn = expectAccidentView(
      await api("POST", `/v1/accidents/${opened.id}/withdrawal`, {
        token: county,
        body: { reason: "重复登记" },
      }),
    );
    const again = await api("POST", `/v1/accidents/${opened.id}/withdrawal`, {
      token: county,
      body: { reason: "重复登记" },
    });
    await advanceTo(api, new Date(new Date(now).getTime() + 75 * 86_400_000).toISOString());
    const outbox = await listAll(api, "/v1/notifications", { recipient: ANWEIBAN.mobile }, county);
    const after = expectAccidentView(await api("GET", `/v1/accidents/${opened.id}`, { token: county }));
    const listed = await listAll(api, "/v1/accidents", { jurisdiction: "530502" }, county);
    const listedWithdrawn = await listAll(
      api,
      "/v1/accidents",
      { jurisdiction: "530502", status: "withdrawn" },
      county,
    );

    expectError(byInspector, 403, "forbidden");
    expectError(withoutReason, 400, "invalid_input");
    expect(withdrawn).toMatchObject({
      status: "withdrawn",
      upcoming: [],
      withdrawal: { reason: "重复登记" },
    });
    expectError(again, 409, "conflict");
    expect(outbox.items.filter((m: Json) => m.subject.id === opened.id)).toEqual([]);
    expect(after).toMatchObject({ status: "withdrawn", overdue: false });
    expect((await storedPlan(stack, opened.id)).firedSteps).toEqual([]);
    expect(after.timeline.map((t: Json) => t.what)).toEqual(["reported", "withdrawn"]);
    expect(listed.items.map((a: Json) => a.id)).not.toContain(opened.id);
    expect(listedWithdrawn.items.map((a: Json) => a.id)).toContain(opened.id);
  }, 300_000);

  it("a submitted report is approved within 15 days: reminded 3 days before, overdue to the 安委办 and leaders, closed by the approval", async () => {
    const county = await asOfficial(ANWEIBAN);
    const now = stack.clock.now();
    const opened = await openCase({ occurredAt: new Date(now.getTime() - 50 * 86_400_000).toISOString() });
    const submitted = expectAccidentView(
      await api("POST", `/v1/accidents/${opened.id}/report`, {
        token: county,
        body: { submittedAt: now.toISOString(), reportNo: "隆安调〔2027〕9号" },
      }),
    );
    const dueDate = submitted.report.approvalDueDate as string;
    await advanceTo(api, `${dueDate}T12:00:00+08:00`);
    const reminded = await listAll(api, "/v1/notifications", { recipient: ANWEIBAN.mobile }, county);
    await advanceTo(
      api,
      new Date(new Date(`${dueDate}T12:00:00+08:00`).getTime() + 2 * 86_400_000).toISOString(),
    );
    const overdue = expectAccidentView(await api("GET", `/v1/accidents/${opened.id}`, { token: county }));
    const overduePlan = await storedPlan(stack, opened.id);
    const leader = officialOf("530502", "leader");
    const leaderOutbox = await listAll(api, "/v1/notifications", { recipient: leader.mobile }, county);
    const closed = expectAccidentView(
      await api("POST", `/v1/accidents/${opened.id}/closure`, {
        token: county,
        body: { closedAt: stack.clock.now().toISOString(), reportNo: "隆安调〔2027〕9号" },
      }),
    );

    expect(submitted).toMatchObject({
      status: "report_submitted",
      report: { reportNo: "隆安调〔2027〕9号" },
    });
    expect(dueDate).toBe(addDays(shanghaiDateOf(now), 15));
    // The due instant is the exclusive end of the due day in Shanghai.
    expect(new Date(submitted.report.approvalDueAt).getTime()).toBe(
      new Date(`${dueDate}T00:00:00+08:00`).getTime() + 86_400_000,
    );
    expect(submitted.upcoming.map((u: Json) => u.step)).toEqual(["approval-3", "approval-overdue"]);
    expect(
      reminded.items.filter((m: Json) => m.subject.id === opened.id).map((m: Json) => m.template),
    ).toEqual(expect.arrayContaining(["accident-approval-reminder"]));
    expect(overdue).toMatchObject({ status: "report_submitted", overdue: true });
    expect(overduePlan.firedSteps).toEqual(["approval-3", "approval-overdue"]);
    expect(
      leaderOutbox.items.filter((m: Json) => m.subject.id === opened.id).map((m: Json) => m.template),
    ).toContain("accident-approval-overdue");
    expect(closed).toMatchObject({ status: "closed", overdue: false });
  }, 300_000);
});
