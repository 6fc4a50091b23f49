import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "../../config";
import {
  type Accident,
  accidentLevelProblem,
  evaluationWindow,
  impliedAccidentLevel,
  investigationDue,
} from "../../functions/domain/accident";
import { accidentAnchors, accidentLadder, approvalDue } from "../../functions/domain/accident-service";
import { addMonths, shanghaiDateOf, toShanghaiIso } from "../../functions/domain/calendar";
import { defaultPolicy } from "../../functions/domain/policy";

/**
 * The date arithmetic of an accident case: the investigation report due 60 days after the accident
 * (条例 第二十九条), and the evaluation of the fixes between 10 and 12 months after the case closes
 * (安全生产法 第八十六条), counted on the Shanghai calendar.
 */

/** An instant read back in Shanghai, `2027-01-31T09:00:00+08:00`, for comparisons people can read. */
const shanghai = (iso: string) => toShanghaiIso(new Date(iso));

function accident(overrides: Partial<Accident> = {}): Accident {
  const occurredAt = "2026-11-01T06:30:00.000Z";
  return {
    id: "AC-20261101-ABCD1234",
    jurisdiction: "530502",
    occurredAt,
    level: "general",
    deaths: 1,
    injuries: 2,
    directLossYuan: 1_500_000,
    summary: "尾矿库排洪隧洞坍塌，1人死亡",
    status: "investigating",
    investigationDueAt: investigationDue(occurredAt, config.accidents.investigationDays).dueAt,
    overdue: false,
    planVersion: 1,
    plannedAt: occurredAt,
    firedSteps: [],
    timeline: [],
    createdBy: { sub: "anweiban-1", role: "anweiban", jurisdiction: "530502" },
    rev: 1,
    ...overrides,
  };
}

describe("addMonths: months counted on Shanghai dates", () => {
  it("31 March + 10 months is 31 January of the next year", () => {
    expect(addMonths("2026-03-31", 10)).toBe("2027-01-31");
  });

  it("30 April 2026 + 10 months is 28 February 2027: the day is clamped to the month's length", () => {
    expect(addMonths("2026-04-30", 10)).toBe("2027-02-28");
  });

  it("30 April 2027 + 10 months is 29 February 2028, a leap year", () => {
    expect(addMonths("2027-04-30", 10)).toBe("2028-02-29");
  });

  it("29 February 2028 + 12 months is 28 February 2029", () => {
    expect(addMonths("2028-02-29", 12)).toBe("2029-02-28");
  });

  it("whatever the date, the day of the month is kept unless the target month is shorter", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("2000-01-01T00:00:00Z"),
          max: new Date("2040-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 24 }),
        (instant, months) => {
          const from = shanghaiDateOf(instant);
          const to = addMonths(from, months);

          const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
          const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];

          expect(ty * 12 + tm).toBe(fy * 12 + fm + months);
          const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
          expect(td).toBe(Math.min(fd, lastDay));
        },
      ),
    );
  });
});

describe("the deadlines of an accident case", () => {
  it("the investigation report is due 60 days after the accident (条例 第二十九条)", () => {
    expect(config.accidents.investigationDays).toBe(60);
  });

  it("an accident at 14:30 on 1 November 2026 has its report due by the end of 31 December 2026, not at 14:30", () => {
    const occurredAt = new Date("2026-11-01T14:30:00+08:00").toISOString();

    const due = investigationDue(occurredAt, config.accidents.investigationDays);

    // The due-instant convention: the date, and the exclusive end of that day (next day 00:00 Shanghai).
    expect(due.dueDate).toBe("2026-12-31");
    expect(shanghai(due.dueAt)).toBe("2027-01-01T00:00:00+08:00");
  });

  it("an accident at 23:30 Shanghai counts from its Shanghai day, though it is 15:30 UTC", () => {
    expect(investigationDue("2026-11-01T15:30:00Z", 60).dueDate).toBe("2026-12-31");
  });

  it("the investigation ladder counts from the Shanghai date the report is due, not the UTC date", () => {
    // 23:30 on 1 November in Shanghai is still 1 November; the report is due on 31 December, Shanghai time.
    const occurredAt = new Date("2026-11-01T23:30:00+08:00").toISOString();
    const { dueAt, dueDate } = investigationDue(occurredAt, config.accidents.investigationDays);
    const a = accident({ occurredAt, investigationDueAt: dueAt, investigationDueDate: dueDate });

    expect(accidentAnchors(a).investigationDue).toBe("2026-12-31");
    expect(accidentLadder(defaultPolicy(config), a).name).toBe("accidentInvestigation");
  });

  it("the evaluation window opens 10 months after closing and is due at 12 (安全生产法 第八十六条)", () => {
    expect([config.accidents.evaluationOpensAfterMonths, config.accidents.evaluationDueAfterMonths]).toEqual([
      10, 12,
    ]);
  });

  it("a case closed on 31 March 2026 opens its evaluation on 31 January 2027 and is due on 31 March 2027", () => {
    const closedAt = new Date("2026-03-31T16:00:00+08:00").toISOString();
    const a = accident({
      status: "closed",
      closure: { closedAt, reportNo: "隆安调〔2026〕3号" },
      evaluation: evaluationWindow(
        closedAt,
        config.accidents.evaluationOpensAfterMonths,
        config.accidents.evaluationDueAfterMonths,
      ),
    });

    const anchors = accidentAnchors(a);

    expect([anchors.evaluationOpens, anchors.evaluationDue]).toEqual(["2027-01-31", "2027-03-31"]);
    // Opens at the start of its day, due at the end of its day: not at the closing's 16:00.
    expect(shanghai(a.evaluation?.opensAt ?? "")).toBe("2027-01-31T00:00:00+08:00");
    expect(shanghai(a.evaluation?.dueAt ?? "")).toBe("2027-04-01T00:00:00+08:00");
  });

  it("a record from before the convention (instants at the closing's time of day) keeps its dates", () => {
    const a = accident({
      status: "closed",
      investigationDueAt: "2026-12-31T06:30:00.000Z",
      evaluation: { opensAt: "2027-01-31T08:00:00.000Z", dueAt: "2027-03-31T08:00:00.000Z" },
    });

    expect(accidentAnchors(a)).toMatchObject({
      investigationDue: "2026-12-31",
      evaluationOpens: "2027-01-31",
      evaluationDue: "2027-03-31",
    });
    expect(accidentLadder(defaultPolicy(config), a).name).toBe("accidentEvaluation");
  });

  it("a case still under investigation has no evaluation dates yet", () => {
    const anchors = accidentAnchors(accident());

    expect(anchors.evaluationOpens).toBeUndefined();
    expect(anchors.evaluationDue).toBeUndefined();
  });

  it("an evaluated case has no ladder in force", () => {
    expect(accidentLadder(defaultPolicy(config), accident({ status: "evaluated" }))).toEqual({});
  });
});

describe("the accident level must match the figures (条例 第三条)", () => {
  const figures = (deaths: number, injuries: number, directLossYuan: number) => ({
    deaths,
    injuries,
    directLossYuan,
  });

  it.each([
    // deaths: 3 / 10 / 30 are the first values of 较大 / 重大 / 特别重大 ("以上" includes the number)
    [figures(2, 0, 0), "general"],
    [figures(3, 0, 0), "larger"],
    [figures(9, 0, 0), "larger"],
    [figures(10, 0, 0), "major"],
    [figures(29, 0, 0), "major"],
    [figures(30, 0, 0), "especially_major"],
    // serious injuries: 10 / 50 / 100
    [figures(0, 9, 0), "general"],
    [figures(0, 10, 0), "larger"],
    [figures(0, 49, 0), "larger"],
    [figures(0, 50, 0), "major"],
    [figures(0, 99, 0), "major"],
    [figures(0, 100, 0), "especially_major"],
    // direct loss: 1,000万 / 5,000万 / 1亿 yuan
    [figures(0, 0, 9_999_999), "general"],
    [figures(0, 0, 10_000_000), "larger"],
    [figures(0, 0, 49_999_999), "larger"],
    [figures(0, 0, 50_000_000), "major"],
    [figures(0, 0, 99_999_999), "major"],
    [figures(0, 0, 100_000_000), "especially_major"],
    // the highest criterion decides
    [figures(1, 55, 2_000_000), "major"],
  ] as const)("%j implies %s", (f, level) => {
    expect(impliedAccidentLevel(f)).toBe(level);
  });

  it("5 deaths entered as 一般 is refused, naming 较大事故", () => {
    expect(accidentLevelProblem({ level: "general", ...figures(5, 0, 0) })).toBe(
      "事故等级与伤亡和损失不符：死亡5人、重伤0人、直接经济损失0元，按《生产安全事故报告和调查处理条例》第三条应为较大事故",
    );
  });

  it("a level that matches its figures has no problem", () => {
    expect(accidentLevelProblem({ level: "major", ...figures(10, 0, 0) })).toBeUndefined();
  });
});

describe("the approval of the investigation report (条例 第三十二条)", () => {
  it("is due 15 days after the Shanghai day of submission, at the end of that day", () => {
    // Submitted at 23:30 Shanghai on 10 March: the Shanghai day counts, not the UTC one.
    expect(approvalDue(config, "major", "2026-03-10T15:30:00Z")).toEqual({
      dueDate: "2026-03-25",
      dueAt: "2026-03-25T16:00:00.000Z", // 2026-03-26T00:00+08:00, exclusive
    });
  });

  it("is due 30 days after submission for an especially major accident", () => {
    expect(approvalDue(config, "especially_major", "2026-03-10T02:00:00Z")).toEqual({
      dueDate: "2026-04-09",
      dueAt: "2026-04-09T16:00:00.000Z",
    });
  });

  it("a submitted report runs the approval ladder, anchored on the approval due date", () => {
    const submitted = {
      status: "report_submitted",
      investigationDueAt: "2026-03-01T06:30:00.000Z",
      report: {
        submittedAt: "2026-03-10T02:00:00.000Z",
        reportNo: "隆安调〔2026〕3号",
        approvalDueDate: "2026-03-25",
        approvalDueAt: "2026-03-25T16:00:00.000Z",
      },
    } as Accident;

    expect(accidentLadder(defaultPolicy(config), submitted).name).toBe("accidentApproval");
    expect(accidentAnchors(submitted).approvalDue).toBe("2026-03-25");
  });
});
