import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, shanghaiStartOfDay } from "../../functions/domain/calendar";
import { InvalidInput } from "../../functions/domain/errors";
import {
  comparePeriods,
  nextPeriod,
  type PeriodKind,
  PeriodSchema,
  parsePeriod,
  periodEnd,
  periodFirstDay,
  periodLastDay,
  periodOf,
  periodSchemaFor,
  periodsBetween,
  previousPeriod,
} from "../../functions/domain/period";

const kinds: PeriodKind[] = ["month", "quarter", "year"];

/** A period of any kind in 1900–2200, built without the code under test. */
const anyPeriod: fc.Arbitrary<[PeriodKind, string]> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]): [PeriodKind, string] => ["month", `${y}-${String(m).padStart(2, "0")}`]),
  fc
    .tuple(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 4 }))
    .map(([y, q]): [PeriodKind, string] => ["quarter", `${y}-Q${q}`]),
  fc.integer({ min: 1900, max: 2200 }).map((y): [PeriodKind, string] => ["year", String(y)]),
);

describe("period texts", () => {
  it("accepts a monthly period YYYY-MM with month 01–12", () => {
    expect(PeriodSchema.safeParse("2026-10").success).toBe(true);
    expect(PeriodSchema.safeParse("2026-01").success).toBe(true);
  });

  it.each(["2026-13", "2026-00", "2026-1", "26-10", "2026-10-01", "2026-Q4"])(
    "refuses %s as a month",
    (text) => {
      expect(PeriodSchema.safeParse(text).success).toBe(false);
    },
  );

  it("parses quarters and years with their own schemas", () => {
    expect(parsePeriod("quarter", "2026-Q4")).toBe("2026-Q4");
    expect(parsePeriod("year", "2026")).toBe("2026");
    expect(periodSchemaFor("quarter").safeParse("2026-Q5").success).toBe(false);
  });

  it("refuses a text of the wrong kind with InvalidInput", () => {
    expect(() => parsePeriod("quarter", "2026-10")).toThrow(InvalidInput);
    expect(() => parsePeriod("month", "2026-Q4")).toThrow(InvalidInput);
    expect(() => parsePeriod("year", "2026-01")).toThrow(InvalidInput);
  });
});

describe("period arithmetic", () => {
  it("moves from December to January of the next year and back", () => {
    expect(nextPeriod("month", "2026-12")).toBe("2027-01");
    expect(previousPeriod("month", "2027-01")).toBe("2026-12");
  });

  it("moves from the fourth quarter to the first of the next year, and from year to year", () => {
    expect(nextPeriod("quarter", "2026-Q4")).toBe("2027-Q1");
    expect(previousPeriod("quarter", "2026-Q1")).toBe("2025-Q4");
    expect(nextPeriod("year", "2026")).toBe("2027");
  });

  it("finds the period containing a date", () => {
    expect(periodOf("month", "2026-08-15")).toBe("2026-08");
    expect(periodOf("quarter", "2026-08-15")).toBe("2026-Q3");
    expect(periodOf("quarter", "2026-10-01")).toBe("2026-Q4");
    expect(periodOf("year", "2026-08-15")).toBe("2026");
  });

  it("gives first and last days, with 29 February in a leap year", () => {
    expect(periodFirstDay("month", "2024-02")).toBe("2024-02-01");
    expect(periodLastDay("month", "2024-02")).toBe("2024-02-29");
    expect(periodLastDay("month", "2026-02")).toBe("2026-02-28");
    expect(periodFirstDay("quarter", "2026-Q4")).toBe("2026-10-01");
    expect(periodLastDay("quarter", "2026-Q4")).toBe("2026-12-31");
    expect(periodFirstDay("year", "2026")).toBe("2026-01-01");
    expect(periodLastDay("year", "2026")).toBe("2026-12-31");
  });

  it("ends October 2026 at midnight Shanghai time starting 1 November (16:00 UTC on 31 October)", () => {
    expect(periodEnd("month", "2026-10").toISOString()).toBe("2026-10-31T16:00:00.000Z");
  });

  it("lists periods between two periods inclusively, across a year end", () => {
    expect(periodsBetween("month", "2026-11", "2027-02")).toEqual([
      "2026-11",
      "2026-12",
      "2027-01",
      "2027-02",
    ]);
    expect(periodsBetween("quarter", "2026-Q4", "2026-Q4")).toEqual(["2026-Q4"]);
    expect(periodsBetween("year", "2027", "2026")).toEqual([]);
  });

  it("orders periods chronologically as a sort comparator", () => {
    const periods = ["2027-01", "2026-12", "2026-02"];

    periods.sort((a, b) => comparePeriods("month", a, b));

    expect(periods).toEqual(["2026-02", "2026-12", "2027-01"]);
    expect(comparePeriods("quarter", "2026-Q2", "2026-Q2")).toBe(0);
  });

  it("undoes next with previous and previous with next, for every kind", () => {
    fc.assert(
      fc.property(anyPeriod, ([kind, period]) => {
        expect(previousPeriod(kind, nextPeriod(kind, period))).toBe(period);
        expect(nextPeriod(kind, previousPeriod(kind, period))).toBe(period);
        expect(comparePeriods(kind, period, nextPeriod(kind, period))).toBe(-1);
      }),
    );
  });

  it("puts a period's first and last days in that period and ends it at the start of the day after", () => {
    fc.assert(
      fc.property(anyPeriod, ([kind, period]) => {
        const first = periodFirstDay(kind, period);
        const last = periodLastDay(kind, period);

        expect(periodOf(kind, first)).toBe(period);
        expect(periodOf(kind, last)).toBe(period);
        expect(periodOf(kind, addDays(last, 1))).toBe(nextPeriod(kind, period));
        expect(periodEnd(kind, period)).toEqual(shanghaiStartOfDay(addDays(last, 1)));
      }),
    );
  });

  it("lists n + 1 consecutive periods from a period to its n-th successor", () => {
    fc.assert(
      fc.property(anyPeriod, fc.integer({ min: 0, max: 40 }), ([kind, from], n) => {
        let to = from;
        for (let i = 0; i < n; i++) to = nextPeriod(kind, to);

        const between = periodsBetween(kind, from, to);

        expect(between).toHaveLength(n + 1);
        between.slice(1).forEach((p, i) => {
          expect(previousPeriod(kind, p)).toBe(between[i]);
        });
      }),
    );
  });

  it.each(kinds)("refuses a malformed date when finding the %s of it", (kind) => {
    expect(() => periodOf(kind, "2026-02-30")).toThrow(InvalidInput);
  });
});
