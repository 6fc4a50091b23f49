import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { shippedPolicies } from "../../config/policies";
import { createHolidayCalendar } from "../../functions/domain/calendar";
import { RuleViolation } from "../../functions/domain/errors";
import {
  acceptanceDueDate,
  assertExtensionInTime,
  defaultPolicy,
  effectivePolicy,
  extensionDecisionDue,
  type PolicyLayer,
  type PolicyOverride,
  parsePolicyOverride,
  policyDueDate,
  reminderDates,
} from "../../functions/domain/policy";

/**
 * Local rules as layered data (issue 9): national defaults → province → city → county, each level storing
 * only what differs, along the real chain of parents.
 */

const defaults = defaultPolicy(config);
const calendar = createHolidayCalendar();
const MONTHLY = "monthly-self-inspection";
const periodKinds = Object.fromEntries(config.obligations.map((o) => [o.id, o.periodKind]));

function layer(jurisdiction: string, override: PolicyOverride, version = 1): PolicyLayer {
  return {
    jurisdiction,
    version,
    override,
    updatedAt: "2026-11-01T00:00:00Z",
    updatedBy: "admin",
    history: [],
  };
}
const layers = (...l: PolicyLayer[]) => new Map(l.map((x) => [x.jurisdiction, x]));

describe("the effective policy of a jurisdiction", () => {
  it("with nothing stored is the defaults, version `default`, every value from the defaults", () => {
    const e = effectivePolicy(defaults, layers(), "530502");

    expect(e.version).toBe("default");
    expect(e.policy.obligations[MONTHLY]).toMatchObject({ dueDay: 5, reminderDays: [3, 5] });
    expect(e.sources[`obligations.${MONTHLY}.dueDay`]).toEqual({ level: "default" });
  });

  it("county overrides city overrides province overrides defaults, each value naming its level", () => {
    const stored = layers(
      layer(
        "530000",
        { obligations: { [MONTHLY]: { dueDay: 10, reminderDays: [8, 10] } }, acceptance: { days: 15 } },
        3,
      ),
      layer("530500", { obligations: { [MONTHLY]: { dueDay: 7, reminderDays: [5, 7] } } }, 2),
      layer("530502", { obligations: { [MONTHLY]: { reminderShift: "previous_working_day" } } }),
    );

    const county = effectivePolicy(defaults, stored, "530502");
    const neighbour = effectivePolicy(defaults, stored, "530521");
    const otherCity = effectivePolicy(defaults, stored, "530102");

    expect(county.policy.obligations[MONTHLY]).toMatchObject({
      dueDay: 7,
      reminderDays: [5, 7],
      reminderShift: "previous_working_day",
    });
    expect(county.policy.acceptance.days).toBe(15);
    expect(county.sources[`obligations.${MONTHLY}.dueDay`]).toEqual({
      level: "city",
      code: "530500",
      name: "保山市",
    });
    expect(county.sources[`obligations.${MONTHLY}.reminderShift`]).toMatchObject({
      level: "county",
      code: "530502",
    });
    expect(county.sources["acceptance.days"]).toMatchObject({ level: "province", code: "530000" });
    expect(county.sources["acceptance.unit"]).toEqual({ level: "default" });
    expect(county.version).toBe("530000@3/530500@2/530502@1");
    expect(neighbour.policy.obligations[MONTHLY]?.reminderShift).toBe("none");
    expect(otherCity.policy.obligations[MONTHLY]?.dueDay).toBe(10);
  });

  it("东莞 (441900), a county-level unit directly under 广东省, takes the province's layer and its own, no city", () => {
    const stored = layers(
      layer("440000", { acceptance: { unit: "working" } }),
      layer("441900", { obligations: { [MONTHLY]: { dueDay: 10, reminderDays: [7, 10] } } }),
    );

    const e = effectivePolicy(defaults, stored, "441900");

    expect(e.layers.map((l) => l.code)).toEqual(["440000", "441900"]);
    expect(e.policy.obligations[MONTHLY]?.dueDay).toBe(10);
    expect(e.policy.acceptance.unit).toBe("working");
  });

  it("a district of a 直辖市 (110101) sits under the municipality (110000)", () => {
    const e = effectivePolicy(defaults, layers(layer("110000", { acceptance: { days: 7 } })), "110101");

    expect(e.policy.acceptance.days).toBe(7);
    expect(e.sources["acceptance.days"]).toMatchObject({ level: "province", code: "110000", name: "北京市" });
  });
});

describe("validating an override", () => {
  const parse = (code: string, raw: unknown, stored = layers()) =>
    parsePolicyOverride(defaults, stored, code, raw, periodKinds);

  it("accepts a partial override and returns only what it sets", () => {
    expect(parse("530500", { obligations: { [MONTHLY]: { dueDay: 10, reminderDays: [8, 10] } } })).toEqual({
      obligations: { [MONTHLY]: { dueDay: 10, reminderDays: [8, 10] } },
    });
  });

  it("a value out of bounds, an unknown field or a misspelt unit is a 422 naming its path", () => {
    const bad = () =>
      parse("530500", {
        obligations: { [MONTHLY]: { dueDay: 32 } },
        acceptance: { unit: "weeks" },
        extra: 1,
      });

    expect(bad).toThrow(RuleViolation);
    try {
      bad();
    } catch (e) {
      const paths = (e as RuleViolation).fields?.map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining([`obligations.${MONTHLY}.dueDay`, "acceptance.unit"]));
    }
  });

  it("a reminder after the due day the layers above set is a 422 naming the reminder, in Chinese", () => {
    const stored = layers(
      layer("530500", { obligations: { [MONTHLY]: { dueDay: 7, reminderDays: [5, 7] } } }),
    );

    expect(() => parse("530502", { obligations: { [MONTHLY]: { reminderDays: [5, 9] } } }, stored)).toThrow(
      RuleViolation,
    );
    try {
      parse("530502", { obligations: { [MONTHLY]: { reminderDays: [5, 9] } } }, stored);
    } catch (e) {
      expect((e as RuleViolation).fields).toEqual([
        {
          path: `obligations.${MONTHLY}.reminderDays.1`,
          message: "提醒日 9 日晚于截止日 7 日：截止后的通知是逾期通知，不是提醒",
        },
      ]);
    }
  });

  it("an obligation that does not exist is refused by name", () => {
    expect(() => parse("530500", { obligations: { "weekly-report": { dueDay: 3 } } })).toThrow(RuleViolation);
  });
});

describe("dates under a policy", () => {
  const rule = { ...defaults.obligations[MONTHLY], dueDay: 10, reminderDays: [3, 10] } as NonNullable<
    (typeof defaults.obligations)[string]
  >;

  it("a city's due day of the 10th makes October 2026's report due on 10 November", () => {
    expect(policyDueDate("month", "2026-10", rule)).toBe("2026-11-10");
  });

  it("a reminder on 3 January 2026 (元旦 holiday) moves to the working day before, 31 December, when the policy says so", () => {
    const shifting = { ...rule, reminderShift: "previous_working_day" as const };

    expect(reminderDates("month", "2025-12", rule, calendar)).toEqual([
      { day: 3, date: "2026-01-03" },
      { day: 10, date: "2026-01-10" },
    ]);
    // 10 January 2026 is a Saturday: the working day before is Friday 9 January.
    expect(reminderDates("month", "2025-12", shifting, calendar)).toEqual([
      { day: 3, date: "2025-12-31" },
      { day: 10, date: "2026-01-09" },
    ]);
  });

  it("a shifting reminder in a year without holiday data is refused, not guessed", () => {
    const shifting = { ...rule, reminderShift: "previous_working_day" as const };

    expect(() => reminderDates("month", "2026-12", shifting, calendar)).toThrow(/2027/);
  });

  it("an acceptance due in 10 working days from 28 September 2026 skips the National Day holiday: 16 October", () => {
    const working = { days: 10, unit: "working" as const, source: "示例" };
    const calendarDays = { ...working, unit: "calendar" as const };

    expect(acceptanceDueDate(working, "2026-09-28", calendar)).toBe("2026-10-16");
    expect(acceptanceDueDate(calendarDays, "2026-09-28", calendar)).toBe("2026-10-08");
  });
});

describe('青岛 "3+X" (config/policies/qingdao.ts)', () => {
  const qingdao = effectivePolicy(
    defaults,
    layers(layer("370200", shippedPolicies["370200"] ?? {}, 0)),
    "370202",
  );
  const listing = qingdao.policy.listing;

  it("applies to 青岛's districts, from the city's layer", () => {
    expect(listing).toMatchObject({
      extensionRequestAtLeastWorkingDaysBefore: 20,
      extensionDecidedWithinWorkingDays: 10,
    });
    expect(qingdao.sources["listing.extensionRequestAtLeastWorkingDaysBefore"]).toMatchObject({
      code: "370200",
    });
  });

  it("for a deadline of 30 October 2026 an extension is asked by 28 September: 20 working days back across National Day", () => {
    // Back from Friday 30 October: 29–26 Oct (4), 23–19 (9), 16–12 (14), Saturday 10 Oct 调休 (15), 9–8 (17),
    // 1–7 October off, 30–28 September (20). Counted naively as weekdays it would be 2 October.
    expect(() => assertExtensionInTime(listing, "2026-10-30", "2026-09-28", calendar)).not.toThrow();
    expect(() => assertExtensionInTime(listing, "2026-10-30", "2026-09-29", calendar)).toThrow(
      "延期申请应在治理期限（2026-10-30）前至少 20 个工作日提出，即 2026-09-28 前（含当日）；已超过（青岛市重大事故隐患“3+X”挂牌督办制度）",
    );
  });

  it("a request made on 25 September (中秋) counts from the next working day: decided by 15 October", () => {
    expect(extensionDecisionDue(listing, "2026-09-25", calendar)).toBe("2026-10-15");
  });

  it("elsewhere no listing rule is in force and any request is accepted", () => {
    const kunming = effectivePolicy(defaults, layers(), "530102").policy.listing;

    expect(() => assertExtensionInTime(kunming, "2026-10-30", "2026-10-29", calendar)).not.toThrow();
  });
});
