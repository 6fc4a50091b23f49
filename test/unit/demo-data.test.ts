import { describe, expect, it } from "vitest";
import { EnterpriseSchema, INDUSTRIES, OfficialSchema, officialId } from "../../functions/domain/catalogue";
import { jurisdictionLevel } from "../../functions/domain/jurisdiction";
import {
  DEMO_COUNTY_CODES,
  DEMO_JURISDICTIONS,
  demoCatalogue,
  generateEnterprises,
  generateOfficials,
} from "../../local/demo-data";

describe("generateEnterprises", () => {
  const enterprises = generateEnterprises({ count: 300, seed: 2015 });

  it("every generated enterprise passes EnterpriseSchema unchanged", () => {
    const problems = enterprises.flatMap((e) => {
      const result = EnterpriseSchema.safeParse(e);
      return result.success ? [] : [`${e.name}: ${result.error.message}`];
    });

    expect(problems).toEqual([]);
    expect(enterprises.map((e) => EnterpriseSchema.parse(e))).toEqual(enterprises);
  });

  it("credit codes, names and mobile numbers are unique within the set", () => {
    const mobiles = enterprises.flatMap((e) => [
      e.legalRep.mobile,
      e.safetyManager.mobile,
      e.infoOfficer.mobile,
    ]);

    expect(new Set(enterprises.map((e) => e.creditCode)).size).toBe(300);
    expect(new Set(enterprises.map((e) => e.name)).size).toBe(300);
    expect(new Set(mobiles).size).toBe(900);
  });

  it("the same seed gives the same enterprises and another seed different ones", () => {
    const again = generateEnterprises({ count: 300, seed: 2015 });
    const other = generateEnterprises({ count: 300, seed: 2016 });

    expect(again).toEqual(enterprises);
    expect(other.map((e) => e.creditCode)).not.toEqual(enterprises.map((e) => e.creditCode));
  });

  it("the five counties of 保山市 and all seven industries are covered", () => {
    expect(new Set(enterprises.map((e) => e.countyCode))).toEqual(new Set(DEMO_COUNTY_CODES));
    expect(DEMO_COUNTY_CODES).toHaveLength(5);
    expect(new Set(enterprises.map((e) => e.industry))).toEqual(new Set(Object.keys(INDUSTRIES)));
  });

  it("the credit code carries the county as its division and construction is supervised by 住建", () => {
    for (const e of enterprises) {
      expect(e.creditCode.slice(2, 8)).toBe(e.countyCode);
      expect(e.supervisingDepartment).toBe(e.industry === "construction" ? "住房和城乡建设局" : "应急管理局");
    }
  });

  it("enterprises can be limited to given counties", () => {
    const tengchong = generateEnterprises({ count: 10, seed: 1, counties: ["530581"] });

    expect(tengchong.every((e) => e.countyCode === "530581" && e.name.startsWith("腾冲市"))).toBe(true);
  });
});

describe("generateOfficials", () => {
  const officials = generateOfficials();

  it("every official passes OfficialSchema and has a unique identity and mobile", () => {
    expect(officials.map((o) => OfficialSchema.parse(o))).toEqual(officials);
    expect(new Set(officials.map(officialId)).size).toBe(officials.length);
    expect(new Set(officials.map((o) => o.mobile)).size).toBe(officials.length);
  });

  it("each county has three inspectors, one 安委办 and two leaders", () => {
    for (const county of DEMO_COUNTY_CODES) {
      const roles = officials.filter((o) => o.jurisdictionCode === county).map((o) => o.role);

      expect(roles.sort()).toEqual(["anweiban", "inspector", "inspector", "inspector", "leader", "leader"]);
    }
  });

  it("the city has the admin and the province has a 安委办 and a leader", () => {
    const cityRoles = officials.filter((o) => o.jurisdictionCode === "530500").map((o) => o.role);
    const provinceRoles = officials.filter((o) => o.jurisdictionCode === "530000").map((o) => o.role);

    expect(cityRoles.sort()).toEqual(["admin", "anweiban", "inspector", "leader", "leader"]);
    expect(provinceRoles.sort()).toEqual(["anweiban", "leader"]);
  });

  it("officials' mobiles never collide with the enterprises' and mail goes to example.gov.cn", () => {
    const enterpriseMobiles = new Set(
      demoCatalogue().enterprises.flatMap((e) => [
        e.legalRep.mobile,
        e.safetyManager.mobile,
        e.infoOfficer.mobile,
      ]),
    );

    expect(officials.filter((o) => enterpriseMobiles.has(o.mobile))).toEqual([]);
    expect(officials.every((o) => o.email?.endsWith("@example.gov.cn"))).toBe(true);
  });
});

describe("DEMO_JURISDICTIONS", () => {
  it("each declared level matches the level derived from the code", () => {
    expect(DEMO_JURISDICTIONS.filter((j) => jurisdictionLevel(j.code) !== j.level)).toEqual([]);
  });
});

describe("demoCatalogue", () => {
  it("defaults to 300 enterprises from seed 2015", () => {
    const catalogue = demoCatalogue();

    expect(catalogue.enterprises).toEqual(generateEnterprises({ count: 300, seed: 2015 }));
    expect(catalogue.jurisdictions).toBe(DEMO_JURISDICTIONS);
  });
});
