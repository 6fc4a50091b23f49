import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyFigures, formatRate, rank, rate, sumFigures, withRates } from "../../functions/domain/rollup";
import { Figures } from "../../functions/domain/statistics";

/** A county's figures with counts drawn at random and rates computed from them. */
const countyFigures: fc.Arbitrary<Figures> = fc
  .record({
    onTime: fc.nat(500),
    late: fc.nat(100),
    missing: fc.nat(100),
    found: fc.nat(50),
    fixed: fc.nat(50),
    majorFound: fc.nat(5),
    funds: fc.integer({ min: 0, max: 10_000_000 }).map((f) => f / 100),
    overdue: fc.nat(3),
    evaluationsDone: fc.nat(2),
  })
  .map((r) => {
    const f = emptyFigures();
    f.filing.onTime = r.onTime;
    f.filing.late = r.late;
    f.filing.missing = r.missing;
    f.filing.active = r.onTime + r.late + r.missing;
    f.hazards.general.found = r.found;
    f.hazards.general.rectifiedOfFound = Math.min(r.found, r.fixed);
    f.hazards.major.found = r.majorFound;
    f.hazards.major.planFundsYuan = r.funds;
    f.hazards.major.overdueAtEnd = r.overdue;
    f.hazards.major.listedAtEnd.city = r.overdue;
    f.accidents.evaluationsDone = r.evaluationsDone;
    return withRates(f);
  });

describe("rates", () => {
  it("a rate with nothing to divide by is null and reads as a dash, never NaN or 0 %", () => {
    expect(rate(0, 0)).toBeNull();
    expect(formatRate(rate(0, 0))).toBe("—");
    expect(formatRate(Number.NaN)).toBe("—");
    expect(formatRate(rate(0, 4))).toBe("0.0%");
    expect(formatRate(rate(7, 8))).toBe("87.5%");
  });

  it("a county where no enterprise owed a report has null filing rates that survive the schema", () => {
    const f = withRates(emptyFigures());
    expect(f.filing.filingRate).toBeNull();
    expect(f.hazards.general.rectificationRate).toBeNull();
    expect(Figures.parse(JSON.parse(JSON.stringify(f)))).toEqual(f);
  });
});

describe("roll-up", () => {
  it("a city's every count is the sum of its counties' counts, and its rates come from the summed counts", () => {
    fc.assert(
      fc.property(fc.array(countyFigures, { minLength: 1, maxLength: 8 }), (counties) => {
        const city = sumFigures(counties);
        const sum = (pick: (f: Figures) => number) => counties.reduce((s, c) => s + pick(c), 0);
        expect(city.filing.active).toBe(sum((f) => f.filing.active));
        expect(city.filing.onTime).toBe(sum((f) => f.filing.onTime));
        expect(city.hazards.general.found).toBe(sum((f) => f.hazards.general.found));
        expect(city.hazards.major.listedAtEnd.city).toBe(sum((f) => f.hazards.major.listedAtEnd.city));
        expect(city.accidents.evaluationsDone).toBe(sum((f) => f.accidents.evaluationsDone));
        expect(city.hazards.major.planFundsYuan).toBeCloseTo(
          sum((f) => f.hazards.major.planFundsYuan),
          2,
        );
        expect(city.filing.filingRate).toEqual(
          rate(city.filing.onTime + city.filing.late, city.filing.active),
        );
        Figures.parse(city);
      }),
    );
  });

  it("the roll-up of one county is that county", () => {
    fc.assert(
      fc.property(countyFigures, (county) => {
        expect(sumFigures([county])).toEqual(county);
      }),
    );
  });
});

describe("rank", () => {
  const counties = [
    { name: "隆阳区", rate: 0.9 },
    { name: "施甸县", rate: 0.95 },
    { name: "腾冲市", rate: 0.9 },
    { name: "龙陵县", rate: null },
    { name: "昌宁县", rate: 0.8 },
  ];

  it("equal values share a rank and the next rank skips (1, 2, 2, 4); an unrateable one comes last, unranked", () => {
    const ranked = rank(counties, (c) => c.rate).map((r) => [r.item.name, r.rank]);
    expect(ranked).toEqual([
      ["施甸县", 1],
      ["隆阳区", 2],
      ["腾冲市", 2],
      ["昌宁县", 4],
      ["龙陵县", null],
    ]);
  });

  it("ascending order ranks the fewest first (overdue counts)", () => {
    const ranked = rank([{ n: 3 }, { n: 0 }, { n: 0 }], (x) => x.n, "asc").map((r) => r.rank);
    expect(ranked).toEqual([1, 1, 3]);
  });

  it("every rank is one more than the number of items strictly better", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 30 }), (values) => {
        for (const r of rank(values, (v) => v)) {
          expect(r.rank).toBe(values.filter((v) => v > r.item).length + 1);
        }
      }),
    );
  });
});
