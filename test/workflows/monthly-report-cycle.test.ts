import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config, type DubanConfig } from "../../config";
import { type Enterprise, type Official, officialId } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { dispatchTimerId } from "../../functions/domain/notifier";
import type { FilingListing } from "../../functions/domain/ports";
import type { Principal } from "../../functions/domain/principal";
import { createReportService } from "../../functions/domain/report-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import { type Stack, startStack } from "../../local/stack";
import { createTableTimers } from "../../local/timers";

/**
 * Named scenarios of workflows/monthly-report-cycle.asl.json, run by aws-local-stepfunctions with the real
 * handlers on an in-memory stack (stack.runner.run), each on its own stack and virtual clock. The path taken
 * is read from the Task invocations of the run (stack.runner.stats()) and from the execution's output.
 */

const OBLIGATION = "monthly-self-inspection";
const ANY_IN_YUNNAN = "53";

/** 12 enterprises over the five counties of 保山市; the last one has closed and owes nothing. */
const ENTERPRISES: Enterprise[] = generateEnterprises({ count: 12, seed: 3 }).map((e, i) =>
  i === 11 ? { ...e, status: "closed" } : e,
);
const OFFICIALS: Official[] = generateOfficials();
const ACTIVE = ENTERPRISES.filter((e) => e.status === "active");
/** Both enterprises of 腾冲市 (530581) and one 应急管理局 enterprise of 隆阳区 file; the rest do not. */
const FILERS = [ENTERPRISES[0], ENTERPRISES[4], ENTERPRISES[9]] as Enterprise[];
const NON_FILERS = ACTIVE.filter((e) => !FILERS.includes(e));

/** One try plus the retries of PlanPhase's Retry (its MaxAttempts counts retries, as in ASL). */
const PLAN_PHASE_ATTEMPTS = (() => {
  const file = join(import.meta.dirname, "..", "..", "workflows", "monthly-report-cycle.asl.json");
  const definition = JSON.parse(readFileSync(file, "utf8"));
  return 1 + Number(definition.States.PlanPhase.Retry[0].MaxAttempts);
})();

const phaseInput = (phase: "open" | "remind" | "close", scheduledTime: string, reminderDay?: number) => ({
  obligation: OBLIGATION,
  phase,
  scheduledTime,
  ...(reminderDay ? { reminderDay } : {}),
});

/** The cycle's own messages only: the filing receipt (回执) is tested through the API (monthly-report-http). */
const WITHOUT_RECEIPTS: DubanConfig = {
  ...config,
  obligations: config.obligations.map(({ receipt: _receipt, ...o }) => o),
};

async function startScenarioStack(
  now: string,
  options: { config?: DubanConfig; enterprises?: Enterprise[] } = {},
): Promise<Stack> {
  const { enterprises = ENTERPRISES, ...rest } = options;
  const stack = await startStack({
    clock: "virtual",
    now: new Date(now),
    demo: false,
    quiet: true,
    config: WITHOUT_RECEIPTS,
    ...rest,
  });
  // aws-ses-v2-local keeps one store per process: each scenario starts from an empty one.
  await fetch(`${stack.urls.ses}/clear-store`, { method: "POST" });
  await createCatalogueService(stack.deps).load(enterprises, OFFICIALS);
  return stack;
}

/** Runs one execution and returns its output with the Task states it invoked, and how often. */
async function run(stack: Stack, input: Record<string, unknown>) {
  const before = stack.runner.stats().taskInvocations;
  const output = (await stack.runner.run("monthly-report-cycle", input)) as Record<string, unknown>;
  return { output, ran: ranSince(stack, before) };
}

function ranSince(stack: Stack, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stack.runner.stats().taskInvocations)
      .map(([state, n]) => [state, n - (before[state] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

async function filings(stack: Stack, period: string, status: FilingListing) {
  const page = await stack.deps.filings.queryFilings({
    obligation: OBLIGATION,
    period,
    status,
    scopePrefix: ANY_IN_YUNNAN,
    limit: 500,
  });
  return page.items.sort((a, b) => a.creditCode.localeCompare(b.creditCode));
}

async function fileReport(stack: Stack, enterprise: Enterprise, period: string) {
  const principal: Principal = {
    sub: `user-${enterprise.creditCode}`,
    role: "enterprise",
    jurisdiction: enterprise.countyCode,
    enterprise: enterprise.creditCode,
  };
  return createReportService(stack.deps).file(principal, enterprise.creditCode, period, {
    signedBy: enterprise.legalRep.name,
    selfInspections: 2,
    hazardsFound: { general: 1, major: 0 },
    hazardsRectified: { general: 1, major: 0 },
  });
}

/** What aws-ses-v2-local received, one entry per recipient. */
async function emails(stack: Stack): Promise<{ to: string; subject: string }[]> {
  const response = await fetch(`${stack.urls.ses}/store`);
  const store = (await response.json()) as { emails: { destination: { to: string[] }; subject: string }[] };
  return store.emails.flatMap((e) => e.destination.to.map((to) => ({ to, subject: e.subject })));
}

const codes = (items: { creditCode: string }[]) => items.map((i) => i.creditCode).sort();
const sorted = (items: string[]) => [...items].sort();

/** The 安委办 of 保山市 (530500), the city of every county of the scenarios: it gets the city digest. */
const CITY_ANWEIBAN = OFFICIALS.filter((o) => o.role === "anweiban" && o.jurisdictionCode === "530500");
const CITY_DIGEST_SUBJECT = "【督办】保山市2026年6月自查月报各县区报送情况";

/** Inspectors of the department that supervises a non-filer of their county, and the county's 安委办. */
function digestAudience(nonFilers: Enterprise[]): Official[] {
  return OFFICIALS.filter((o) =>
    nonFilers.some(
      (e) =>
        e.countyCode === o.jurisdictionCode &&
        (o.role === "anweiban" || (o.role === "inspector" && o.department === e.supervisingDepartment)),
    ),
  );
}

describe("OpenPhase", () => {
  let stack: Stack;
  const opensAt = "2026-06-01T00:00:00+08:00";

  beforeAll(async () => {
    // The catalogue is loaded in May, so nothing owes the June report before the period opens.
    stack = await startScenarioStack("2026-05-31T20:00:00+08:00");
    await stack.clock.set(new Date(opensAt));
  });
  afterAll(() => stack.stop());

  it("opening June at 00:00 on the 1st writes one owed record per active enterprise and none for a closed one", async () => {
    const before = await filings(stack, "2026-06", "owed");

    const { output, ran } = await run(stack, phaseInput("open", opensAt));

    expect(before).toEqual([]);
    expect(output).toMatchObject({ period: "2026-06", phase: "open" });
    expect(output).not.toHaveProperty("skip");
    expect(ran).toEqual({ PlanPhase: 1, OpenPage: config.store.writeShards });
    const owed = await filings(stack, "2026-06", "owed");
    expect(codes(owed)).toEqual(codes(ACTIVE));
    expect(owed.every((r) => r.status === "missing" && r.versions.length === 0 && !r.overdueAt)).toBe(true);
  });

  it("running the same open phase twice changes nothing", async () => {
    const before = await filings(stack, "2026-06", "owed");

    const { ran } = await run(stack, phaseInput("open", opensAt));

    expect(ran).toEqual({ PlanPhase: 1, OpenPage: config.store.writeShards });
    expect(await filings(stack, "2026-06", "owed")).toEqual(before);
  });
});

describe("RemindPhaseReachesOnlyNonFilers", () => {
  let stack: Stack;
  const remindsAt = "2026-07-03T09:00:00+08:00";

  beforeAll(async () => {
    stack = await startScenarioStack("2026-05-31T20:00:00+08:00");
    await stack.clock.set(new Date("2026-06-01T00:00:00+08:00"));
    await run(stack, phaseInput("open", "2026-06-01T00:00:00+08:00"));
    await stack.clock.set(new Date("2026-07-02T10:00:00+08:00"));
    for (const enterprise of FILERS) await fileReport(stack, enterprise, "2026-06");
    await stack.clock.set(new Date(remindsAt));
  });
  afterAll(() => stack.stop());

  it("the reminder of the 3rd sends one SMS and one email to the info officer and the safety manager of each non-filer, and nothing to filers", async () => {
    const { output, ran } = await run(stack, phaseInput("remind", remindsAt, 3));

    expect(output).toMatchObject({ period: "2026-06", phase: "remind", reminderDay: 3 });
    expect(ran).toEqual({ PlanPhase: 1, RemindPage: config.store.writeShards });
    const sms = stack.sms.list();
    expect(sorted(sms.map((s) => s.to))).toEqual(
      sorted(NON_FILERS.flatMap((e) => [e.infoOfficer.mobile, e.safetyManager.mobile])),
    );
    expect(new Set(sms.map((s) => s.template))).toEqual(new Set(["SMS_DUBAN_REPORT_REMIND"]));
    const mail = await emails(stack);
    expect(sorted(mail.map((m) => m.to))).toEqual(
      sorted(
        NON_FILERS.flatMap((e) =>
          [e.infoOfficer.email, e.safetyManager.email].filter((x) => x !== undefined),
        ),
      ),
    );
    expect(new Set(mail.map((m) => m.subject))).toEqual(new Set(["【督办】请报送2026年6月安全生产自查月报"]));
  });

  it("running the same reminder again sends nothing more", async () => {
    const smsBefore = stack.sms.list().length;
    const mailBefore = (await emails(stack)).length;

    const { ran } = await run(stack, phaseInput("remind", remindsAt, 3));

    expect(ran).toEqual({ PlanPhase: 1, RemindPage: config.store.writeShards });
    expect(stack.sms.list()).toHaveLength(smsBefore);
    expect(await emails(stack)).toHaveLength(mailBefore);
  });
});

describe("ClosePhaseMarksOverdueAndSendsOneDigestPerOfficial", () => {
  let stack: Stack;
  const closesAt = "2026-07-06T00:00:00+08:00";
  const smsReleasedAt = new Date("2026-07-06T08:00:00+08:00").toISOString();
  const audience = digestAudience(NON_FILERS);

  beforeAll(async () => {
    // Started after the last reminder of the 5th, so the scheduler has only the close at 00:00 ahead of it.
    stack = await startScenarioStack("2026-07-05T12:00:00+08:00");
    await run(stack, phaseInput("open", "2026-06-01T00:00:00+08:00"));
    for (const enterprise of FILERS) await fileReport(stack, enterprise, "2026-06");
    await stack.clock.set(new Date(closesAt));
  });
  afterAll(() => stack.stop());

  it("the close at 00:00 on the 6th marks every non-filer overdue and leaves the filers on time", async () => {
    const { output, ran } = await run(stack, phaseInput("close", closesAt));

    expect(output).toMatchObject({ period: "2026-06", phase: "close" });
    expect(output).not.toHaveProperty("skip");
    expect(ran).toEqual({
      PlanPhase: 1,
      ClosePage: config.store.writeShards,
      CountyDigests: new Set(ENTERPRISES.map((e) => e.countyCode)).size,
      CityDigests: 1,
    });
    const missing = await filings(stack, "2026-06", "missing");
    expect(codes(missing)).toEqual(codes(NON_FILERS));
    expect(missing.map((r) => [r.overdueAt, r.missedStreak])).toEqual(
      missing.map(() => [new Date(closesAt).toISOString(), 1]),
    );
    const onTime = await filings(stack, "2026-06", "on_time");
    expect(codes(onTime)).toEqual(codes(FILERS));
    expect(onTime.filter((r) => r.overdueAt)).toEqual([]);
  });

  it("each inspector and 安委办 of a county with non-filers gets exactly one email digest, the city 安委办 one city digest, and no one else anything", async () => {
    const mail = await emails(stack);
    const city = mail.filter((m) => m.subject.startsWith(CITY_DIGEST_SUBJECT));
    const county = mail.filter((m) => !m.subject.startsWith(CITY_DIGEST_SUBJECT));

    expect(audience.length).toBeGreaterThan(0);
    expect(sorted(county.map((m) => m.to))).toEqual(sorted(audience.map((o) => o.email ?? "")));
    expect(county.every((m) => m.subject.startsWith("【督办】2026年6月自查月报汇总"))).toBe(true);
    expect(sorted(city.map((m) => m.to))).toEqual(sorted(CITY_ANWEIBAN.map((o) => o.email ?? "")));
  });

  it("the digest SMS at 00:00 waits in the outbox for 08:00, with a timer set for it", async () => {
    const entries = await Promise.all(
      audience.map((o) => stack.deps.outbox.get(`digest:${OBLIGATION}:2026-06:${officialId(o)}:sms`)),
    );
    const timer = await createTableTimers(stack.db, stack.table).nextDue(smsReleasedAt);

    expect(stack.sms.list()).toEqual([]);
    expect(entries.map((e) => [e?.status, e?.notBefore])).toEqual(
      audience.map(() => ["deferred", smsReleasedAt]),
    );
    expect(timer).toMatchObject({
      id: dispatchTimerId(smsReleasedAt),
      dueAt: smsReleasedAt,
      workflow: "notification-dispatch",
    });
  });

  it("advancing the clock to 08:00 sends each deferred digest SMS once at 08:00, and the scheduled close repeats nothing", async () => {
    const mailBefore = await emails(stack);

    const { fired } = await stack.scheduler.advanceTo(new Date(smsReleasedAt));

    // Other obligations (the progress of listed hazards) close at the same minute; they owe nothing here.
    expect(
      fired
        // Other obligations' phases and the compliance sweep (01:00 after the close) fire on the same night.
        .filter((f) => !f.name.startsWith("major-hazard-progress") && !f.name.startsWith("compliance-sweep"))
        .map((f) => [f.kind, f.name, f.at]),
    ).toEqual([
      ["schedule", `${OBLIGATION}-close`, new Date(closesAt).toISOString()],
      ["timer", dispatchTimerId(smsReleasedAt), smsReleasedAt],
    ]);
    const sms = stack.sms.list();
    const city = sms.filter((s) => s.template === "SMS_DUBAN_REPORT_CITY_DIGEST");
    const county = sms.filter((s) => s.template !== "SMS_DUBAN_REPORT_CITY_DIGEST");
    expect(sorted(county.map((s) => s.to))).toEqual(sorted(audience.map((o) => o.mobile)));
    expect(county.map((s) => [s.template, s.at])).toEqual(
      county.map(() => ["SMS_DUBAN_REPORT_DIGEST", smsReleasedAt]),
    );
    expect(city.map((s) => [s.to, s.at])).toEqual(CITY_ANWEIBAN.map((o) => [o.mobile, smsReleasedAt]));
    expect(await emails(stack)).toEqual(mailBefore);
  });
});

describe("CityDigestSetsTheCountiesSideBySide", () => {
  let stack: Stack;
  const closesAt = "2026-07-06T00:00:00+08:00";
  /** 隆阳区 (530502): three enterprises, one files; 腾冲市 (530581): two enterprises, both file. */
  const twoCounties = ACTIVE.filter((e) => e.countyCode === "530502" || e.countyCode === "530581");
  const office = CITY_ANWEIBAN[0] as Official;
  const cityDigest = (channel: "email" | "sms") =>
    stack.deps.outbox.get(`city-digest:${OBLIGATION}:2026-06:530500:${officialId(office)}:${channel}`);

  beforeAll(async () => {
    stack = await startScenarioStack("2026-07-05T12:00:00+08:00", { enterprises: twoCounties });
    await run(stack, phaseInput("open", "2026-06-01T00:00:00+08:00"));
    for (const enterprise of FILERS) await fileReport(stack, enterprise, "2026-06");
    await stack.clock.set(new Date(closesAt));
  });
  afterAll(() => stack.stop());

  it("the close sends the city 安委办 one digest naming both counties with their figures, ranked, and the city total", async () => {
    expect(twoCounties.map((e) => e.countyCode).sort()).toEqual([
      "530502",
      "530502",
      "530502",
      "530581",
      "530581",
    ]);

    const { ran } = await run(stack, phaseInput("close", closesAt));

    expect(ran).toMatchObject({ CountyDigests: 2, CityDigests: 1 });
    const mail = (await emails(stack)).filter((m) => m.subject.startsWith(CITY_DIGEST_SUBJECT));
    expect(mail).toEqual([{ to: office.email, subject: `${CITY_DIGEST_SUBJECT}：报送率60.0%` }]);
    const email = await cityDigest("email");
    expect(email?.params.countyTable?.split("\n")).toEqual([
      "名次｜县（市、区）｜应报｜已报｜未报｜报送率",
      "1｜腾冲市｜2｜2｜0｜100.0%",
      "2｜隆阳区｜3｜1｜2｜33.3%",
    ]);
    expect(email?.params).toMatchObject({
      city: "保山市",
      active: "5",
      filed: "3",
      missing: "2",
      rate: "60.0%",
    });
    const sms = await cityDigest("sms");
    expect(sms).toMatchObject({ recipient: office.mobile, template: "monthly-report-city-digest" });
  });

  it("a retried close (the same step again) sends no second city digest", async () => {
    const before = (await emails(stack)).length;
    const entry = await cityDigest("email");

    const { ran } = await run(stack, phaseInput("close", closesAt));

    expect(ran).toMatchObject({ CityDigests: 1 });
    expect(await emails(stack)).toHaveLength(before);
    expect(await cityDigest("email")).toEqual(entry);
  });
});

describe("CloseBeforeAMovedDeadlineSetsATimer", () => {
  let stack: Stack;
  // 2026-03 is due on Sunday 5 April, 清明 (holidays 4–6 April): with shiftToWorkingDay it moves to Tuesday 7 April.
  const closesAt = "2026-04-06T00:00:00+08:00";
  const movedDeadline = new Date("2026-04-08T00:00:00+08:00").toISOString();
  const onTimeFiler = ENTERPRISES[0] as Enterprise;
  const nonFilers = ACTIVE.filter((e) => e !== onTimeFiler);

  beforeAll(async () => {
    const shifted = structuredClone(config);
    for (const obligation of shifted.obligations) obligation.due.shiftToWorkingDay = true;
    stack = await startScenarioStack(closesAt, { config: shifted });
    await run(stack, phaseInput("open", "2026-03-01T00:00:00+08:00"));
  });
  afterAll(() => stack.stop());

  it("the close at 00:00 on the 6th is skipped before the moved deadline and sets a timer for it", async () => {
    const { output, ran } = await run(stack, phaseInput("close", closesAt));

    expect(output).toMatchObject({ period: "2026-03", skip: expect.stringContaining(movedDeadline) });
    expect(ran).toEqual({ PlanPhase: 1 });
    expect((await filings(stack, "2026-03", "owed")).filter((r) => r.overdueAt)).toEqual([]);
    const timer = await createTableTimers(stack.db, stack.table).nextDue(movedDeadline);
    expect(timer).toMatchObject({
      id: `close-${OBLIGATION}-2026-03`,
      dueAt: movedDeadline,
      workflow: "monthly-report-cycle",
      phase: "close",
      input: { obligation: OBLIGATION },
    });
  });

  it("a report filed on the 7th, the moved due day, is on time", async () => {
    await stack.clock.set(new Date("2026-04-07T10:00:00+08:00"));

    const receipt = await fileReport(stack, onTimeFiler, "2026-03");

    expect(receipt.status).toBe("on_time");
  });

  it("advancing the clock past the moved deadline fires the timer, which closes the period", async () => {
    const before = stack.runner.stats().taskInvocations;

    const { fired } = await stack.scheduler.advanceTo(new Date("2026-04-08T09:00:00+08:00"));

    const closes = fired.filter((f) => f.phase === "close");
    expect(closes).toEqual([
      expect.objectContaining({ kind: "timer", name: `close-${OBLIGATION}-2026-03`, at: movedDeadline }),
    ]);
    expect(ranSince(stack, before)).toMatchObject({ ClosePage: config.store.writeShards });
    const missing = await filings(stack, "2026-03", "missing");
    expect(codes(missing)).toEqual(codes(nonFilers));
    expect(missing.map((r) => r.overdueAt)).toEqual(missing.map(() => movedDeadline));
  });
});

describe("LastDayReminderBeforeAMovedDueDay", () => {
  let stack: Stack;
  // Same calendar as above: 2026-03 is due on Sunday 5 April (清明), moved to Tuesday 7 April.
  const remindsAt = "2026-04-05T09:00:00+08:00";

  beforeAll(async () => {
    const shifted = structuredClone(config);
    for (const obligation of shifted.obligations) obligation.due.shiftToWorkingDay = true;
    stack = await startScenarioStack("2026-04-05T08:00:00+08:00", { config: shifted });
    await run(stack, phaseInput("open", "2026-03-01T00:00:00+08:00"));
    await stack.clock.set(new Date(remindsAt));
  });
  afterAll(() => stack.stop());

  it("no last-day reminder sent on 5 April tells a non-filer that today is the due day 7 April", async () => {
    await run(stack, phaseInput("remind", remindsAt, 5));

    // The last-day template says "今天（${dueDate}）是…报送截止日": it is true only on the due day itself.
    const wrongDay = stack.sms
      .list()
      .filter((s) => s.template === "SMS_DUBAN_REPORT_LAST_DAY" && s.params.dueDate !== "4月5日")
      .map((s) => `${s.at} ${s.text}`);
    expect(wrongDay).toEqual([]);
  });
});

describe("UnknownObligationFails", () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startScenarioStack("2026-06-01T00:00:00+08:00");
  });
  afterAll(() => stack.stop());

  it("an unknown obligation fails the execution in PlanPhase after its retries, naming the obligation", async () => {
    const before = stack.runner.stats().taskInvocations;

    const execution = stack.runner.run("monthly-report-cycle", {
      obligation: "five-year-safety-plan",
      phase: "open",
      scheduledTime: "2026-06-01T00:00:00+08:00",
    });

    await expect(execution).rejects.toThrow(/unknown obligation "five-year-safety-plan"/);
    expect(ranSince(stack, before)).toEqual({ PlanPhase: PLAN_PHASE_ATTEMPTS });
  });
});

describe("MissedMonthsCountedExactly", () => {
  let stack: Stack;
  /** The 安委办's digest email of the last close: its body, for the run it prints. */
  const anweibanDigest = async (county: string) => {
    const office = OFFICIALS.find((o) => o.role === "anweiban" && o.jurisdictionCode === county) as Official;
    const store = (await (await fetch(`${stack.urls.ses}/store`)).json()) as {
      emails: { destination: { to: string[] }; body: { text?: string; html?: string } }[];
    };
    const mail = store.emails.find((e) => e.destination.to.includes(office.email ?? ""));
    return mail?.body.text ?? mail?.body.html ?? "";
  };

  beforeAll(async () => {
    stack = await startScenarioStack("2025-12-31T20:00:00+08:00");
  });
  afterAll(() => stack.stop());

  it("an enterprise that never files has missed 1, 3, 4 and 12 months in a row after those closes, and the 安委办's digest says so", async () => {
    const nonFiler = NON_FILERS[0] as Enterprise;
    const seen: Record<number, { streak: number | undefined; digest: string }> = {};
    const label = (m: number) =>
      `${2026 + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, "0")}`;
    // Month m opens on its 1st; the month before closes on its 6th, as the schedules do.
    for (let m = 1; m <= 13; m++) {
      if (m <= 12) {
        const opens = `${label(m)}-01T00:00:00+08:00`;
        await stack.clock.set(new Date(opens));
        await run(stack, phaseInput("open", opens));
      }
      if (m === 1) continue;
      const closes = `${label(m)}-06T00:00:00+08:00`;
      await stack.clock.set(new Date(closes));
      await fetch(`${stack.urls.ses}/clear-store`, { method: "POST" });
      await run(stack, phaseInput("close", closes));
      const record = await stack.deps.filings.getFiling(nonFiler.creditCode, OBLIGATION, label(m - 1));
      seen[m - 1] = { streak: record?.missedStreak, digest: await anweibanDigest(nonFiler.countyCode) };
    }

    expect([1, 3, 4, 12].map((n) => seen[n]?.streak)).toEqual([1, 3, 4, 12]);
    // The 安委办's digest lines naming the enterprise: tracked (跟踪督查) from the third month on, with the run.
    const lines = (n: number) =>
      (seen[n]?.digest ?? "").split("\n").filter((line) => line.includes(nonFiler.creditCode));
    expect(lines(1).join("\n")).not.toMatch(/连续\d+个月未报/);
    for (const n of [3, 4, 12]) {
      expect(lines(n).length).toBeGreaterThan(0);
      expect(lines(n).every((line) => line.endsWith(`连续${n}个月未报`))).toBe(true);
    }
  }, 240_000);
});
