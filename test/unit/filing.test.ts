import { describe, expect, it } from "vitest";
import { obligationById } from "../../config";
import { CalendarYearMissing, createHolidayCalendar } from "../../functions/domain/calendar";
import { RuleViolation } from "../../functions/domain/errors";
import {
  type FilingContext,
  fileReport,
  owedFiling,
  owesPeriod,
  periodsOwedOnJoining,
  ZERO_SELF_INSPECTIONS,
} from "../../functions/domain/filing";
import { generateEnterprises } from "../../local/demo-data";

const obligation = obligationById("monthly-self-inspection");
const [enterprise] = generateEnterprises({ count: 1, seed: 11 });
if (!enterprise) throw new Error("no enterprise generated");

const body = (overrides: Record<string, unknown> = {}) => ({
  signedBy: enterprise.legalRep.name,
  selfInspections: 2,
  hazardsFound: { general: 3, major: 0 },
  hazardsRectified: { general: 3, major: 0 },
  ...overrides,
});

const at = (iso: string): FilingContext => ({
  obligation,
  period: "2026-10",
  now: new Date(iso),
  calendar: createHolidayCalendar(),
});

describe("filing a monthly self-inspection report", () => {
  it("a first report before the deadline is on time, version 1, with no flags", () => {
    const record = fileReport(at("2026-11-02T10:00:00+08:00"), enterprise, undefined, body());

    expect(record).toMatchObject({
      status: "on_time",
      version: 1,
      flags: [],
      creditCode: enterprise.creditCode,
    });
    expect(record.versions).toHaveLength(1);
  });

  it("a report received at 23:59:59 on the 5th, Shanghai time, is on time", () => {
    const record = fileReport(at("2026-11-05T23:59:59+08:00"), enterprise, undefined, body());

    expect(record.status).toBe("on_time");
  });

  it("a report received at 00:00:00 on the 6th, Shanghai time, is late", () => {
    const record = fileReport(at("2026-11-06T00:00:00+08:00"), enterprise, undefined, body());

    expect(record.status).toBe("late");
  });

  it("an amendment after the deadline keeps an on-time report on time and keeps every version", () => {
    const first = fileReport(at("2026-11-04T09:00:00+08:00"), enterprise, undefined, body());

    const amended = fileReport(
      at("2026-11-20T09:00:00+08:00"),
      enterprise,
      first,
      body({ selfInspections: 4 }),
    );

    expect(amended.status).toBe("on_time");
    expect(amended.version).toBe(2);
    expect(amended.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(amended.versions[1]?.body).toMatchObject({ selfInspections: 4 });
  });

  it("a late report stays late when amended", () => {
    const first = fileReport(at("2026-11-08T09:00:00+08:00"), enterprise, undefined, body());

    const amended = fileReport(at("2026-11-09T09:00:00+08:00"), enterprise, first, body());

    expect(amended.status).toBe("late");
  });

  it("a report of zero self-inspections is accepted but flagged (每月至少一次自查)", () => {
    const record = fileReport(
      at("2026-11-02T10:00:00+08:00"),
      enterprise,
      undefined,
      body({ selfInspections: 0 }),
    );

    expect(record.status).toBe("on_time");
    expect(record.flags).toEqual([ZERO_SELF_INSPECTIONS]);
  });

  it("a report for a period that has not ended yet is refused, naming the period", () => {
    const file = () => fileReport(at("2026-10-31T23:59:59+08:00"), enterprise, undefined, body());

    expect(file).toThrow(RuleViolation);
    expect(file).toThrow("2026-10 尚未结束，该期报告自 2026-11-01 起可以报送");
  });

  it("a report signed by anyone but the legal representative on file is refused with the field named", () => {
    let error: unknown;
    try {
      fileReport(at("2026-11-02T10:00:00+08:00"), enterprise, undefined, body({ signedBy: "张冒名" }));
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).fields?.[0]?.path).toBe("signedBy");
  });

  it("a closed enterprise files no reports", () => {
    const closed = { ...enterprise, status: "closed" as const };

    expect(() => fileReport(at("2026-11-02T10:00:00+08:00"), closed, undefined, body())).toThrow(
      "已关闭，不再报送报告",
    );
  });

  it("a late filing after closing keeps the record that the period closed with nothing filed", () => {
    const overdue = {
      ...owedFiling(enterprise, obligation.id, "2026-10"),
      overdueAt: "2026-11-05T16:00:00.000Z",
    };

    const record = fileReport(at("2026-11-10T10:00:00+08:00"), enterprise, overdue, body());

    expect(record.status).toBe("late");
    expect(record.overdueAt).toBe("2026-11-05T16:00:00.000Z");
  });

  it("a body with an unknown field or a negative count is refused", () => {
    expect(() =>
      fileReport(at("2026-11-02T10:00:00+08:00"), enterprise, undefined, body({ extra: 1 })),
    ).toThrow();
    expect(() =>
      fileReport(at("2026-11-02T10:00:00+08:00"), enterprise, undefined, body({ selfInspections: -1 })),
    ).toThrow();
  });

  it("an amendment keeps the first receipt, which decides on time, and records when it was amended", () => {
    const first = fileReport(at("2026-11-04T09:00:00+08:00"), enterprise, undefined, body());

    const amended = fileReport(at("2026-11-20T09:00:00+08:00"), enterprise, first, body({ notes: "更正" }));

    expect(amended).toMatchObject({
      status: "on_time",
      receivedAt: "2026-11-04T01:00:00.000Z",
      firstReceivedAt: "2026-11-04T01:00:00.000Z",
      lastAmendedAt: "2026-11-20T01:00:00.000Z",
    });
    expect(first.lastAmendedAt).toBeUndefined();
  });

  it("the same body filed again is no new version: the record on file is returned as it is", () => {
    const first = fileReport(at("2026-11-04T09:00:00+08:00"), enterprise, undefined, body());

    const again = fileReport(at("2026-11-04T09:05:00+08:00"), enterprise, first, body());

    expect(again).toBe(first);
    expect(again.version).toBe(1);
  });

  it("a period whose deadline had passed when the enterprise joined is refused, naming the period", () => {
    const joined = { ...enterprise, joinedAt: "2026-11-06T02:00:00.000Z" };

    const refuse = () => fileReport(at("2026-11-07T10:00:00+08:00"), joined, undefined, body());

    expect(refuse).toThrow(RuleViolation);
    expect(refuse).toThrow(/2026年10月不需报送.*2026-11-06/);
  });
});

describe("the joining rule: an enterprise owes every period whose deadline has not passed", () => {
  const calendar = createHolidayCalendar();

  it("joining on 1 December owes November (due by the 5th) and December", () => {
    const now = new Date("2026-12-01T08:00:00+08:00");

    expect(periodsOwedOnJoining(obligation, now, calendar)).toEqual(["2026-11", "2026-12"]);
    expect(owesPeriod(obligation, "2026-11", now.toISOString(), calendar)).toBe(true);
  });

  it("joining at 23:59 on 5 December still owes November; at 00:00 on the 6th it does not", () => {
    expect(periodsOwedOnJoining(obligation, new Date("2026-12-05T23:59:00+08:00"), calendar)).toEqual([
      "2026-11",
      "2026-12",
    ]);
    expect(periodsOwedOnJoining(obligation, new Date("2026-12-06T00:00:00+08:00"), calendar)).toEqual([
      "2026-12",
    ]);
  });

  it("an obligation configured to owe only the period in progress does not owe the ended one", () => {
    const current = { ...obligation, joining: "owes_current_period" as const };

    expect(periodsOwedOnJoining(current, new Date("2026-12-01T08:00:00+08:00"), calendar)).toEqual([
      "2026-12",
    ]);
  });

  it("an enterprise with no recorded joining owes every period", () => {
    expect(owesPeriod(obligation, "2020-01", undefined, calendar)).toBe(true);
  });
});

describe("a shifted deadline that falls in a year without holiday data (2027 is not in chinese-days)", () => {
  const shifting = { ...obligation, due: { ...obligation.due, shiftToWorkingDay: true } };
  const december = (iso: string, calendar = createHolidayCalendar()): FilingContext => ({
    obligation: shifting,
    period: "2026-12",
    now: new Date(iso),
    calendar,
  });

  it("a report before the unshifted deadline (5 January 2027) is on time without 2027 data: a shift only extends", () => {
    const record = fileReport(december("2027-01-04T10:00:00+08:00"), enterprise, undefined, body());

    expect(record.status).toBe("on_time");
  });

  it("a report after it is refused, naming 2027, never judged against a guessed weekends-only calendar", () => {
    expect(() => fileReport(december("2027-01-06T10:00:00+08:00"), enterprise, undefined, body())).toThrow(
      CalendarYearMissing,
    );
    expect(() => fileReport(december("2027-01-06T10:00:00+08:00"), enterprise, undefined, body())).toThrow(
      /2027/,
    );
  });

  it("once 2027 is supplied, the shifted deadline decides: 5 January off moves it to the 6th", () => {
    const with2027 = createHolidayCalendar([
      { year: 2027, holidays: ["2027-01-01", "2027-01-05"], workdays: [] },
    ]);

    const onSixth = fileReport(
      december("2027-01-06T20:00:00+08:00", with2027),
      enterprise,
      undefined,
      body(),
    );
    const onSeventh = fileReport(
      december("2027-01-07T08:00:00+08:00", with2027),
      enterprise,
      undefined,
      body(),
    );

    expect([onSixth.status, onSeventh.status]).toEqual(["on_time", "late"]);
  });
});
