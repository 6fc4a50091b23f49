import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CalendarYearMissing,
  createHolidayCalendar,
  shanghaiDateOf,
  shanghaiEndOfDay,
} from "../../functions/domain/calendar";
import {
  DayOffsetSchema,
  type DueRule,
  DueRuleSchema,
  filingDeadline,
  filingDueDate,
  hasPeriodEnded,
  isOnTime,
  offsetFrom,
} from "../../functions/domain/deadlines";
import { InvalidInput } from "../../functions/domain/errors";
import { type PeriodKind, periodEnd } from "../../functions/domain/period";

const calendar = createHolidayCalendar();
/** Monthly self-inspection report: by the 5th of the next month (保山市 2015 方案). */
const byThe5th: DueRule = { dayOfNextPeriod: 5, shiftToWorkingDay: false };
const byThe5thShifted: DueRule = { dayOfNextPeriod: 5, shiftToWorkingDay: true };

describe("on time or late", () => {
  const deadline = filingDeadline("month", "2026-10", byThe5th);

  it("a report received at 23:59:59 on the 5th, Shanghai time, is on time", () => {
    const receivedAt = new Date("2026-11-05T15:59:59Z");

    const onTime = isOnTime(receivedAt, deadline);

    expect(onTime).toBe(true);
  });

  it("a report received at 00:00:00 on the 6th, Shanghai time, is late", () => {
    const receivedAt = new Date("2026-11-05T16:00:00Z");

    const onTime = isOnTime(receivedAt, deadline);

    expect(onTime).toBe(false);
  });

  it("a report received in the last millisecond of the 5th, Shanghai time, is on time", () => {
    expect(isOnTime(new Date("2026-11-05T15:59:59.999Z"), deadline)).toBe(true);
  });

  it("a report for October 2026 is due on 5 November, ending at 16:00 UTC that day", () => {
    expect(filingDueDate("month", "2026-10", byThe5th)).toBe("2026-11-05");
    expect(deadline.toISOString()).toBe("2026-11-05T16:00:00.000Z");
  });

  it("an invalid receipt time is refused rather than counted as late", () => {
    expect(() => isOnTime(new Date(Number.NaN), deadline)).toThrow(InvalidInput);
  });
});

describe("due dates on days off", () => {
  it("a deadline on a holiday stays put when shifting is off (5 October 2025, National Day)", () => {
    expect(filingDueDate("month", "2025-09", byThe5th, calendar)).toBe("2025-10-05");
  });

  it("a deadline on a holiday moves to the next working day when shifting is on (5 → 9 October 2025)", () => {
    expect(filingDueDate("month", "2025-09", byThe5thShifted, calendar)).toBe("2025-10-09");
    expect(filingDeadline("month", "2025-09", byThe5thShifted, calendar)).toEqual(
      shanghaiEndOfDay("2025-10-09"),
    );
  });

  it("a deadline on Qingming Sunday 5 April 2026 moves past the Monday holiday to Tuesday 7 April", () => {
    expect(filingDueDate("month", "2026-03", byThe5th, calendar)).toBe("2026-04-05");
    expect(filingDueDate("month", "2026-03", byThe5thShifted, calendar)).toBe("2026-04-07");
  });

  it("a deadline on a working day stays put when shifting is on", () => {
    expect(filingDueDate("month", "2026-10", byThe5thShifted, calendar)).toBe("2026-11-05");
  });

  it("a shifting rule without a calendar is a wiring error", () => {
    expect(() => filingDueDate("month", "2026-10", byThe5thShifted)).toThrow(/needs a HolidayCalendar/);
  });
});

describe("December's report and the 2027 calendar", () => {
  it("December 2026's report is due 5 January 2027 when shifting is off, without any 2027 data", () => {
    expect(filingDueDate("month", "2026-12", byThe5th, calendar)).toBe("2027-01-05");
  });

  it("with shifting on it needs the 2027 calendar and says so", () => {
    expect(() => filingDueDate("month", "2026-12", byThe5thShifted, calendar)).toThrow(CalendarYearMissing);
    expect(() => filingDeadline("month", "2026-12", byThe5thShifted, calendar)).toThrow(
      "缺少 2027 年的节假日安排，无法计算工作日：请管理员按国务院办公厅通知通过 PUT /v1/calendar/2027 提交",
    );
  });

  it("with shifting on it succeeds once the 2027 calendar is supplied", () => {
    // Made-up 2027 data (the notice is not out yet); the second variant shows it is actually consulted.
    const plain2027 = createHolidayCalendar([{ year: 2027, holidays: ["2027-01-01"], workdays: [] }]);
    const fifthOff = createHolidayCalendar([
      { year: 2027, holidays: ["2027-01-01", "2027-01-05"], workdays: [] },
    ]);

    expect(filingDueDate("month", "2026-12", byThe5thShifted, plain2027)).toBe("2027-01-05");
    expect(filingDueDate("month", "2026-12", byThe5thShifted, fifthOff)).toBe("2027-01-06");
  });
});

describe("quarterly and annual rules", () => {
  it("quarterly statistics for Q3 2026 are due on 15 October 2026", () => {
    expect(
      filingDueDate("quarter", "2026-Q3", { dayOfNextPeriod: 15, shiftToWorkingDay: true }, calendar),
    ).toBe("2026-10-15");
  });

  it("the annual report for 2026 is due on 31 January 2027", () => {
    expect(filingDueDate("year", "2026", { dayOfNextPeriod: 31, shiftToWorkingDay: false })).toBe(
      "2027-01-31",
    );
  });

  it("the annual report for 2025 due Saturday 31 January 2026 moves to Monday 2 February when shifting", () => {
    expect(filingDueDate("year", "2025", { dayOfNextPeriod: 31, shiftToWorkingDay: true }, calendar)).toBe(
      "2026-02-02",
    );
  });

  it("a day beyond the first month's length is clamped to its last day, never rolled into the next month", () => {
    const endOfNextMonth: DueRule = { dayOfNextPeriod: 31, shiftToWorkingDay: false };

    expect(filingDueDate("month", "2026-01", endOfNextMonth)).toBe("2026-02-28");
    expect(filingDueDate("month", "2024-01", endOfNextMonth)).toBe("2024-02-29");
    expect(filingDueDate("month", "2026-03", endOfNextMonth)).toBe("2026-04-30");
  });

  it.each([0, 32, 1.5])("refuses a due rule with day %s", (day) => {
    expect(DueRuleSchema.safeParse({ dayOfNextPeriod: day, shiftToWorkingDay: false }).success).toBe(false);
    expect(() =>
      filingDueDate("month", "2026-10", { dayOfNextPeriod: day, shiftToWorkingDay: false }),
    ).toThrow(InvalidInput);
  });
});

describe("period ended", () => {
  it("October 2026 has not ended at 23:59:59.999 on 31 October, Shanghai time", () => {
    expect(hasPeriodEnded("month", "2026-10", new Date("2026-10-31T15:59:59.999Z"))).toBe(false);
  });

  it("October 2026 has ended at 00:00 on 1 November, Shanghai time", () => {
    expect(hasPeriodEnded("month", "2026-10", new Date("2026-10-31T16:00:00Z"))).toBe(true);
  });
});

describe("day offsets", () => {
  it("moves by calendar days without a calendar", () => {
    expect(offsetFrom("2026-10-08", { days: -3, unit: "calendar" })).toBe("2026-10-05");
  });

  it("moves by working days over Golden Week 2026", () => {
    expect(offsetFrom("2026-09-30", { days: 1, unit: "working", at: "09:00" }, calendar)).toBe("2026-10-08");
    expect(offsetFrom("2026-10-08", { days: -2, unit: "working" }, calendar)).toBe("2026-09-29");
  });

  it("counts 20 working days back from a deadline", () => {
    expect(offsetFrom("2026-11-05", { days: -20, unit: "working" }, calendar)).toBe("2026-10-09");
  });

  it("needs a calendar for working days", () => {
    expect(() => offsetFrom("2026-10-08", { days: 1, unit: "working" })).toThrow(/needs a HolidayCalendar/);
  });

  it("refuses an offset time that is not HH:mm", () => {
    expect(DayOffsetSchema.safeParse({ days: 1, unit: "working", at: "25:00" }).success).toBe(false);
    expect(DayOffsetSchema.safeParse({ days: -20, unit: "working", at: "09:00" }).success).toBe(true);
  });
});

describe("invariants", () => {
  /** Periods whose due dates (≤ 31 days into the next period) fall in covered years 2004–2026. */
  const coveredPeriod: fc.Arbitrary<[PeriodKind, string]> = fc.oneof(
    fc
      .tuple(fc.integer({ min: 2004, max: 2026 }), fc.integer({ min: 1, max: 12 }))
      .filter(([y, m]) => !(y === 2026 && m === 12))
      .map(([y, m]): [PeriodKind, string] => ["month", `${y}-${String(m).padStart(2, "0")}`]),
    fc
      .tuple(fc.integer({ min: 2004, max: 2026 }), fc.integer({ min: 1, max: 4 }))
      .filter(([y, q]) => !(y === 2026 && q === 4))
      .map(([y, q]): [PeriodKind, string] => ["quarter", `${y}-Q${q}`]),
    fc.integer({ min: 2004, max: 2025 }).map((y): [PeriodKind, string] => ["year", String(y)]),
  );
  const anyRule: fc.Arbitrary<DueRule> = fc.record({
    dayOfNextPeriod: fc.integer({ min: 1, max: 31 }),
    shiftToWorkingDay: fc.boolean(),
  });

  it("a deadline is always after the period's end", () => {
    fc.assert(
      fc.property(coveredPeriod, anyRule, ([kind, period], rule) => {
        const deadline = filingDeadline(kind, period, rule, calendar);

        expect(deadline.getTime()).toBeGreaterThan(periodEnd(kind, period).getTime());
      }),
    );
  });

  it("a shifted due date is a working day no earlier than the unshifted one", () => {
    fc.assert(
      fc.property(coveredPeriod, fc.integer({ min: 1, max: 31 }), ([kind, period], day) => {
        const plain = filingDueDate(kind, period, { dayOfNextPeriod: day, shiftToWorkingDay: false });
        const shifted = filingDueDate(
          kind,
          period,
          { dayOfNextPeriod: day, shiftToWorkingDay: true },
          calendar,
        );

        expect(calendar.isWorkingDay(shifted)).toBe(true);
        expect(shifted >= plain).toBe(true);
      }),
    );
  });

  it("a report is on time exactly when its Shanghai receipt date is on or before the due date", () => {
    fc.assert(
      fc.property(
        coveredPeriod,
        anyRule,
        fc.integer({ min: -3 * 24 * 3600, max: 3 * 24 * 3600 }),
        ([kind, period], rule, secondsFromDeadline) => {
          const deadline = filingDeadline(kind, period, rule, calendar);
          const receivedAt = new Date(deadline.getTime() + secondsFromDeadline * 1000);

          const onTime = isOnTime(receivedAt, deadline);

          expect(onTime).toBe(shanghaiDateOf(receivedAt) <= filingDueDate(kind, period, rule, calendar));
        },
      ),
    );
  });
});
