import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInput } from "../../functions/domain/errors";
import {
  CountyCode,
  isWithin,
  JurisdictionCode,
  jurisdictionLevel,
  parentJurisdiction,
  scopePrefix,
} from "../../functions/domain/jurisdiction";

const countyCode = fc
  .tuple(fc.integer({ min: 11, max: 82 }), fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }))
  .map(([p, c, k]) => `${p}${String(c).padStart(2, "0")}${String(k).padStart(2, "0")}`);

describe("jurisdictionLevel", () => {
  it.each([
    ["530000", "province"],
    ["530500", "city"],
    ["530502", "county"],
    ["530581", "county"],
    ["429004", "county"],
  ] as const)("%s is a %s", (code, level) => {
    expect(jurisdictionLevel(code)).toBe(level);
  });

  it("a code that is not six digits is refused", () => {
    expect(() => jurisdictionLevel("5305")).toThrow(InvalidInput);
  });
});

describe("scopePrefix", () => {
  it.each([
    ["530000", "53"],
    ["530500", "5305"],
    ["530502", "530502"],
  ])("the scope of %s is the prefix %s", (code, prefix) => {
    expect(scopePrefix(code)).toBe(prefix);
  });
});

describe("isWithin", () => {
  it("an enterprise of 隆阳区 is visible to its county, its city and its province", () => {
    const entity = "530502";

    const scopes = ["530502", "530500", "530000"].map((scope) => isWithin(entity, scope));

    expect(scopes).toEqual([true, true, true]);
  });

  it("an enterprise of 隆阳区 is not visible to another county, city or province", () => {
    const entity = "530502";

    const scopes = ["530521", "530100", "520000"].map((scope) => isWithin(entity, scope));

    expect(scopes).toEqual([false, false, false]);
  });

  it("every county is within its parent and its parent's parent", () => {
    fc.assert(
      fc.property(countyCode, (county) => {
        const city = parentJurisdiction(county) ?? "";
        const province = parentJurisdiction(city) ?? "";

        expect(isWithin(county, county)).toBe(true);
        expect(isWithin(county, city)).toBe(true);
        expect(isWithin(county, province)).toBe(true);
      }),
    );
  });
});

describe("parentJurisdiction", () => {
  it.each([
    ["530502", "530500"],
    ["530500", "530000"],
    ["530000", undefined],
    // 省直辖县: arithmetic yields 429000, which is not a real city (documented caveat).
    ["429004", "429000"],
  ])("the parent of %s is %s", (code, parent) => {
    expect(parentJurisdiction(code)).toBe(parent);
  });
});

describe("JurisdictionCode and CountyCode schemas", () => {
  it("a six-digit code with surrounding whitespace is accepted trimmed", () => {
    expect(JurisdictionCode.safeParse(" 530500 ")).toEqual({ success: true, data: "530500" });
  });

  it.each(["53050", "5305001", "53O500", "053050", ""])("%s is not a jurisdiction code", (code) => {
    expect(JurisdictionCode.safeParse(code).success).toBe(false);
  });

  it("a county code is accepted as a county", () => {
    expect(CountyCode.safeParse("530581")).toEqual({ success: true, data: "530581" });
  });

  it.each(["530500", "530000"])("the city or province code %s is refused as a county", (code) => {
    const result = CountyCode.safeParse(code);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("应为区县级行政区划代码");
  });

  it("a malformed county code is refused with the format message only", () => {
    const result = CountyCode.safeParse("abc");

    expect(result.error?.issues.map((i) => i.message)).toEqual(["应为 GB/T 2260 六位行政区划代码"]);
  });
});
