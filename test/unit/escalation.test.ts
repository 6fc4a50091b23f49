import { describe, expect, it } from "vitest";
import type { Official } from "../../functions/domain/catalogue";
import type { CatalogueStore } from "../../functions/domain/ports";
import { noRecipientText, resolveAudiences } from "../../functions/domain/supervision";

const official = (jurisdictionCode: string, role: Official["role"], mobile: string): Official => ({
  name: `${role}${jurisdictionCode}`,
  role,
  jurisdictionCode,
  department: role === "inspector" ? "应急管理局" : "",
  mobile,
  email: `${mobile}@example.com`,
});

const OFFICIALS: Official[] = [
  official("110000", "anweiban", "13900000001"),
  official("110000", "leader", "13900000002"),
  official("110101", "anweiban", "13900000003"),
  official("420000", "anweiban", "13900000004"),
  official("420000", "leader", "13900000005"),
  official("440000", "leader", "13900000006"),
];

/** Only the one look-up resolveAudiences makes; everything else would be a mistake in this test. */
const catalogue = {
  async officialsOf(jurisdiction: string, role: Official["role"]) {
    return OFFICIALS.filter((o) => o.jurisdictionCode === jurisdiction && o.role === role);
  },
} as unknown as CatalogueStore;

const mobiles = (r: { recipients: { mobile?: string }[] }) => r.recipients.map((x) => x.mobile).sort();

describe("escalation one level up follows the real parent", () => {
  it("escalate-3 of a listing in 东城区 reaches 北京市's 安委办 and leaders, not a made-up 110100", async () => {
    const resolved = await resolveAudiences(catalogue, ["parent_anweiban", "parent_leaders"], {
      countyCode: "110101",
      jurisdiction: "110101",
    });

    expect(mobiles(resolved)).toEqual(["13900000001", "13900000002"]);
    expect(resolved.unreached).toEqual([]);
  });

  it("escalate-3 of a listing in 仙桃市 (省直辖县) reaches 湖北省, not a made-up 429000", async () => {
    const resolved = await resolveAudiences(catalogue, ["parent_anweiban", "parent_leaders"], {
      countyCode: "429004",
    });

    expect(mobiles(resolved)).toEqual(["13900000004", "13900000005"]);
  });
});

describe("escalation above a province follows the escalation rule", () => {
  const provinceListing = { countyCode: "110101", jurisdiction: "110000" };

  it("by default both audiences reach the province's own leaders", async () => {
    const resolved = await resolveAudiences(
      catalogue,
      ["parent_anweiban", "parent_leaders"],
      provinceListing,
    );

    expect(mobiles(resolved)).toEqual(["13900000002"]);
    expect(resolved.unreached).toEqual([]);
  });

  it("with province_anweiban_and_leaders the 安委办 hears as the 安委办 and the leaders as leaders", async () => {
    const resolved = await resolveAudiences(
      catalogue,
      ["parent_anweiban", "parent_leaders"],
      provinceListing,
      {
        atTop: "province_anweiban_and_leaders",
      },
    );

    expect(mobiles(resolved)).toEqual(["13900000001", "13900000002"]);
  });

  it("with nobody, the step reaches no one and names both audiences as unreached", async () => {
    const resolved = await resolveAudiences(
      catalogue,
      ["parent_anweiban", "parent_leaders"],
      provinceListing,
      {
        atTop: "nobody",
      },
    );

    expect(resolved).toEqual({ recipients: [], unreached: ["parent_anweiban", "parent_leaders"] });
    expect(noRecipientText(resolved.unreached)).toBe("无接收人：上一级安委办、上一级党委、政府主要领导");
  });

  it("an audience whose officials are missing from the catalogue is named as unreached", async () => {
    const resolved = await resolveAudiences(catalogue, ["listing_anweiban", "listing_leaders"], {
      countyCode: "441900",
    });

    expect(resolved.unreached).toEqual(["listing_anweiban", "listing_leaders"]);
  });

  it("finding inspectors of a hazard the enterprise found itself do not count as unreached", async () => {
    const resolved = await resolveAudiences(catalogue, ["finding_inspectors", "parent_leaders"], {
      countyCode: "441900",
      foundByOfficial: false,
    });

    expect(resolved.unreached).toEqual([]);
    expect(mobiles(resolved)).toEqual(["13900000006"]);
  });
});
