import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { shippedPolicies } from "../../config/policies";
import { STEP_WORDS, timelineLabel } from "../../functions/domain/timeline-words";

const CHINESE = /[\u4e00-\u9fff]/;

/** What a person reads of a timeline entry is Chinese; `what` stays the code programs match on. */
describe("timeline entries in words", () => {
  it("every ladder step of the configuration and of the shipped local rules has its Chinese name", () => {
    const shipped = Object.values(shippedPolicies).flatMap((p) =>
      Object.values(p.ladders ?? {}).flatMap((l) => (l?.steps ?? []).map((s) => s.id)),
    );
    const steps = [...Object.values(config.ladders).flatMap((ladder) => ladder.map((s) => s.id)), ...shipped];

    expect(steps.filter((id) => !STEP_WORDS[id])).toEqual([]);
    expect(timelineLabel("ladder step escalate-1")).toBe("督办提醒：逾期 3 天，报挂牌地安委办");
  });

  it.each([
    ["registered", "hazard"],
    ["plan set", "hazard"],
    ["listed", "hazard"],
    ["progress reported", "hazard"],
    ["extension requested", "hazard"],
    ["extension approved", "hazard"],
    ["extension refused", "hazard"],
    ["evaluated", "hazard"],
    ["acceptance requested", "hazard"],
    ["accepted and delisted", "hazard"],
    ["acceptance failed", "hazard"],
    ["rectified", "hazard"],
    ["reported", "accident"],
    ["investigation extended", "accident"],
    ["report submitted", "accident"],
    ["closed", "accident"],
    ["evaluated", "accident"],
    ["withdrawn", "accident"],
    ["transferred", "enterprise"],
    ["closed", "enterprise"],
    ["reopened", "enterprise"],
    ["no recipient: parent_anweiban", "hazard"],
  ] as const)("%s of a %s reads in Chinese", (what, subject) => {
    expect(timelineLabel(what, subject)).toMatch(CHINESE);
  });

  it("the same code says what it means for its subject: a case closed is 结案, an enterprise closed is 关闭", () => {
    expect(timelineLabel("closed", "accident")).toBe("结案");
    expect(timelineLabel("closed", "enterprise")).toBe("企业关闭");
  });
});
