import { StateMachine } from "aws-local-stepfunctions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import type { Accident } from "../../functions/domain/accident";
import { createAccidentService } from "../../functions/domain/accident-service";
import { type Enterprise, type Official, officialId } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import type { Hazard } from "../../functions/domain/hazard";
import { createHazardService } from "../../functions/domain/hazard-service";
import type { FilingListing, FilingRecord } from "../../functions/domain/ports";
import type { Principal } from "../../functions/domain/principal";
import { ladderTimerId, type Upcoming } from "../../functions/domain/supervision";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import { type Stack, startStack } from "../../local/stack";
import { createTableTimers } from "../../local/timers";

/**
 * Named scenarios of workflows/major-hazard-supervision.asl.json and workflows/accident-case.asl.json (and
 * of the progress obligation of listed hazards on workflows/monthly-report-cycle.asl.json), run by
 * aws-local-stepfunctions with the real handlers on an in-memory stack, each on its own stack and virtual
 * clock. Subjects are made through the domain services in-process; timers fire by advancing the scheduler.
 *
 * The path an execution took is read from aws-local-stepfunctions' own event log: `run` is wrapped below so
 * that every execution's StateEntered events are recorded next to its input. The wrapper only listens; the
 * execution, its handlers and its result are the runner's.
 */

type Trace = {
  input: unknown;
  states: string[];
  failed?: { error: string; cause: unknown };
  done: Promise<void>;
};
const traces: Trace[] = [];
const originalRun = StateMachine.prototype.run;

beforeAll(() => {
  StateMachine.prototype.run = function tracedRun(
    this: StateMachine,
    ...args: Parameters<StateMachine["run"]>
  ) {
    const execution = originalRun.apply(this, args);
    const trace: Trace = { input: args[0], states: [], done: Promise.resolve() };
    trace.done = (async () => {
      try {
        for await (const event of execution.eventLogs) {
          if (event.type === "StateEntered") trace.states.push(event.state.name);
          if (event.type === "ExecutionFailed") trace.failed = { error: event.Error, cause: event.Cause };
        }
      } catch {
        // A failed execution may end its event log by throwing; what was recorded stays.
      }
    })();
    traces.push(trace);
    return execution;
  };
});
afterAll(() => {
  StateMachine.prototype.run = originalRun;
});

/** The recorded execution whose input satisfies `match` (the latest one, if several). */
async function traceOf(match: (input: Record<string, unknown>) => boolean): Promise<Trace> {
  const found = traces.filter((t) => match(t.input as Record<string, unknown>)).at(-1);
  if (!found) throw new Error("no execution with such an input was recorded");
  await found.done;
  return found;
}

const FIRED_PATH = ["RouteByPhase", "LadderStep", "StepOutcome", "StepFired"];
const STALE_PATH = ["RouteByPhase", "LadderStep", "StepOutcome", "StaleTimer"];

// ---------------------------------------------------------------------------------------------------------
// The catalogue: six enterprises over the five counties of 保山市, and the demo officials
// ---------------------------------------------------------------------------------------------------------

const ENTERPRISES: Enterprise[] = generateEnterprises({ count: 6, seed: 3 });
const OFFICIALS: Official[] = generateOfficials();

function enterprise(i: number): Enterprise {
  const e = ENTERPRISES[i];
  if (!e) throw new Error(`no enterprise ${i}`);
  return e;
}
/** 隆阳区 (530502): a coal mine supervised by 应急管理局, and a builder supervised by 住房和城乡建设局. */
const MINE = enterprise(0);
const BUILDER = enterprise(5);
/** 施甸县 (530521). */
const QUARRY = enterprise(1);
const COUNTY = "530502";
const DEPARTMENT = "应急管理局";

function officialsOf(jurisdiction: string, role: Official["role"], department?: string): Official[] {
  return OFFICIALS.filter(
    (o) =>
      o.jurisdictionCode === jurisdiction &&
      o.role === role &&
      (department === undefined || o.department === department),
  );
}

function official(jurisdiction: string, role: Official["role"], department?: string): Principal {
  const found = officialsOf(jurisdiction, role, department)[0];
  if (!found) throw new Error(`no ${role} in ${jurisdiction}`);
  return { sub: officialId(found), role, jurisdiction };
}

const userOf = (e: Enterprise): Principal => ({
  sub: `user-${e.creditCode}`,
  role: "enterprise",
  jurisdiction: e.countyCode,
  enterprise: e.creditCode,
});

const INSPECTOR = official(COUNTY, "inspector", DEPARTMENT);
const ANWEIBAN = official(COUNTY, "anweiban");

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

async function startScenarioStack(now: string): Promise<Stack> {
  const stack = await startStack({ clock: "virtual", now: new Date(now), demo: false, quiet: true });
  // aws-ses-v2-local keeps one store per process: each scenario starts from an empty one.
  await fetch(`${stack.urls.ses}/clear-store`, { method: "POST" });
  await createCatalogueService(stack.deps).load(ENTERPRISES, OFFICIALS);
  return stack;
}

function planBody(deadline: string) {
  return {
    objectives: "消除隐患",
    measures: "清理塌方体，钢拱架支护，衬砌加固",
    responsible: { name: "赵建国", mobile: "13800001111" },
    funds: { amountYuan: 1_200_000, source: "企业自筹" },
    deadline,
    safetyMeasures: "汛期限制库水位，设专人巡查",
    contingencyPlan: "专项应急预案（2026版）",
  };
}

/** Registers a major hazard, sets its plan and, unless told otherwise, lists it at county level. */
async function majorHazard(
  stack: Stack,
  e: Enterprise,
  title: string,
  deadline: string,
  options: { list?: boolean; department?: string } = {},
): Promise<Hazard & { upcoming: Upcoming[] }> {
  const hazards = createHazardService(stack.deps);
  const registered = await hazards.register(userOf(e), e.creditCode, {
    level: "major",
    title,
    description: "检查发现的重大事故隐患",
    foundAt: new Date(stack.clock.now().getTime() - 3_600_000).toISOString(),
    source: "department_inspection",
  });
  const planned = await hazards.plan(userOf(e), registered.id, planBody(deadline));
  if (options.list === false) return planned;
  const inspector = official(e.countyCode, "inspector");
  return hazards.list(inspector, registered.id, {
    level: "county",
    department: options.department ?? e.supervisingDepartment,
    documentNo: "隆应急督〔2026〕12号",
  });
}

async function hazardNow(stack: Stack, id: string) {
  return createHazardService(stack.deps).get(INSPECTOR, id);
}

/** What a ladder timer hands the workflow (the timer's input plus what the scheduler adds). */
function timerInput(
  kind: "hazard" | "accident",
  id: string,
  version: number,
  ladder: string,
  step: string,
  scheduledTime: string,
) {
  return {
    kind,
    id,
    version,
    ladder,
    step,
    phase: "ladder-step",
    timerId: ladderTimerId(kind, id, version, step),
    scheduledTime,
  };
}

function dueOf(subject: { upcoming: Upcoming[] }, step: string): string {
  const found = subject.upcoming.find((u) => u.step === step);
  if (!found) throw new Error(`step ${step} is not upcoming`);
  return found.dueAt;
}

/** Runs one execution; returns its output, the states it entered and the Task invocations it made. */
async function run(stack: Stack, workflow: string, input: Record<string, unknown>) {
  const before = stack.runner.stats().taskInvocations;
  const output = (await stack.runner.run(workflow, input)) as Record<string, unknown>;
  const trace = await traceOf((i) => i === input);
  return { output, states: trace.states, ran: ranSince(stack, before) };
}

function ranSince(stack: Stack, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stack.runner.stats().taskInvocations)
      .map(([state, n]) => [state, n - (before[state] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

type Email = { to: string; subject: string; body: string };

/** What aws-ses-v2-local received, one entry per recipient. */
async function emails(stack: Stack): Promise<Email[]> {
  const response = await fetch(`${stack.urls.ses}/store`);
  const store = (await response.json()) as {
    emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[];
  };
  return store.emails.flatMap((e) =>
    e.destination.to.map((to) => ({ to, subject: e.subject, body: e.body.text ?? "" })),
  );
}

/** Everything sent so far, SMS and email, as `channel:recipient:template-or-subject` lines. */
async function sentSoFar(stack: Stack): Promise<string[]> {
  return [
    ...stack.sms.list().map((s) => `sms:${s.to}:${s.template}`),
    ...(await emails(stack)).map((m) => `email:${m.to}:${m.subject}`),
  ];
}

function smsTemplate(name: string): string {
  const id = config.templates[name]?.sms?.templateId;
  if (!id) throw new Error(`template ${name} has no SMS form`);
  return id;
}

const sorted = (items: (string | undefined)[]) => [...items].map(String).sort();
const at = (shanghai: string) => new Date(shanghai).toISOString();

// ---------------------------------------------------------------------------------------------------------
// major-hazard-supervision
// ---------------------------------------------------------------------------------------------------------

describe("StepFired", () => {
  let stack: Stack;
  let hazard: Hazard & { upcoming: Upcoming[] };
  const title = "尾矿库排洪隧洞局部坍塌";
  const reminderAt = at("2026-11-20T09:00:00+08:00");
  const inspectors = officialsOf(COUNTY, "inspector", DEPARTMENT);

  beforeAll(async () => {
    stack = await startScenarioStack("2026-11-02T10:00:00+08:00");
    hazard = await majorHazard(stack, MINE, title, "2026-12-20");
  });
  afterAll(() => stack.stop());

  it("listing plans the ladder as version 1 and stores the reminder-30 timer for 09:00 on 20 November, 30 days before the deadline", async () => {
    const timer = await createTableTimers(stack.db, stack.table).nextDue(reminderAt);

    expect(hazard.planVersion).toBe(1);
    expect(dueOf(hazard, "reminder-30")).toBe(reminderAt);
    expect(timer).toEqual({
      id: `hazard-${hazard.id}-v1-reminder-30`,
      dueAt: reminderAt,
      workflow: "major-hazard-supervision",
      phase: "ladder-step",
      input: { kind: "hazard", id: hazard.id, version: 1, ladder: "majorHazard", step: "reminder-30" },
    });
  });

  it("advancing the clock to 20 November 09:00 fires the timer, whose execution goes RouteByPhase → LadderStep → StepOutcome → StepFired", async () => {
    const timerId = ladderTimerId("hazard", hazard.id, 1, "reminder-30");

    const { fired } = await stack.scheduler.advanceTo(new Date(reminderAt));

    // The ladder's timers (October's close on the way sends digests, whose deferred SMS have their own).
    const ladderTimers = fired.filter((f) => f.kind === "timer" && f.workflow === "major-hazard-supervision");
    expect(ladderTimers).toEqual([
      {
        kind: "timer",
        name: timerId,
        at: reminderAt,
        workflow: "major-hazard-supervision",
        phase: "ladder-step",
      },
    ]);
    const trace = await traceOf((input) => input.timerId === timerId);
    expect(trace.states).toEqual(FIRED_PATH);
    expect(trace.input).toEqual(timerInput("hazard", hazard.id, 1, "majorHazard", "reminder-30", reminderAt));
  });

  it("the hazard records the step in firedSteps and its timeline, and no longer shows it as upcoming", async () => {
    const now = await hazardNow(stack, hazard.id);

    expect(now.firedSteps).toEqual(["reminder-30"]);
    expect(now.timeline.at(-1)).toMatchObject({
      at: reminderAt,
      actor: { sub: "duban", role: "system" },
      what: "ladder step reminder-30",
      details: { template: "major-hazard-reminder", recipients: 2 + inspectors.length },
    });
    expect(now.upcoming.map((u) => u.step)[0]).toBe("reminder-7");
    expect(now.planVersion).toBe(1);
  });

  it("the legal representative, the safety manager and the listing department's inspectors get the SMS; all but the legal representative, who has no email on file, get the email", async () => {
    const sms = stack.sms.list().filter((s) => s.template === smsTemplate("major-hazard-reminder"));
    const mail = (await emails(stack)).filter((m) =>
      m.subject.startsWith("【督办】重大隐患治理期限还有30天"),
    );

    expect(sorted(sms.map((s) => s.to))).toEqual(
      sorted([MINE.legalRep.mobile, MINE.safetyManager.mobile, ...inspectors.map((o) => o.mobile)]),
    );
    expect(sms.map((s) => [s.params.hazard, s.params.days, s.at])).toEqual(
      sms.map(() => [title, "30", reminderAt]),
    );
    expect(sorted(mail.map((m) => m.to))).toEqual(
      sorted([MINE.safetyManager.email, ...inspectors.map((o) => o.email)]),
    );
    expect(mail.every((m) => m.subject === `【督办】重大隐患治理期限还有30天：${title}`)).toBe(true);
    expect(mail.every((m) => m.body.includes(`（编号${hazard.id}，`))).toBe(true);
  });
});

describe("StaleTimerAfterExtension", () => {
  let stack: Stack;
  let hazard: Hazard & { upcoming: Upcoming[] };
  let extended: Hazard & { upcoming: Upcoming[] };
  const oldReminderAt = at("2026-11-20T09:00:00+08:00");

  beforeAll(async () => {
    stack = await startScenarioStack("2026-11-02T10:00:00+08:00");
    hazard = await majorHazard(stack, MINE, "主井提升机制动系统失效", "2026-12-20");
    const hazards = createHazardService(stack.deps);
    await hazards.requestExtension(userOf(MINE), hazard.id, {
      newDeadline: "2027-01-31",
      reason: "钢拱架到货延期",
    });
    extended = await hazards.decideExtension(INSPECTOR, hazard.id, 1, { approved: true, note: "同意延期" });
  });
  afterAll(() => stack.stop());

  it("an approved extension moves the deadline, bumps planVersion to 2 and plans the ladder again from the new deadline", () => {
    expect([hazard.planVersion, extended.planVersion]).toEqual([1, 2]);
    expect(extended.deadline).toBe("2027-01-31");
    expect(dueOf(extended, "reminder-30")).toBe(at("2027-01-01T09:00:00+08:00"));
  });

  it("the version 1 reminder-30 timer ends in StaleTimer and sends nothing", async () => {
    const sentBefore = await sentSoFar(stack);
    const input = timerInput("hazard", hazard.id, 1, "majorHazard", "reminder-30", oldReminderAt);

    const { output, states, ran } = await run(stack, "major-hazard-supervision", input);

    expect(states).toEqual(STALE_PATH);
    expect(output).toEqual({ outcome: "stale", reason: "plan version 2, timer of version 1" });
    expect(ran).toEqual({ LadderStep: 1 });
    expect(await sentSoFar(stack)).toEqual(sentBefore);
    const now = await hazardNow(stack, hazard.id);
    expect([now.firedSteps, now.rev, now.timeline.length]).toEqual([
      [],
      extended.rev,
      extended.timeline.length,
    ]);
  });

  it("advancing the clock past the old due time fires the version 1 timer, which sends no reminder", async () => {
    const timerId = ladderTimerId("hazard", hazard.id, 1, "reminder-30");

    const { fired } = await stack.scheduler.advanceTo(new Date(oldReminderAt));

    const names = fired
      .filter((f) => f.kind === "timer" && f.workflow === "major-hazard-supervision")
      .map((f) => f.name);
    expect(names.filter((n) => !n.includes("-x1-"))).toEqual([timerId]);
    // The request's own undecided-reminders fire too and find it decided: inert, nothing sent.
    expect(names.filter((n) => n.includes("-x1-"))).toEqual([
      `hazard-${hazard.id}-x1-undecided-3`,
      `hazard-${hazard.id}-x1-undecided-5`,
    ]);
    expect(
      stack.sms.list().filter((s) => s.template === smsTemplate("extension-undecided-reminder")),
    ).toEqual([]);
    expect((await traceOf((input) => input.timerId === timerId)).states).toEqual(STALE_PATH);
    expect(stack.sms.list().filter((s) => s.template === smsTemplate("major-hazard-reminder"))).toEqual([]);
    expect((await hazardNow(stack, hazard.id)).firedSteps).toEqual([]);
  });
});

describe("StaleTimerAfterDelisting", () => {
  let stack: Stack;
  let hazard: Hazard & { upcoming: Upcoming[] };
  let delisted: Hazard & { upcoming: Upcoming[] };

  beforeAll(async () => {
    stack = await startScenarioStack("2026-11-02T10:00:00+08:00");
    hazard = await majorHazard(stack, MINE, "瓦斯抽采系统能力不足", "2026-12-20");
    const hazards = createHazardService(stack.deps);
    await hazards.recordEvaluation(userOf(MINE), hazard.id, {
      agency: "云南安科安全评价有限公司",
      agencyLicenseNo: "APJ-(滇)-008",
      conclusion: "pass",
      reportNo: "安科评〔2026〕88号",
      evaluatedAt: "2026-11-02T09:00:00+08:00",
    });
    await hazards.requestAcceptance(userOf(MINE), hazard.id);
    delisted = await hazards.recordAcceptance(INSPECTOR, hazard.id, {
      result: "passed",
      inspectedAt: "2026-11-02T10:00:00+08:00",
      note: "现场复查合格，予以销号",
    });
  });
  afterAll(() => stack.stop());

  it("delisting leaves the hazard at plan version 3 (listed, acceptance requested, delisted) with nothing upcoming", () => {
    expect([delisted.status, delisted.planVersion, delisted.upcoming]).toEqual(["delisted", 3, []]);
  });

  it("a timer of the listing's major-hazard ladder (version 1) ends in StaleTimer and sends nothing", async () => {
    const sentBefore = await sentSoFar(stack);
    const input = timerInput(
      "hazard",
      hazard.id,
      1,
      "majorHazard",
      "reminder-30",
      dueOf(hazard, "reminder-30"),
    );

    const { output, states } = await run(stack, "major-hazard-supervision", input);

    expect(states).toEqual(STALE_PATH);
    expect(output).toEqual({ outcome: "stale", reason: "plan version 3, timer of version 1" });
    expect(await sentSoFar(stack)).toEqual(sentBefore);
  });

  it("a timer of the acceptance ladder (version 2) ends in StaleTimer and sends nothing", async () => {
    const sentBefore = await sentSoFar(stack);
    const input = timerInput(
      "hazard",
      hazard.id,
      2,
      "acceptance",
      "acceptance-overdue",
      at("2026-11-13T09:00:00+08:00"),
    );

    const { output, states } = await run(stack, "major-hazard-supervision", input);

    expect(states).toEqual(STALE_PATH);
    expect(output).toMatchObject({ outcome: "stale" });
    expect(await sentSoFar(stack)).toEqual(sentBefore);
  });

  it("a timer of the current version naming a ladder no longer in force ends in StaleTimer too", async () => {
    const input = timerInput(
      "hazard",
      hazard.id,
      3,
      "majorHazard",
      "reminder-7",
      at("2026-12-13T09:00:00+08:00"),
    );

    const { output, states } = await run(stack, "major-hazard-supervision", input);

    expect(states).toEqual(STALE_PATH);
    expect(output).toEqual({ outcome: "stale", reason: "step majorHazard/reminder-7 is not in force" });
    const now = await hazardNow(stack, hazard.id);
    expect([now.status, now.firedSteps, now.rev]).toEqual(["delisted", [], delisted.rev]);
  });
});

describe("OverdueStepSetsTheFlag", () => {
  let stack: Stack;
  let hazard: Hazard & { upcoming: Upcoming[] };
  const overdueAt = at("2026-11-11T09:00:00+08:00");

  beforeAll(async () => {
    // Listed eight days before its deadline: no 30-day reminder is planned, the 7-day one is tomorrow.
    stack = await startScenarioStack("2026-11-02T10:00:00+08:00");
    hazard = await majorHazard(stack, MINE, "炸药库防雷设施失效", "2026-11-10");
  });
  afterAll(() => stack.stop());

  it("a hazard listed eight days before its deadline has no 30-day reminder planned", () => {
    expect(hazard.upcoming.map((u) => u.step)).toEqual([
      "reminder-7",
      "reminder-1",
      "overdue",
      "escalate-1",
      "escalate-2",
      "escalate-3",
    ]);
  });

  it("until 09:00 the day after the deadline the reminders fire and the hazard is not overdue", async () => {
    await stack.scheduler.advanceTo(new Date("2026-11-11T08:59:00+08:00"));

    const now = await hazardNow(stack, hazard.id);

    expect(now.firedSteps).toEqual(["reminder-7", "reminder-1"]);
    expect(now.overdue).toBe(false);
    expect(now).not.toHaveProperty("overdueSince");
  });

  it("the overdue step at 09:00 the day after the deadline sets overdue and overdueSince", async () => {
    const timerId = ladderTimerId("hazard", hazard.id, 1, "overdue");

    await stack.scheduler.advanceTo(new Date(overdueAt));

    expect((await traceOf((input) => input.timerId === timerId)).states).toEqual(FIRED_PATH);
    const now = await hazardNow(stack, hazard.id);
    expect([now.overdue, now.overdueSince]).toEqual([true, overdueAt]);
    expect(now.timeline.at(-1)).toMatchObject({ at: overdueAt, what: "ladder step overdue" });
    expect(
      sorted(
        stack.sms
          .list()
          .filter((s) => s.template === smsTemplate("major-hazard-overdue"))
          .map((s) => s.to),
      ),
    ).toEqual(
      sorted([
        MINE.legalRep.mobile,
        MINE.safetyManager.mobile,
        ...officialsOf(COUNTY, "inspector", DEPARTMENT).map((o) => o.mobile),
      ]),
    );
  });

  it("officials find it among the overdue hazards of their county", async () => {
    const page = await createHazardService(stack.deps).query(ANWEIBAN, { overdue: true, limit: 10 });

    expect(page.items.map((h) => h.id)).toEqual([hazard.id]);
  });

  it("escalate-1 three days after the deadline reaches the county 安委办 and keeps overdueSince", async () => {
    await stack.scheduler.advanceTo(new Date("2026-11-13T09:00:00+08:00"));

    const now = await hazardNow(stack, hazard.id);
    const escalations = stack.sms.list().filter((s) => s.template === smsTemplate("major-hazard-escalation"));

    expect(now.firedSteps).toEqual(["reminder-7", "reminder-1", "overdue", "escalate-1"]);
    expect(now.overdueSince).toBe(overdueAt);
    expect(escalations.map((s) => [s.to, s.params.days])).toEqual(
      officialsOf(COUNTY, "anweiban").map((o) => [o.mobile, "3"]),
    );
  });
});

describe("TimerDeliveredTwiceSendsOnce", () => {
  let stack: Stack;
  let hazard: Hazard & { upcoming: Upcoming[] };
  const reminderAt = at("2026-11-20T09:00:00+08:00");
  /** Legal representative (SMS only), safety manager (SMS, email), two 应急管理局 inspectors (SMS, email). */
  const expectedMessages = 1 + 2 + 2 * officialsOf(COUNTY, "inspector", DEPARTMENT).length;

  const reminders = async () => [
    ...stack.sms
      .list()
      .filter((s) => s.template === smsTemplate("major-hazard-reminder"))
      .map((s) => `sms:${s.to}`),
    ...(await emails(stack))
      .filter((m) => m.subject.startsWith("【督办】重大隐患治理期限还有30天"))
      .map((m) => `email:${m.to}`),
  ];

  beforeAll(async () => {
    stack = await startScenarioStack("2026-11-02T10:00:00+08:00");
    hazard = await majorHazard(stack, MINE, "液氨储罐区泄漏报警失效", "2026-12-20");
    await stack.clock.set(new Date(reminderAt));
  });
  afterAll(() => stack.stop());

  it("the first delivery sends one message per recipient and channel", async () => {
    const input = timerInput("hazard", hazard.id, 1, "majorHazard", "reminder-30", reminderAt);

    const { output, states } = await run(stack, "major-hazard-supervision", input);

    expect(states).toEqual(FIRED_PATH);
    expect(output).toMatchObject({
      outcome: "fired",
      step: "reminder-30",
      sent: { enqueued: expectedMessages },
    });
    expect(await reminders()).toHaveLength(expectedMessages);
  });

  it("the same timer input delivered again finds every message claimed and sends nothing more", async () => {
    const before = await reminders();
    const input = timerInput("hazard", hazard.id, 1, "majorHazard", "reminder-30", reminderAt);

    const { output } = await run(stack, "major-hazard-supervision", input);

    expect(output).toMatchObject({ sent: { enqueued: 0, duplicates: expectedMessages } });
    const after = await reminders();
    expect(after).toEqual(before);
    expect(new Set(after).size).toBe(after.length);
  });

  it("the scheduler's own delivery of the stored timer afterwards sends nothing more either", async () => {
    const before = await reminders();

    const { fired } = await stack.scheduler.advanceTo(new Date(reminderAt));

    expect(fired.map((f) => f.name)).toContain(ladderTimerId("hazard", hazard.id, 1, "reminder-30"));
    expect(await reminders()).toEqual(before);
  });

  it("the step is recorded once: one entry in firedSteps, one event in the timeline", async () => {
    const now = await hazardNow(stack, hazard.id);

    expect(now.firedSteps).toEqual(["reminder-30"]);
    expect(now.timeline.filter((e) => e.what === "ladder step reminder-30")).toHaveLength(1);
  });
});

describe("UnknownPhaseFails", () => {
  let stack: Stack;
  let hazard: Hazard & { upcoming: Upcoming[] };

  beforeAll(async () => {
    stack = await startScenarioStack("2026-11-02T10:00:00+08:00");
    hazard = await majorHazard(stack, MINE, "井下供电系统漏电保护失效", "2026-12-20");
  });
  afterAll(() => stack.stop());

  /** The timer input of the hazard's reminder-30 with `change` applied; `undefined` removes a field. */
  function inputWith(change: Record<string, unknown>): Record<string, unknown> {
    const base = timerInput(
      "hazard",
      hazard.id,
      1,
      "majorHazard",
      "reminder-30",
      dueOf(hazard, "reminder-30"),
    );
    const input: Record<string, unknown> = { ...base, ...change };
    for (const [field, value] of Object.entries(change)) if (value === undefined) delete input[field];
    return input;
  }

  async function expectUnknownPhase(workflow: string, input: Record<string, unknown>, machineKind: string) {
    const sentBefore = await sentSoFar(stack);
    const before = stack.runner.stats().taskInvocations;

    const execution = stack.runner.run(workflow, input);

    await expect(execution).rejects.toThrow(`this machine runs phase ladder-step of kind ${machineKind}`);
    const trace = await traceOf((i) => i === input);
    expect(trace.states).toEqual(["RouteByPhase", "UnknownPhase"]);
    expect(trace.failed?.error).toBe("UnknownPhase");
    expect(ranSince(stack, before)).toEqual({});
    expect(await sentSoFar(stack)).toEqual(sentBefore);
  }

  it.each([
    ["phase remind", "major-hazard-supervision", { phase: "remind" }, "hazard"],
    ["kind accident on the hazard machine", "major-hazard-supervision", { kind: "accident" }, "hazard"],
    ["kind hazard on the accident machine", "accident-case", {}, "accident"],
  ] as const)(
    "%s fails in the Fail state UnknownPhase without calling LadderStep",
    async (_name, workflow, change, kind) => {
      await expectUnknownPhase(workflow, inputWith(change), kind);
    },
  );

  // Known defect (reported, not fixed here): RouteByPhase compares $.phase and $.kind without checking that they
  // are present, and a Choice rule on a missing path is a States.Runtime error in Step Functions (and in
  // aws-local-stepfunctions), so such an input fails inside RouteByPhase instead of reaching UnknownPhase.
  it.each([
    ["without a phase", { phase: undefined }],
    ["without a kind", { kind: undefined }],
  ] as const)(
    "an input %s fails in the Fail state UnknownPhase too, not with a runtime error in RouteByPhase",
    async (_name, change) => {
      await expectUnknownPhase("major-hazard-supervision", inputWith(change), "hazard");
    },
  );
});

// ---------------------------------------------------------------------------------------------------------
// accident-case
// ---------------------------------------------------------------------------------------------------------

describe("AccidentEvaluationReminder", () => {
  let stack: Stack;
  let closed: Accident & { upcoming: Upcoming[] };
  const closedAt = "2026-11-02T10:00:00+08:00";
  /** Ten months after closing, on the Shanghai date, at the step's 09:00. */
  const opensAt = at("2027-09-02T09:00:00+08:00");

  beforeAll(async () => {
    stack = await startScenarioStack(closedAt);
    const accidents = createAccidentService(stack.deps);
    const reported = await accidents.create(ANWEIBAN, {
      jurisdiction: COUNTY,
      enterpriseCreditCode: MINE.creditCode,
      occurredAt: "2026-10-20T14:30:00+08:00",
      level: "general",
      deaths: 1,
      injuries: 2,
      directLossYuan: 1_500_000,
      summary: "井下运输巷道冒顶，1人死亡2人受伤",
    });
    await accidents.submitReport(ANWEIBAN, reported.id, {
      submittedAt: "2026-11-02T09:00:00+08:00",
      reportNo: "隆安调〔2026〕3号",
    });
    closed = await accidents.close(ANWEIBAN, reported.id, { closedAt, reportNo: "隆安调〔2026〕3号" });
  });
  afterAll(() => stack.stop());

  it("closing the case (after its report) plans the evaluation ladder as version 3, opening on the day ten months after closing", () => {
    expect(closed.planVersion).toBe(3);
    // Whole Shanghai days (the due-instant convention): from the start of the opening day to the end of the due day.
    expect(closed.evaluation).toEqual({
      opensDate: "2027-09-02",
      opensAt: at("2027-09-02T00:00:00+08:00"),
      dueDate: "2027-11-02",
      dueAt: at("2027-11-03T00:00:00+08:00"),
    });
    expect(closed.upcoming.map((u) => [u.step, u.dueAt])).toEqual([
      ["evaluation-open", opensAt],
      ["evaluation-30", at("2027-10-03T09:00:00+08:00")],
      ["evaluation-7", at("2027-10-26T09:00:00+08:00")],
      ["evaluation-overdue", at("2027-11-03T09:00:00+08:00")],
    ]);
  });

  it("advancing ten months fires the evaluation-open timer at 09:00 on 2 September 2027: RouteByPhase → LadderStep → StepOutcome → StepFired", async () => {
    const timerId = ladderTimerId("accident", closed.id, 3, "evaluation-open");

    const { fired } = await stack.scheduler.advanceTo(new Date(opensAt));

    const ladderTimers = fired.filter((f) => f.kind === "timer" && f.workflow === "accident-case");
    expect(ladderTimers.at(-1)).toEqual({
      kind: "timer",
      name: timerId,
      at: opensAt,
      workflow: "accident-case",
      phase: "ladder-step",
    });
    const trace = await traceOf((input) => input.timerId === timerId);
    expect(trace.states).toEqual(FIRED_PATH);
  }, 240_000); // ten months of daily schedules: minutes on a loaded 2-core machine

  it("nothing fired early: the timers of the investigation, planned before the case closed, ended stale", async () => {
    const investigation = traces.filter(
      (t) =>
        typeof (t.input as { timerId?: string }).timerId === "string" &&
        (t.input as { timerId: string }).timerId.startsWith(`accident-${closed.id}-v1-`),
    );
    await Promise.all(investigation.map((t) => t.done));

    expect(investigation.map((t) => (t.input as { step: string }).step)).toEqual([
      "investigation-7",
      "investigation-1",
      "investigation-overdue",
    ]);
    expect(investigation.map((t) => t.states)).toEqual(investigation.map(() => STALE_PATH));
    expect(stack.sms.list().filter((s) => s.template.startsWith("SMS_DUBAN_ACCIDENT_INVESTIGATION"))).toEqual(
      [],
    );
  });

  it("the county 安委办 gets the SMS and the email that the evaluation window is open", async () => {
    const anweiban = officialsOf(COUNTY, "anweiban");

    const sms = stack.sms.list().filter((s) => s.template === smsTemplate("accident-evaluation-open"));
    const mail = (await emails(stack)).filter((m) => m.subject.startsWith("【督办】事故整改评估窗口开启"));

    expect(sms.map((s) => [s.to, s.at, s.params.dueDate])).toEqual(
      anweiban.map((o) => [o.mobile, opensAt, "11月2日"]),
    );
    expect(mail.map((m) => m.to)).toEqual(anweiban.map((o) => o.email));
  });

  it("the case records the step, and the 30-day reminder is next", async () => {
    const now = await createAccidentService(stack.deps).get(ANWEIBAN, closed.id);

    expect(now.firedSteps).toEqual(["evaluation-open"]);
    expect(now.timeline.at(-1)).toMatchObject({ at: opensAt, what: "ladder step evaluation-open" });
    expect(now.upcoming.map((u) => u.step)[0]).toBe("evaluation-30");
  });
});

// ---------------------------------------------------------------------------------------------------------
// The monthly progress of listed major hazards, on monthly-report-cycle
// ---------------------------------------------------------------------------------------------------------

describe("ProgressObligationForListedHazards", () => {
  const OBLIGATION = "major-hazard-progress";
  let stack: Stack;
  /** Two listed hazards of the mine, one of the builder, and one of the quarry that is planned but not listed. */
  let mineA: Hazard;
  let mineB: Hazard;
  let builder: Hazard;
  let notListed: Hazard;

  const phase = (p: "open" | "remind" | "close", scheduledTime: string, reminderDay?: number) => ({
    obligation: OBLIGATION,
    phase: p,
    scheduledTime,
    ...(reminderDay ? { reminderDay } : {}),
  });

  async function records(period: string, status: FilingListing): Promise<FilingRecord[]> {
    const page = await stack.deps.filings.queryFilings({
      obligation: OBLIGATION,
      period,
      status,
      scopePrefix: "53",
      limit: 100,
    });
    return page.items;
  }
  const hazardIds = (items: { hazardId?: string }[]) => sorted(items.map((r) => r.hazardId));

  async function fileProgress(h: Hazard, period: string) {
    return createHazardService(stack.deps).fileProgress(userOf(MINE), h.id, {
      period,
      summary: "钢拱架支护完成六成",
      percentComplete: 60,
      fundsSpentYuan: 700_000,
    });
  }

  beforeAll(async () => {
    stack = await startScenarioStack("2026-11-02T10:00:00+08:00");
    mineA = await majorHazard(stack, MINE, "主斜井皮带机防护缺失", "2027-03-31");
    mineB = await majorHazard(stack, MINE, "采空区未按设计充填", "2027-03-31");
    builder = await majorHazard(stack, BUILDER, "深基坑支护变形超限", "2027-03-31", {
      department: "住房和城乡建设局",
    });
    notListed = await majorHazard(stack, QUARRY, "边坡台阶高度超标", "2027-03-31", { list: false });
  });
  afterAll(() => stack.stop());

  it("opening December creates one owed progress record per listed hazard, naming it, and none for the hazard not listed", async () => {
    await stack.clock.set(new Date("2026-12-01T00:00:00+08:00"));
    const before = await records("2026-12", "owed");

    const { output, ran } = await run(
      stack,
      "monthly-report-cycle",
      phase("open", "2026-12-01T00:00:00+08:00"),
    );

    expect(before).toEqual([]);
    expect(output).toMatchObject({ obligation: OBLIGATION, period: "2026-12", phase: "open" });
    expect(ran).toEqual({ PlanPhase: 1, OpenPage: 1 });
    const owed = await records("2026-12", "owed");
    expect(hazardIds(owed)).toEqual(sorted([mineA.id, mineB.id, builder.id]));
    expect(owed.map((r) => [r.hazardId, r.hazardTitle, r.creditCode])).toEqual(
      expect.arrayContaining([
        [mineA.id, mineA.title, MINE.creditCode],
        [mineB.id, mineB.title, MINE.creditCode],
        [builder.id, builder.title, BUILDER.creditCode],
      ]),
    );
    expect(owed.map((r) => r.hazardId)).not.toContain(notListed.id);
  });

  it("the reminder of 3 December reaches the safety manager and the information officer of the enterprise that has not reported, by SMS and email naming its hazard", async () => {
    await stack.clock.set(new Date("2026-12-02T10:00:00+08:00"));
    await fileProgress(mineA, "2026-11");
    await fileProgress(mineB, "2026-11");
    await stack.clock.set(new Date("2026-12-03T09:00:00+08:00"));

    const { output } = await run(
      stack,
      "monthly-report-cycle",
      phase("remind", "2026-12-03T09:00:00+08:00", 3),
    );

    expect(output).toMatchObject({ period: "2026-11", phase: "remind" });
    const sms = stack.sms.list().filter((s) => s.template === smsTemplate("progress-report-reminder"));
    expect(sorted(sms.map((s) => s.to))).toEqual(
      sorted([BUILDER.safetyManager.mobile, BUILDER.infoOfficer.mobile]),
    );
    const mail = (await emails(stack)).filter(
      (m) => m.subject === "【督办】请报送2026年11月重大隐患治理进展",
    );
    expect(sorted(mail.map((m) => m.to))).toEqual(
      sorted([BUILDER.safetyManager.email, BUILDER.infoOfficer.email]),
    );
    expect(
      mail.every((m) =>
        m.body.includes(`挂牌督办的重大事故隐患“${builder.title}”2026年11月治理进展尚未报送`),
      ),
    ).toBe(true);
  });

  it("the close of 6 December marks the unreported hazard's record overdue and leaves the reported ones on time", async () => {
    const closesAt = "2026-12-06T00:00:00+08:00";
    await stack.clock.set(new Date(closesAt));

    const { output } = await run(stack, "monthly-report-cycle", phase("close", closesAt));

    expect(output).toMatchObject({ period: "2026-11", phase: "close" });
    expect(output).not.toHaveProperty("skip");
    const missing = await records("2026-11", "missing");
    expect(missing.map((r) => [r.hazardId, r.overdueAt, r.missedStreak])).toEqual([
      [builder.id, at(closesAt), 1],
    ]);
    expect(hazardIds(await records("2026-11", "on_time"))).toEqual(sorted([mineA.id, mineB.id]));
  });

  it("a second missed month in a row puts the hazard in the county 安委办's digest, listed for tracking (跟踪督办)", async () => {
    const closesAt = "2027-01-06T00:00:00+08:00";
    await stack.clock.set(new Date("2027-01-02T10:00:00+08:00"));
    await fileProgress(mineA, "2026-12");
    await fileProgress(mineB, "2026-12");
    await stack.clock.set(new Date(closesAt));

    await run(stack, "monthly-report-cycle", phase("close", closesAt));

    const missing = await records("2026-12", "missing");
    expect(missing.map((r) => [r.hazardId, r.missedStreak])).toEqual([[builder.id, 2]]);
    const anweiban = officialsOf(COUNTY, "anweiban");
    const digests = (await emails(stack)).filter((m) =>
      m.subject.startsWith("【督办】2026年12月重大隐患治理进展汇总"),
    );
    const toAnweiban = digests.filter((m) => anweiban.some((o) => o.email === m.to));
    expect(toAnweiban.map((m) => m.subject)).toEqual(["【督办】2026年12月重大隐患治理进展汇总：1项逾期未报"]);
    expect(toAnweiban[0]?.body).toContain(
      `二、连续2个月及以上未报，报安委办跟踪督办（1项）\n1. ${BUILDER.name}（${BUILDER.creditCode}，住房和城乡建设局） 隐患：${builder.title}（${builder.id}） 连续2个月未报`,
    );
  });

  it("the November digest, one missed month, listed the hazard as overdue but not yet for tracking", async () => {
    const anweibanEmail = officialsOf(COUNTY, "anweiban")[0]?.email;

    const november = (await emails(stack)).filter(
      (m) => m.to === anweibanEmail && m.subject.startsWith("【督办】2026年11月重大隐患治理进展汇总"),
    );

    expect(november.map((m) => m.subject)).toEqual(["【督办】2026年11月重大隐患治理进展汇总：1项逾期未报"]);
    expect(november[0]?.body).toContain("二、连续2个月及以上未报，报安委办跟踪督办（0项）\n（无）");
  });
});

describe("ProgressWhileAwaitingAcceptance", () => {
  const OBLIGATION = "major-hazard-progress";
  let stack: Stack;
  let hazard: Hazard;

  beforeAll(async () => {
    // Listed on 2 November, evaluated and put up for acceptance the same day: November's progress is owed.
    stack = await startScenarioStack("2026-11-02T10:00:00+08:00");
    hazard = await majorHazard(stack, MINE, "主通风机反风设施失效", "2027-03-31");
    const hazards = createHazardService(stack.deps);
    await hazards.recordEvaluation(userOf(MINE), hazard.id, {
      agency: "云南安科安全评价有限公司",
      agencyLicenseNo: "APJ-(滇)-008",
      conclusion: "pass",
      reportNo: "安科评〔2026〕91号",
      evaluatedAt: "2026-11-02T09:00:00+08:00",
    });
    await hazards.requestAcceptance(userOf(MINE), hazard.id);
  });
  afterAll(() => stack.stop());

  // Known defect (reported, not fixed here): the record owed since the listing stays owed after the request for
  // acceptance, but fileProgress accepts progress only from a `listed` hazard, so the enterprise cannot file it
  // and the close reports it as a non-filer. Either fix (accept progress while acceptance is requested, or
  // withdraw what is owed when the hazard leaves `listed`) makes this pass.
  it("a hazard awaiting acceptance is not reported overdue for a month's progress it was refused to file", async () => {
    await stack.clock.set(new Date("2026-12-02T10:00:00+08:00"));
    const attempt = await createHazardService(stack.deps)
      .fileProgress(userOf(MINE), hazard.id, {
        period: "2026-11",
        summary: "治理完成，已申请验收",
        percentComplete: 100,
        fundsSpentYuan: 1_200_000,
      })
      .then(
        () => "filed",
        (error: Error) => `${error.name}: ${error.message}`,
      );
    await stack.clock.set(new Date("2026-12-06T00:00:00+08:00"));

    await run(stack, "monthly-report-cycle", {
      obligation: OBLIGATION,
      phase: "close",
      scheduledTime: "2026-12-06T00:00:00+08:00",
    });

    const record = await stack.deps.filings.getFiling(MINE.creditCode, OBLIGATION, "2026-11", hazard.id);
    expect(record?.overdueAt, `the filing attempt on 2 December: ${attempt}`).toBeUndefined();
  });
});
