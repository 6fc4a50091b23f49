import packageData from "chinese-days/dist/chinese-days.json" with { type: "json" };
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  addDays,
  CalendarYearMissing,
  createHolidayCalendar,
  dayOfWeek,
  LocalDateSchema,
  shanghaiAt,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
  shanghaiTimeOfDay,
  toShanghaiIso,
  type YearCalendar,
  YearCalendarSchema,
} from "../../functions/domain/calendar";
import { InvalidInput, RuleViolation } from "../../functions/domain/errors";
import { decodeNotice, encodeNotices } from "../../functions/domain/holiday-notices";
import { HOLIDAY_NOTICES } from "../../functions/domain/holiday-table";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Dates built with Date#toISOString (UTC), independent of the code under test. */
function dateBetween(from: string, to: string): fc.Arbitrary<string> {
  return fc
    .integer({ min: Date.parse(`${from}T00:00:00Z`) / DAY_MS, max: Date.parse(`${to}T00:00:00Z`) / DAY_MS })
    .map((dayNumber) => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10));
}

const anyDate = dateBetween("1900-01-01", "2200-12-31");
const coveredDate = dateBetween("2004-01-01", "2026-12-31");

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the action to throw");
}

describe("LocalDateSchema", () => {
  it("accepts real dates, including 29 February of a leap year", () => {
    expect(LocalDateSchema.safeParse("2026-10-01").success).toBe(true);
    expect(LocalDateSchema.safeParse("2024-02-29").success).toBe(true);
  });

  it.each([
    "2026-02-30",
    "2025-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-1-5",
    "2026-10-01T00:00",
  ])("refuses %s", (text) => {
    expect(LocalDateSchema.safeParse(text).success).toBe(false);
  });
});

describe("Shanghai instants", () => {
  it("puts 15:59:59 UTC on the same Shanghai date and 16:00:00 UTC on the next", () => {
    expect(shanghaiDateOf(new Date("2026-11-05T15:59:59Z"))).toBe("2026-11-05");
    expect(shanghaiDateOf(new Date("2026-11-05T16:00:00Z"))).toBe("2026-11-06");
  });

  it("starts a Shanghai day at 16:00 UTC the day before and ends it at the next day's start", () => {
    expect(shanghaiStartOfDay("2026-11-06").toISOString()).toBe("2026-11-05T16:00:00.000Z");
    expect(shanghaiEndOfDay("2026-11-05").toISOString()).toBe("2026-11-05T16:00:00.000Z");
  });

  it("reads a wall-clock time on a Shanghai date as the instant eight hours earlier in UTC", () => {
    expect(shanghaiAt("2026-11-05", "09:00").toISOString()).toBe("2026-11-05T01:00:00.000Z");
    expect(shanghaiAt("2026-01-01", "00:30").toISOString()).toBe("2025-12-31T16:30:00.000Z");
  });

  it.each(["24:00", "9:00", "12:60", "noon"])("refuses the time of day %s", (time) => {
    expect(() => shanghaiAt("2026-11-05", time)).toThrow(InvalidInput);
  });

  it("refuses a date that does not exist", () => {
    expect(() => shanghaiStartOfDay("2026-02-30")).toThrow(InvalidInput);
  });

  it("refuses an invalid Date instead of answering NaN-NaN-NaN", () => {
    expect(() => shanghaiDateOf(new Date(Number.NaN))).toThrow(InvalidInput);
  });

  it("gives the Shanghai wall-clock hour and minute of an instant", () => {
    expect(shanghaiTimeOfDay(new Date("2026-11-05T16:30:00Z"))).toEqual({ hour: 0, minute: 30 });
    expect(shanghaiTimeOfDay(new Date("2026-11-05T01:05:59Z"))).toEqual({ hour: 9, minute: 5 });
  });

  it("writes an instant for people as Shanghai time with its +08:00 offset", () => {
    expect(toShanghaiIso(new Date("2026-11-05T01:00:00Z"))).toBe("2026-11-05T09:00:00+08:00");
    expect(toShanghaiIso(new Date("2026-12-31T16:00:00.999Z"))).toBe("2027-01-01T00:00:00+08:00");
  });

  it("adds calendar days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
    expect(addDays("2026-10-01", 0)).toBe("2026-10-01");
  });

  it("knows 2026-10-01 is a Thursday and 2025-01-26 a Sunday", () => {
    expect(dayOfWeek("2026-10-01")).toBe(4);
    expect(dayOfWeek("2025-01-26")).toBe(0);
  });

  it("maps the start of every Shanghai day back to that day", () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        expect(shanghaiDateOf(shanghaiStartOfDay(date))).toBe(date);
        expect(shanghaiDateOf(shanghaiEndOfDay(date))).toBe(addDays(date, 1));
      }),
    );
  });

  it("places every instant within [start, end) of its own Shanghai day", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1950-01-01Z"), max: new Date("2150-01-01Z"), noInvalidDate: true }),
        (t) => {
          const date = shanghaiDateOf(t);
          expect(shanghaiStartOfDay(date).getTime()).toBeLessThanOrEqual(t.getTime());
          expect(t.getTime()).toBeLessThan(shanghaiEndOfDay(date).getTime());
        },
      ),
    );
  });

  it("agrees with the UTC weekday of the same date and undoes addDays with its negation", () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -5000, max: 5000 }), (date, n) => {
        expect(dayOfWeek(date)).toBe(new Date(`${date}T00:00:00Z`).getUTCDay());
        expect(addDays(addDays(date, n), -n)).toBe(date);
      }),
    );
  });
});

describe("process time zone", () => {
  it.each(["America/New_York", "Pacific/Kiritimati", "Asia/Shanghai"])(
    "gives the same answers when the process runs in %s",
    (tz) => {
      // Node re-reads TZ when it is assigned, so local-time getters would change under us here.
      process.env.TZ = tz;
      const calendar = createHolidayCalendar();

      expect(shanghaiDateOf(new Date("2026-11-05T16:00:00Z"))).toBe("2026-11-06");
      expect(shanghaiStartOfDay("2026-11-06").toISOString()).toBe("2026-11-05T16:00:00.000Z");
      expect(toShanghaiIso(new Date("2026-11-05T01:00:00Z"))).toBe("2026-11-05T09:00:00+08:00");
      expect(dayOfWeek("2026-10-17")).toBe(6);
      expect(calendar.isWorkingDay("2026-10-17")).toBe(false);
      expect(calendar.isWorkingDay("2026-10-10")).toBe(true);
      expect(calendar.addWorkingDays("2026-09-30", 1)).toBe("2026-10-08");
    },
  );
});

describe("holiday calendar from the State Council notices (chinese-days)", () => {
  const calendar = createHolidayCalendar();

  it("holds the package's notices as written by `npm run holidays:table` (run it after a version bump)", () => {
    expect(HOLIDAY_NOTICES).toEqual(encodeNotices(packageData));
    for (const [year, notice] of Object.entries(HOLIDAY_NOTICES)) {
      const prefix = `${year}-`;
      const decoded = decodeNotice(Number(year), notice);
      expect(decoded.holidays).toEqual(
        Object.keys(packageData.holidays)
          .filter((d) => d.startsWith(prefix))
          .sort(),
      );
      expect(decoded.workdays).toEqual(
        Object.keys(packageData.workdays)
          .filter((d) => d.startsWith(prefix))
          .sort(),
      );
    }
  });

  it("covers exactly 2004–2026", () => {
    expect(calendar.coveredYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it("treats National Day 2026-10-01 as a day off", () => {
    expect(calendar.isWorkingDay("2026-10-01")).toBe(false);
  });

  it("treats the 调休 weekends of National Day 2026 (Sunday 20 September, Saturday 10 October) as working days", () => {
    expect(calendar.isWorkingDay("2026-09-20")).toBe(true);
    expect(calendar.isWorkingDay("2026-10-10")).toBe(true);
  });

  it("treats Sunday 2025-01-26, worked before Spring Festival 2025, as a working day", () => {
    expect(calendar.isWorkingDay("2025-01-26")).toBe(true);
  });

  it("treats an ordinary Saturday as a day off and an ordinary Monday as a working day", () => {
    expect(calendar.isWorkingDay("2026-10-17")).toBe(false);
    expect(calendar.isWorkingDay("2026-10-19")).toBe(true);
  });

  it("steps over Golden Week 2026: one working day after 30 September is 8 October", () => {
    expect(calendar.addWorkingDays("2026-09-30", 1)).toBe("2026-10-08");
  });

  it("counts the 调休 Saturday 10 October 2026 as the third working day after 30 September", () => {
    expect(calendar.addWorkingDays("2026-09-30", 3)).toBe("2026-10-10");
  });

  it("steps back over Golden Week 2026: one working day before 8 October is 30 September", () => {
    expect(calendar.addWorkingDays("2026-10-08", -1)).toBe("2026-09-30");
  });

  it("leaves a date unchanged when adding zero working days, working day or not", () => {
    expect(calendar.addWorkingDays("2026-10-03", 0)).toBe("2026-10-03");
  });

  it("finds the next working day after National Day and Mid-Autumn 2025 (5 October → 9 October)", () => {
    expect(calendar.nextWorkingDayOnOrAfter("2025-10-05")).toBe("2025-10-09");
    expect(calendar.nextWorkingDayOnOrAfter("2025-10-09")).toBe("2025-10-09");
  });

  it("agrees with chinese-days' own isWorkday on every day of 2004–2026 when asked at UTC", async () => {
    // The package's functions are exact at UTC (this suite's TZ); west of UTC they shift dates by a day,
    // which is why calendar.ts reads the package's JSON instead. The maps are built on import, so set TZ first.
    process.env.TZ = "UTC";
    const library = (await import("chinese-days")).default as { isWorkday: (date: string) => boolean };
    const mismatches: string[] = [];
    for (let date = "2004-01-01"; date <= "2026-12-31"; date = addDays(date, 1)) {
      if (calendar.isWorkingDay(date) !== library.isWorkday(date)) mismatches.push(date);
    }

    expect(mismatches).toEqual([]);
  });

  it("makes the n-th working day after a date a working day with exactly n working days up to it", () => {
    fc.assert(
      fc.property(dateBetween("2004-01-01", "2026-06-30"), fc.integer({ min: 1, max: 60 }), (date, n) => {
        const result = calendar.addWorkingDays(date, n);

        expect(calendar.isWorkingDay(result)).toBe(true);
        let count = 0;
        for (let d = addDays(date, 1); d <= result; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) count++;
        expect(count).toBe(n);
      }),
    );
  });

  it("undoes n working days forward with n working days back when starting on a working day", () => {
    fc.assert(
      fc.property(dateBetween("2004-02-01", "2026-06-30"), fc.integer({ min: 0, max: 60 }), (date, n) => {
        const start = calendar.nextWorkingDayOnOrAfter(date);

        expect(calendar.addWorkingDays(calendar.addWorkingDays(start, n), -n)).toBe(start);
      }),
    );
  });

  it("returns the date itself or a later working day with only days off in between", () => {
    fc.assert(
      fc.property(
        coveredDate.filter((d) => d <= "2026-12-20"),
        (date) => {
          const next = calendar.nextWorkingDayOnOrAfter(date);

          expect(next >= date).toBe(true);
          expect(calendar.isWorkingDay(next)).toBe(true);
          for (let d = date; d < next; d = addDays(d, 1)) expect(calendar.isWorkingDay(d)).toBe(false);
        },
      ),
    );
  });
});

describe("years without a notice", () => {
  const calendar = createHolidayCalendar();
  const message =
    "缺少 2027 年的节假日安排，无法计算工作日：请管理员按国务院办公厅通知通过 PUT /v1/calendar/2027 提交（holidays、workdays），或补充 config/holidays/2027.json";

  it("refuses to answer for 2027 rather than guessing weekends only, and says how to supply it", () => {
    const error = thrown(() => calendar.isWorkingDay("2027-01-05"));

    expect(error).toBeInstanceOf(CalendarYearMissing);
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ year: 2027, status: 422, code: "rule_violation", message });
  });

  it("refuses a year before the package's data starts", () => {
    expect(() => calendar.isWorkingDay("2003-06-02")).toThrow("缺少 2003 年的节假日安排");
  });

  it("refuses working-day arithmetic that runs from 2026 into 2027", () => {
    expect(() => calendar.addWorkingDays("2026-12-28", 10)).toThrow(CalendarYearMissing);
    expect(() => calendar.nextWorkingDayOnOrAfter("2026-12-31")).not.toThrow();
  });

  it("answers for 2027 once its notice is supplied", () => {
    // Made-up 2027 data: the real notice is not out yet; this only shows the supplied year is consulted.
    const with2027 = createHolidayCalendar([
      { year: 2027, holidays: ["2027-01-01", "2027-01-04"], workdays: ["2027-01-09"] },
    ]);

    expect(with2027.isWorkingDay("2027-01-04")).toBe(false);
    expect(with2027.isWorkingDay("2027-01-05")).toBe(true);
    expect(with2027.isWorkingDay("2027-01-09")).toBe(true);
    expect(with2027.addWorkingDays("2026-12-31", 1)).toBe("2027-01-05");
    expect(with2027.coveredYears()).toContain(2027);
  });

  it("lets supplied data for a year replace the package's data for that year", () => {
    const replaced = createHolidayCalendar([{ year: 2026, holidays: [], workdays: [] }]);

    expect(replaced.isWorkingDay("2026-10-01")).toBe(true);
    expect(replaced.isWorkingDay("2026-10-10")).toBe(false);
    expect(replaced.isWorkingDay("2025-10-01")).toBe(false);
  });

  it("gives up with a RuleViolation rather than scanning forever through implausible data", () => {
    const allDaysOff = (year: number): YearCalendar => ({
      year,
      holidays: Array.from({ length: 365 }, (_, i) => addDays(`${year}-01-01`, i)),
      workdays: [],
    });
    const calendar = createHolidayCalendar([allDaysOff(2029), allDaysOff(2030)]);

    const error = thrown(() => calendar.nextWorkingDayOnOrAfter("2029-01-01"));

    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).not.toBeInstanceOf(CalendarYearMissing);
  });
});

describe("YearCalendarSchema", () => {
  it("accepts a year whose workdays are weekend days of that year", () => {
    const result = YearCalendarSchema.safeParse({
      year: 2027,
      holidays: ["2027-01-01"],
      workdays: ["2027-01-09", "2027-01-10"],
    });

    expect(result.success).toBe(true);
  });

  it.each([
    ["a date of another year", { year: 2027, holidays: ["2026-12-31"], workdays: [] }],
    [
      "a date listed as holiday and workday",
      { year: 2027, holidays: ["2027-01-09"], workdays: ["2027-01-09"] },
    ],
    ["a weekday as a 调休 workday", { year: 2027, holidays: [], workdays: ["2027-01-05"] }],
    ["a date that does not exist", { year: 2027, holidays: ["2027-02-29"], workdays: [] }],
  ])("refuses %s", (_, value) => {
    expect(YearCalendarSchema.safeParse(value).success).toBe(false);
  });

  it("makes createHolidayCalendar refuse invalid or duplicate supplied years with InvalidInput", () => {
    expect(() => createHolidayCalendar([{ year: 2027, holidays: [], workdays: ["2027-01-05"] }])).toThrow(
      InvalidInput,
    );
    expect(() =>
      createHolidayCalendar([
        { year: 2027, holidays: [], workdays: [] },
        { year: 2027, holidays: ["2027-01-01"], workdays: [] },
      ]),
    ).toThrow("2027 年节假日安排重复提供");
  });
});
