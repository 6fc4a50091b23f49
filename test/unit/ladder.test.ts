import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { CalendarYearMissing, createHolidayCalendar } from "../../functions/domain/calendar";
import {
  type Audience,
  type Ladder,
  type LadderStep,
  LadderStep as LadderStepSchema,
} from "../../functions/domain/config-schema";
import { planLadder } from "../../functions/domain/ladder";
import {
  ladderTimerId,
  ladderTimers,
  type Recipient,
  stepMessages,
  upcomingSteps,
} from "../../functions/domain/supervision";

/** The package's notices only (2004–2026): 2027 has no holiday data, as in production today. */
const calendar = createHolidayCalendar();

/** A ladder step as config writes it, with only what a test cares about spelled out. */
function step(
  id: string,
  anchor: LadderStep["anchor"],
  days: number,
  options: { unit?: "calendar" | "working"; at?: string; audience?: Audience[]; marksOverdue?: boolean } = {},
): LadderStep {
  return {
    id,
    anchor,
    offset: { days, unit: options.unit ?? "calendar" },
    at: options.at ?? "09:00",
    audience: options.audience ?? ["safety_manager"],
    template: "major-hazard-reminder",
    marksOverdue: options.marksOverdue ?? false,
  };
}

/** Planned steps as `[step id, due time in UTC ISO]`, easy to compare with Shanghai times. */
const plannedOf = (planned: ReturnType<typeof planLadder>) =>
  planned.map((p) => [p.step.id, p.dueAt.toISOString()]);
const utc = (shanghai: string) => new Date(shanghai).toISOString();

describe("planLadder", () => {
  const longAgo = new Date("2000-01-01T00:00:00+08:00");

  it("puts each step at its offset from its own anchor date, at its own hour, Shanghai time", () => {
    const ladder: Ladder = [
      step("before", "deadline", -30),
      step("after", "deadline", 1, { at: "10:30" }),
      step("window", "evaluationOpens", 0, { at: "00:00" }),
    ];

    const planned = planLadder(
      ladder,
      { deadline: "2026-12-20", evaluationOpens: "2026-11-15" },
      calendar,
      longAgo,
    );

    expect(plannedOf(planned)).toEqual([
      ["window", utc("2026-11-15T00:00:00+08:00")],
      ["before", utc("2026-11-20T09:00:00+08:00")],
      ["after", utc("2026-12-21T10:30:00+08:00")],
    ]);
  });

  it("09:00 Shanghai on a date is 01:00 UTC that same date, whatever the process time zone", () => {
    const planned = planLadder([step("s", "deadline", 0)], { deadline: "2026-11-05" }, calendar, longAgo);

    expect(plannedOf(planned)).toEqual([["s", "2026-11-05T01:00:00.000Z"]]);
  });

  it("leaves out the steps already past at `from`: a hazard listed ten days before its deadline gets no 30-day reminder", () => {
    const ladder: Ladder = [step("reminder-30", "deadline", -30), step("reminder-7", "deadline", -7)];
    const listedAt = new Date("2026-12-10T10:00:00+08:00");

    const planned = planLadder(ladder, { deadline: "2026-12-20" }, calendar, listedAt);

    expect(plannedOf(planned)).toEqual([["reminder-7", utc("2026-12-13T09:00:00+08:00")]]);
  });

  it("keeps a step due exactly at `from` and leaves out one due a millisecond before it", () => {
    const ladder: Ladder = [step("s", "deadline", 0)];
    const dueAt = new Date("2026-12-20T09:00:00+08:00");

    const atDue = planLadder(ladder, { deadline: "2026-12-20" }, calendar, dueAt);
    const justAfter = planLadder(ladder, { deadline: "2026-12-20" }, calendar, new Date(dueAt.getTime() + 1));

    expect(plannedOf(atDue)).toEqual([["s", dueAt.toISOString()]]);
    expect(justAfter).toEqual([]);
  });

  it("leaves out a step whose anchor the subject does not have (no acceptance requested yet)", () => {
    const ladder: Ladder = [step("reminder", "deadline", -1), step("acceptance", "acceptanceDue", -2)];

    const planned = planLadder(
      ladder,
      { deadline: "2026-12-20", acceptanceDue: undefined },
      calendar,
      longAgo,
    );

    expect(plannedOf(planned)).toEqual([["reminder", utc("2026-12-19T09:00:00+08:00")]]);
  });

  it("comes out in time order whatever the order of the steps in the ladder", () => {
    const ladder: Ladder = [
      step("late", "deadline", 30),
      step("early", "deadline", -30),
      step("on", "deadline", 0),
    ];

    const planned = planLadder(ladder, { deadline: "2026-06-15" }, calendar, longAgo);

    expect(planned.map((p) => p.step.id)).toEqual(["early", "on", "late"]);
  });

  it("counts working days across Golden Week 2026: 3 working days after 30 September is Saturday 10 October, a 调休 working day", () => {
    const ladder: Ladder = [step("w3", "deadline", 3, { unit: "working" })];

    const planned = planLadder(ladder, { deadline: "2026-09-30" }, calendar, longAgo);

    // 1–7 October are holidays; Thursday 8 and Friday 9 are working days, and so is Saturday 10 (调休).
    expect(plannedOf(planned)).toEqual([["w3", utc("2026-10-10T09:00:00+08:00")]]);
  });

  it("counts working days backwards across Golden Week 2026: 1 working day before 8 October is 30 September", () => {
    const ladder: Ladder = [step("w-1", "deadline", -1, { unit: "working" })];

    const planned = planLadder(ladder, { deadline: "2026-10-08" }, calendar, longAgo);

    expect(plannedOf(planned)).toEqual([["w-1", utc("2026-09-30T09:00:00+08:00")]]);
  });

  it("a 30-day reminder landing on 元旦 2026 moves to Wednesday 31 December 2025 when its step says so", () => {
    const kept = step("reminder-30", "deadline", -30);
    const moved: LadderStep = { ...kept, onDayOff: "previous_working_day" };

    const planned = (s: LadderStep) => planLadder([s], { deadline: "2026-01-31" }, calendar, longAgo);

    expect(plannedOf(planned(kept))).toEqual([["reminder-30", utc("2026-01-01T09:00:00+08:00")]]);
    expect(plannedOf(planned(moved))).toEqual([["reminder-30", utc("2025-12-31T09:00:00+08:00")]]);
  });

  it("a step on a working day stays where it is whatever its day-off rule", () => {
    const moved: LadderStep = { ...step("reminder-7", "deadline", -7), onDayOff: "previous_working_day" };

    const planned = planLadder([moved], { deadline: "2026-01-14" }, calendar, longAgo);

    expect(plannedOf(planned)).toEqual([["reminder-7", utc("2026-01-07T09:00:00+08:00")]]);
  });

  it("counts 1 calendar day after 30 September 2026 as 1 October, holiday or not", () => {
    const planned = planLadder([step("c1", "deadline", 1)], { deadline: "2026-09-30" }, calendar, longAgo);

    expect(plannedOf(planned)).toEqual([["c1", utc("2026-10-01T09:00:00+08:00")]]);
  });

  it("refuses a working-day step in 2027, a year without holiday data, with CalendarYearMissing naming 2027", () => {
    const ladder: Ladder = [step("w1", "deadline", 1, { unit: "working" })];

    const plan = () => planLadder(ladder, { deadline: "2027-03-01" }, calendar, longAgo);

    expect(plan).toThrow(CalendarYearMissing);
    expect(plan).toThrow("缺少 2027 年的节假日安排");
  });

  it("refuses a working-day step that crosses from 2026 into 2027 too, rather than guessing", () => {
    const ladder: Ladder = [step("w2", "deadline", 2, { unit: "working" })];

    let thrown: unknown;
    try {
      planLadder(ladder, { deadline: "2026-12-31" }, calendar, longAgo);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(CalendarYearMissing);
    expect((thrown as CalendarYearMissing).year).toBe(2027);
  });

  it("plans a working-day step in 2027 once the 2027 calendar is supplied", () => {
    // Made-up 2027 data (the notice is not out yet): 2 March off, so 1 working day after 1 March is 3 March.
    const with2027 = createHolidayCalendar([{ year: 2027, holidays: ["2027-03-02"], workdays: [] }]);
    const ladder: Ladder = [step("w1", "deadline", 1, { unit: "working" })];

    const planned = planLadder(ladder, { deadline: "2027-03-01" }, with2027, longAgo);

    expect(plannedOf(planned)).toEqual([["w1", utc("2027-03-03T09:00:00+08:00")]]);
  });

  it("needs no holiday data for calendar-day steps in 2027", () => {
    const planned = planLadder([step("c30", "deadline", 30)], { deadline: "2027-03-01" }, calendar, longAgo);

    expect(plannedOf(planned)).toEqual([["c30", utc("2027-03-31T09:00:00+08:00")]]);
  });

  describe("properties", () => {
    const DAY_MS = 86_400_000;
    const ANCHORS = ["deadline", "evaluationOpens", "acceptanceDue"] as const;
    /** Anchor dates in 2005–2025: a working-day offset of up to ±40 stays inside the covered years 2004–2026. */
    const anchorDate = fc
      .integer({ min: Date.UTC(2005, 0, 1) / DAY_MS, max: Date.UTC(2025, 11, 31) / DAY_MS })
      .map((n) => new Date(n * DAY_MS).toISOString().slice(0, 10));
    const hourMinute = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
    const anyStep = fc
      .record({
        anchor: fc.constantFrom(...ANCHORS),
        working: fc.boolean(),
        calendarDays: fc.integer({ min: -400, max: 400 }),
        workingDays: fc.integer({ min: -40, max: 40 }),
        at: hourMinute,
      })
      .map((s) => ({
        anchor: s.anchor,
        offset: s.working
          ? { days: s.workingDays, unit: "working" as const }
          : { days: s.calendarDays, unit: "calendar" as const },
        at: s.at,
      }));
    const anyLadder: fc.Arbitrary<Ladder> = fc.array(anyStep, { minLength: 1, maxLength: 8 }).map((steps) =>
      steps.map((s, i) => ({
        id: `s${i}`,
        ...s,
        audience: ["safety_manager"],
        template: "major-hazard-reminder",
        marksOverdue: false,
      })),
    );
    const anyAnchors = fc.record(
      { deadline: anchorDate, evaluationOpens: anchorDate, acceptanceDue: anchorDate },
      { requiredKeys: [] },
    );
    const anyFrom = fc.date({
      min: new Date("2003-01-01T00:00:00Z"),
      max: new Date("2028-01-01T00:00:00Z"),
      noInvalidDate: true,
    });

    it("planned due times are in time order and never before `from`", () => {
      fc.assert(
        fc.property(anyLadder, anyAnchors, anyFrom, (ladder, anchors, from) => {
          const planned = planLadder(ladder, anchors, calendar, from);

          for (const p of planned) expect(p.dueAt.getTime()).toBeGreaterThanOrEqual(from.getTime());
          for (let i = 1; i < planned.length; i++) {
            expect(planned[i]?.dueAt.getTime()).toBeGreaterThanOrEqual(planned[i - 1]?.dueAt.getTime() ?? 0);
          }
        }),
      );
    });

    it("planning from a later moment only drops steps: it never moves or adds one", () => {
      fc.assert(
        fc.property(anyLadder, anyAnchors, anyFrom, (ladder, anchors, from) => {
          const everything = planLadder(ladder, anchors, calendar, new Date("1990-01-01T00:00:00Z"));

          const planned = planLadder(ladder, anchors, calendar, from);

          expect(plannedOf(planned)).toEqual(plannedOf(everything.filter((p) => p.dueAt >= from)));
        }),
      );
    });

    it("every planned step has its anchor, and falls at its own hour on a Shanghai wall clock", () => {
      fc.assert(
        fc.property(anyLadder, anyAnchors, anyFrom, (ladder, anchors, from) => {
          const planned = planLadder(ladder, anchors, calendar, from);

          for (const p of planned) {
            expect(anchors[p.step.anchor as keyof typeof anchors]).toBeDefined();
            const shanghai = new Date(p.dueAt.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
            expect(shanghai).toBe(p.step.at);
          }
        }),
      );
    });
  });
});

describe("the default ladders in config", () => {
  const major = config.ladders.majorHazard;
  const shape = (ladder: Ladder) =>
    ladder.map((s) => [s.id, s.anchor, s.offset.days, s.offset.unit, s.at, s.marksOverdue]);

  it("a listed major hazard is reminded 30, 7 and 1 days before its deadline, turns overdue the day after, and escalates on days 3, 10 and 30, all at 09:00", () => {
    expect(shape(major)).toEqual([
      ["reminder-30", "deadline", -30, "calendar", "09:00", false],
      ["reminder-7", "deadline", -7, "calendar", "09:00", false],
      ["reminder-1", "deadline", -1, "calendar", "09:00", false],
      ["overdue", "deadline", 1, "calendar", "09:00", true],
      ["escalate-1", "deadline", 3, "calendar", "09:00", false],
      ["escalate-2", "deadline", 10, "calendar", "09:00", false],
      ["escalate-3", "deadline", 30, "calendar", "09:00", false],
    ]);
  });

  it("reminders and the overdue notice reach the legal representative, the safety manager and the listing department's inspectors", () => {
    const early = major.filter((s) => s.id.startsWith("reminder-") || s.id === "overdue");

    expect(early.map((s) => [s.id, s.audience])).toEqual(
      early.map((s) => [s.id, ["legal_rep", "safety_manager", "listing_inspectors"]]),
    );
  });

  it("escalation reaches the listing 安委办 on day 3, the listing leaders on day 10, and the 安委办 and leaders one level up on day 30", () => {
    const escalations = major.filter((s) => s.id.startsWith("escalate-"));

    expect(escalations.map((s) => [s.id, s.audience])).toEqual([
      ["escalate-1", ["listing_anweiban"]],
      ["escalate-2", ["listing_leaders"]],
      ["escalate-3", ["parent_anweiban", "parent_leaders"]],
    ]);
  });

  it("a hazard listed on 2 November 2026 with a 20 December deadline is planned from 20 November to 19 January 2027, 09:00 Shanghai", () => {
    const listedAt = new Date("2026-11-02T10:00:00+08:00");

    const planned = planLadder(major, { deadline: "2026-12-20" }, calendar, listedAt);

    expect(plannedOf(planned)).toEqual([
      ["reminder-30", utc("2026-11-20T09:00:00+08:00")],
      ["reminder-7", utc("2026-12-13T09:00:00+08:00")],
      ["reminder-1", utc("2026-12-19T09:00:00+08:00")],
      ["overdue", utc("2026-12-21T09:00:00+08:00")],
      ["escalate-1", utc("2026-12-23T09:00:00+08:00")],
      ["escalate-2", utc("2026-12-30T09:00:00+08:00")],
      ["escalate-3", utc("2027-01-19T09:00:00+08:00")],
    ]);
  });

  it("every template a major-hazard step sends has both an SMS and an email form", () => {
    const forms = major.map((s) => [
      s.id,
      !!config.templates[s.template]?.sms,
      !!config.templates[s.template]?.email,
    ]);

    expect(forms).toEqual(major.map((s) => [s.id, true, true]));
  });
});

describe("ladder timers", () => {
  const planned = planLadder(
    config.ladders.majorHazard,
    { deadline: "2026-12-20" },
    calendar,
    new Date("2026-12-10T10:00:00+08:00"),
  );

  it("a timer id names the subject kind, its id, the plan version and the step", () => {
    const id = ladderTimerId("hazard", "HZ-20261102-ABCD1234", 3, "escalate-1");

    expect(id).toBe("hazard-HZ-20261102-ABCD1234-v3-escalate-1");
  });

  it("two plan versions of the same step are two different timers", () => {
    expect(ladderTimerId("accident", "AC-1", 1, "investigation-7")).not.toBe(
      ladderTimerId("accident", "AC-1", 2, "investigation-7"),
    );
  });

  it("one timer per planned step, due at its time, starting the subject's workflow at phase ladder-step", () => {
    const timers = ladderTimers("hazard", "HZ-1", 2, "majorHazard", planned);

    expect(timers.map((t) => [t.id, t.dueAt, t.workflow, t.phase])).toEqual(
      planned.map((p) => [
        `hazard-HZ-1-v2-${p.step.id}`,
        p.dueAt.toISOString(),
        "major-hazard-supervision",
        "ladder-step",
      ]),
    );
  });

  it("a timer carries back the kind, id, version, ladder and step, and nothing else", () => {
    const [first] = ladderTimers("hazard", "HZ-1", 2, "majorHazard", planned);

    expect(first?.input).toEqual({
      kind: "hazard",
      id: "HZ-1",
      version: 2,
      ladder: "majorHazard",
      step: "reminder-7",
    });
  });

  it("an accident case's timers start the accident-case workflow", () => {
    const timers = ladderTimers("accident", "AC-1", 1, "accidentInvestigation", planned.slice(0, 1));

    expect(timers.map((t) => t.workflow)).toEqual(["accident-case"]);
  });
});

describe("upcomingSteps", () => {
  const plannedAt = "2026-11-02T10:00:00+08:00";
  const anchors = { deadline: "2026-12-20" };

  it("shows the planned steps of the ladder in force that have not fired yet", () => {
    const upcoming = upcomingSteps(config.ladders.majorHazard, anchors, calendar, plannedAt, [
      "reminder-30",
      "reminder-7",
    ]);

    expect(upcoming.map((u) => u.step)).toEqual([
      "reminder-1",
      "overdue",
      "escalate-1",
      "escalate-2",
      "escalate-3",
    ]);
    expect(upcoming[0]).toEqual({
      step: "reminder-1",
      dueAt: utc("2026-12-19T09:00:00+08:00"),
      audience: ["legal_rep", "safety_manager", "listing_inspectors"],
      template: "major-hazard-reminder",
    });
  });

  it("counts from when the plan was made: a step due since then shows until it is recorded as fired", () => {
    const upcoming = upcomingSteps(config.ladders.majorHazard, anchors, calendar, plannedAt, []);

    expect(upcoming.map((u) => u.step)[0]).toBe("reminder-30");
  });

  it("shows nothing without a ladder in force or without a plan", () => {
    expect(upcomingSteps(undefined, anchors, calendar, plannedAt, [])).toEqual([]);
    expect(upcomingSteps(config.ladders.majorHazard, anchors, calendar, undefined, [])).toEqual([]);
  });
});

describe("stepMessages", () => {
  const WHERE = { scope: "530502", about: "91530502MA2PEF5889" };
  const recipients: Recipient[] = [
    {
      id: "91530502MA2PEF5889:safety_manager",
      name: "金兴秀",
      mobile: "13900000001",
      email: "anquan.1@example.cn",
    },
    { id: "91530502MA2PEF5889:legal_rep", name: "李强", mobile: "13900000002" },
    { id: "530502:inspector:13700000003", name: "王芳", mobile: "13700000003", email: "i@example.gov.cn" },
  ];
  const messages = stepMessages(
    "hazard",
    "HZ-1",
    "v2:reminder-7",
    "major-hazard-reminder",
    recipients,
    { hazard: "尾矿库排洪隧洞坍塌", days: "7" },
    WHERE,
  );

  it("a recipient with a mobile and an email gets one SMS and one email; one with only a mobile gets the SMS", () => {
    expect(messages.map((m) => [m.recipientName, m.channel, m.recipient])).toEqual([
      ["金兴秀", "sms", "13900000001"],
      ["金兴秀", "email", "anquan.1@example.cn"],
      ["李强", "sms", "13900000002"],
      ["王芳", "sms", "13700000003"],
      ["王芳", "email", "i@example.gov.cn"],
    ]);
  });

  it("each key names the subject, the plan version, the step, the recipient and the channel", () => {
    expect(messages.map((m) => m.key)).toEqual([
      "hazard:HZ-1:v2:reminder-7:91530502MA2PEF5889:safety_manager:sms",
      "hazard:HZ-1:v2:reminder-7:91530502MA2PEF5889:safety_manager:email",
      "hazard:HZ-1:v2:reminder-7:91530502MA2PEF5889:legal_rep:sms",
      "hazard:HZ-1:v2:reminder-7:530502:inspector:13700000003:sms",
      "hazard:HZ-1:v2:reminder-7:530502:inspector:13700000003:email",
    ]);
  });

  it("keys are unique, so a step that fires twice claims nothing new", () => {
    const again = stepMessages(
      "hazard",
      "HZ-1",
      "v2:reminder-7",
      "major-hazard-reminder",
      recipients,
      {},
      WHERE,
    );

    expect(new Set(messages.map((m) => m.key)).size).toBe(messages.length);
    expect(again.map((m) => m.key)).toEqual(messages.map((m) => m.key));
  });

  it("the same step under another plan version has other keys", () => {
    const v3 = stepMessages(
      "hazard",
      "HZ-1",
      "v3:reminder-7",
      "major-hazard-reminder",
      recipients,
      {},
      WHERE,
    );

    expect(v3.map((m) => m.key).filter((k) => messages.some((m) => m.key === k))).toEqual([]);
  });

  it("each message names its recipient in its parameters, and carries the subject, the county and the enterprise it is about", () => {
    expect(messages.map((m) => [m.params.recipient, m.params.hazard, m.subject, m.scope, m.about])).toEqual(
      messages.map((m) => [
        m.recipientName,
        "尾矿库排洪隧洞坍塌",
        { type: "hazard", id: "HZ-1" },
        "530502",
        "91530502MA2PEF5889",
      ]),
    );
  });

  it("a message about no enterprise (an accident without one) carries no `about`", () => {
    const [first] = stepMessages(
      "accident",
      "AC-1",
      "v1:investigation-7",
      "accident-investigation-reminder",
      recipients,
      {},
      { scope: "530502" },
    );

    expect(first).not.toHaveProperty("about");
    expect(first?.scope).toBe("530502");
  });

  it("no recipients, no messages", () => {
    expect(
      stepMessages(
        "accident",
        "AC-1",
        "v1:investigation-7",
        "accident-investigation-reminder",
        [],
        {},
        { scope: "530502" },
      ),
    ).toEqual([]);
  });
});

describe("a ladder step's anchor is one of the subject's dates", () => {
  it("a misspelt anchor fails validation, naming the path, instead of silently dropping the step", () => {
    const result = LadderStepSchema.safeParse({ ...step("reminder", "deadline", -7), anchor: "dealine" });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["anchor"]);
  });
});
