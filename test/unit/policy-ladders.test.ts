import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { shippedPolicies } from "../../config/policies";
import { createHolidayCalendar, shanghaiDateOf } from "../../functions/domain/calendar";
import type { LadderStep } from "../../functions/domain/config-schema";
import { RuleViolation } from "../../functions/domain/errors";
import { planLadder } from "../../functions/domain/ladder";
import {
  defaultPolicy,
  effectivePolicy,
  layersAt,
  type PolicyLayer,
  type PolicyOverride,
  parsePolicyOverride,
} from "../../functions/domain/policy";
import { createPolicyService, type PolicyStore, recordedPolicy } from "../../functions/domain/policy-service";

/**
 * Ladders are part of the layered policy (issue 9): a province, city or county changes a ladder step by
 * step id — replaces it, adds one, omits one — and subjects read the ladders of the version they recorded.
 */

const defaults = defaultPolicy(config);
const calendar = createHolidayCalendar();
const periodKinds = Object.fromEntries(config.obligations.map((o) => [o.id, o.periodKind]));
const templates = new Set(Object.keys(config.templates));

function layer(
  jurisdiction: string,
  override: PolicyOverride,
  version = 1,
  history: PolicyLayer["history"] = [],
) {
  return { jurisdiction, version, override, updatedAt: "2026-11-01T00:00:00Z", updatedBy: "admin", history };
}
const layers = (...l: PolicyLayer[]) => new Map(l.map((x) => [x.jurisdiction, x]));
const step = (
  id: string,
  days: number,
  audience: LadderStep["audience"] = ["listing_anweiban"],
): LadderStep => ({
  id,
  anchor: "deadline",
  offset: { days, unit: "calendar" },
  at: "09:00",
  audience,
  template: "major-hazard-escalation",
  marksOverdue: false,
});
const ids = (ladder: LadderStep[]) => ladder.map((s) => s.id);

describe("ladders in the layered policy", () => {
  it("the defaults are config's ladders, each step's source `default`", () => {
    const e = effectivePolicy(defaults, layers(), "530502");

    expect(e.policy.ladders.majorHazard).toEqual(config.ladders.majorHazard);
    expect(e.policy.ladders.extensionDecision.map((s) => [s.id, s.offset])).toEqual([
      ["undecided-3", { days: 3, unit: "working" }],
      ["undecided-5", { days: 5, unit: "working" }],
    ]);
    expect(e.sources["ladders.majorHazard.escalate-3"]).toEqual({ level: "default" });
  });

  it("province omits a step, city replaces escalate-3, county adds a step: each step names the level that set it", () => {
    const stored = layers(
      layer("530000", { ladders: { majorHazard: { omit: ["reminder-30"] } } }),
      layer("530500", { ladders: { majorHazard: { steps: [step("escalate-3", 20)] } } }),
      layer("530502", { ladders: { majorHazard: { steps: [step("escalate-4", 60, ["parent_leaders"])] } } }),
    );

    const county = effectivePolicy(defaults, stored, "530502");
    const sibling = effectivePolicy(defaults, stored, "530521");
    const otherCity = effectivePolicy(defaults, stored, "530102");

    expect(ids(county.policy.ladders.majorHazard)).toEqual([
      "reminder-7",
      "reminder-1",
      "overdue",
      "escalate-1",
      "escalate-2",
      "escalate-3",
      "escalate-4",
    ]);
    expect(county.policy.ladders.majorHazard.find((s) => s.id === "escalate-3")?.offset.days).toBe(20);
    expect(county.sources["ladders.majorHazard.escalate-3"]).toMatchObject({ level: "city", code: "530500" });
    expect(county.sources["ladders.majorHazard.escalate-4"]).toMatchObject({
      level: "county",
      code: "530502",
    });
    expect(county.sources["ladders.majorHazard.reminder-30"]).toMatchObject({ level: "province" });
    // The city's sibling county follows the city, not the county's addition; 昆明 only the province.
    expect(sibling.policy.ladders.majorHazard.find((s) => s.id === "escalate-3")?.offset.days).toBe(20);
    expect(ids(sibling.policy.ladders.majorHazard)).not.toContain("escalate-4");
    expect(otherCity.policy.ladders.majorHazard.find((s) => s.id === "escalate-3")?.offset.days).toBe(30);
    expect(ids(otherCity.policy.ladders.majorHazard)).not.toContain("reminder-30");
    // Other ladders are untouched.
    expect(county.policy.ladders.acceptance).toEqual(config.ladders.acceptance);
  });

  it("the shipped defaults are not changed by a layer", () => {
    effectivePolicy(
      defaults,
      layers(layer("530500", { ladders: { majorHazard: { omit: ["overdue"] } } })),
      "530502",
    );

    expect(ids(defaults.ladders.majorHazard)).toContain("overdue");
  });
});

describe("validating a ladder override", () => {
  const parse = (raw: unknown) =>
    parsePolicyOverride(defaults, layers(), "530500", raw, periodKinds, templates);
  const problems = (raw: unknown) => {
    try {
      parse(raw);
    } catch (e) {
      expect(e).toBeInstanceOf(RuleViolation);
      return (e as RuleViolation).fields;
    }
    throw new Error("accepted");
  };

  it("a misspelt anchor fails validation naming its path instead of silently dropping the step", () => {
    const misspelt = { ...step("escalate-3", 20), anchor: "dealine" };

    expect(problems({ ladders: { majorHazard: { steps: [misspelt] } } })?.map((f) => f.path)).toEqual([
      "ladders.majorHazard.steps.0.anchor",
    ]);
  });

  it("an anchor the ladder's subject does not have, an unknown template and a step twice are refused by path", () => {
    const found = problems({
      ladders: {
        majorHazard: {
          steps: [
            { ...step("a", 1), anchor: "investigationDue" },
            { ...step("b", 1), template: "no-such-template" },
            step("b", 2),
          ],
        },
      },
    });

    expect(found).toEqual([
      {
        path: "ladders.majorHazard.steps.0.anchor",
        message: "此阶梯没有起算日期 investigationDue，可用：deadline、listedOn",
      },
      { path: "ladders.majorHazard.steps.1.template", message: "没有名为 no-such-template 的通知模板" },
      { path: "ladders.majorHazard.steps.2.id", message: "步骤 b 重复出现" },
    ]);
  });

  it("an unknown ladder or an unknown key of a step is refused by path", () => {
    expect(problems({ ladders: { majorHazards: { omit: ["overdue"] } } })?.[0]?.path).toBe("ladders");
    expect(
      problems({ ladders: { majorHazard: { steps: [{ ...step("x", 1), audiance: ["legal_rep"] }] } } })?.[0]
        ?.path,
    ).toBe("ladders.majorHazard.steps.0");
  });
});

describe("the policy a subject recorded", () => {
  const v1: PolicyOverride = { acceptance: { days: 10, unit: "working" } };
  const v2: PolicyOverride = { acceptance: { days: 20 }, ladders: { majorHazard: { omit: ["escalate-3"] } } };
  const current = layers(
    layer("530500", v2, 2, [{ version: 1, at: "2026-10-01T00:00:00Z", by: "admin", override: v1 }]),
  );

  it("reads each layer as it was at the recorded version, from its history", () => {
    const then = effectivePolicy(defaults, layersAt(current, {}, "530500@1"), "530502");
    const now = effectivePolicy(defaults, current, "530502");

    expect(then.version).toBe("530500@1");
    expect(then.policy.acceptance).toMatchObject({ days: 10, unit: "working" });
    expect(ids(then.policy.ladders.majorHazard)).toContain("escalate-3");
    expect(now.policy.acceptance).toMatchObject({ days: 20, unit: "calendar" });
    expect(ids(now.policy.ladders.majorHazard)).not.toContain("escalate-3");
  });

  it("`default` reads no layer, and a layer added since is not read", () => {
    expect(effectivePolicy(defaults, layersAt(current, {}, "default"), "530502").policy).toEqual(defaults);
  });

  it("version 0 of a shipped rule stays readable after the first stored write replaced it", () => {
    const stored = layers(layer("370200", {}, 1));
    const then = effectivePolicy(defaults, layersAt(stored, shippedPolicies, "370200@0"), "370202");

    expect(then.policy.listing?.extensionDecidedWithinWorkingDays).toBe(10);
  });
});

describe('青岛 "3+X" steps on the hazard ladders, across the National Day holiday of 2026', () => {
  const qingdao = effectivePolicy(
    defaults,
    layers(layer("370200", shippedPolicies["370200"] ?? {}, 0)),
    "370202",
  ).policy.ladders;
  const days = (ladder: LadderStep[], anchors: Record<string, string>, from: string) =>
    Object.fromEntries(
      planLadder(ladder, anchors, calendar, new Date(from)).map((p) => [p.step.id, shanghaiDateOf(p.dueAt)]),
    );

  it("a listing of Tuesday 29 September is filed by 9 October (3 working days) and published by 12 October (5)", () => {
    // 30 Sep (1), 1–7 Oct off, 8 Oct (2), 9 Oct (3), Saturday 10 Oct 调休 (4), 12 Oct (5).
    const planned = days(
      qingdao.majorHazard,
      { listedOn: "2026-09-29", deadline: "2027-03-31" },
      "2026-09-29T02:00:00Z",
    );

    expect(planned["listing-filed"]).toBe("2026-10-09");
    expect(planned["listing-published"]).toBe("2026-10-12");
    expect(planned["escalate-3"]).toBe("2027-04-30");
  });

  it("a delisting of Wednesday 30 September is published by 12 October", () => {
    // 8 (1), 9 (2), 10 调休 (3), 12 (4), 13 (5) — counted from 30 Sep itself as day 0.
    expect(days(qingdao.delisting, { delistedOn: "2026-09-30" }, "2026-09-30T02:00:00Z")).toEqual({
      "delisting-published": "2026-10-13",
    });
  });

  it("an extension asked on Monday 28 September and undecided reminds on 14 and 16 October, escalates on 19 October", () => {
    // 29, 30 Sep (2), 8, 9, 10 调休, 12, 13, 14 Oct (8), 15, 16 (10), 19 (11).
    expect(
      days(qingdao.extensionDecision, { extensionRequested: "2026-09-28" }, "2026-09-28T02:00:00Z"),
    ).toEqual({
      "undecided-8": "2026-10-14",
      "undecided-10": "2026-10-16",
      "undecided-11": "2026-10-19",
    });
  });

  it("elsewhere an undecided extension reminds after 3 working days and escalates after 5", () => {
    const ladders = effectivePolicy(defaults, layers(), "530502").policy.ladders;

    expect(
      days(ladders.extensionDecision, { extensionRequested: "2026-09-28" }, "2026-09-28T02:00:00Z"),
    ).toEqual({
      "undecided-3": "2026-10-08",
      "undecided-5": "2026-10-10",
    });
    expect(ladders.delisting).toEqual([]);
  });
});

describe("a recorded version older than the layer's kept history", () => {
  /** An in-memory policy store, as the table keeps it: the layer in force and every write as its own item. */
  function memoryStore() {
    const layers = new Map<string, PolicyLayer>();
    const versions = new Map<string, PolicyOverride>();
    const store: PolicyStore = {
      async list() {
        return [...layers.values()];
      },
      async put(layer, previousVersion) {
        if ((layers.get(layer.jurisdiction)?.version ?? 0) !== previousVersion) return false;
        layers.set(layer.jurisdiction, layer);
        versions.set(`${layer.jurisdiction}@${layer.version}`, layer.override);
        return true;
      },
      async version(code, n) {
        return versions.get(`${code}@${n}`);
      },
    };
    return store;
  }

  it("is read from its own item after 60 later writes pushed it out of the layer's history", async () => {
    const store = memoryStore();
    const policies = createPolicyService({
      config,
      clock: { now: () => new Date("2026-11-01T00:00:00Z") },
      policies: store,
      shipped: {},
    });
    const admin = { sub: "admin:1", role: "admin" as const, jurisdiction: "530500" };
    const first = await policies.put(admin, "530500", { acceptance: { days: 25 } });
    for (let n = 0; n < 60; n++) await policies.put(admin, "530500", { acceptance: { days: 11 + (n % 2) } });

    const layer = (await store.list())[0];
    const then = await recordedPolicy(config, store, "530502", first.version, {});

    expect(first.version).toBe("530500@1");
    expect(layer?.version).toBe(61);
    expect(layer?.history.some((h) => h.version === 1)).toBe(false);
    expect(then.policy.acceptance.days).toBe(25);
    expect((await policies.effective("530502")).policy.acceptance.days).toBe(12);
  });
});
