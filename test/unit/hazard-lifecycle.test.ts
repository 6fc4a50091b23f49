import { describe, expect, it } from "vitest";
import { Conflict, Forbidden, NotFound, RuleViolation } from "../../functions/domain/errors";
import {
  type Actor,
  assertFutureDate,
  assertMayAct,
  assertState,
  endOverdue,
  type Hazard,
  type HazardStatus,
  hazardNotFound,
  totalOverdueDays,
} from "../../functions/domain/hazard";
import { monthsBetween } from "../../functions/domain/period";

/**
 * The pure rules of a hazard's lifecycle: which action a state allows (a major hazard goes registered →
 * planned → listed → acceptance_requested → delisted; a general one open → rectified), who may act, and
 * what counts as a future date.
 */

const CREDIT_CODE = "91530502MA2PEF5889";

function hazard(overrides: Partial<Hazard> = {}): Hazard {
  return {
    id: "HZ-20261102-ABCD1234",
    creditCode: CREDIT_CODE,
    countyCode: "530502",
    enterpriseName: "保山市隆阳区江昌煤业有限公司",
    supervisingDepartment: "应急管理局",
    level: "major",
    title: "尾矿库排洪隧洞坍塌",
    description: "汛期存在溃坝风险",
    foundAt: "2026-11-01T07:00:00.000Z",
    source: "department_inspection",
    status: "registered",
    progressReports: [],
    extensionRequests: [],
    evaluations: [],
    acceptances: [],
    overdue: false,
    planVersion: 0,
    firedSteps: [],
    timeline: [],
    rev: 1,
    ...overrides,
  };
}

type MajorAction = Parameters<typeof assertState>[1];

/** Which states each action of a major hazard needs (挂牌督办 → 销号). */
const ALLOWED: Record<Exclude<MajorAction, "rectification">, HazardStatus[]> = {
  plan: ["registered", "planned"],
  listing: ["planned"],
  progress: ["listed", "acceptance_requested"],
  extension: ["listed"],
  evaluation: ["listed"],
  acceptanceRequest: ["listed"],
  acceptance: ["acceptance_requested"],
};
const MAJOR_STATES: HazardStatus[] = ["registered", "planned", "listed", "acceptance_requested", "delisted"];

const legal = Object.entries(ALLOWED).flatMap(([action, states]) =>
  states.map((status) => [action as MajorAction, status] as const),
);
const illegal = Object.entries(ALLOWED).flatMap(([action, states]) =>
  MAJOR_STATES.filter((s) => !states.includes(s)).map((status) => [action as MajorAction, status] as const),
);

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("assertState: the lifecycle of a major hazard", () => {
  it.each(legal)("%s is allowed on a major hazard that is %s", (action, status) => {
    expect(() => assertState(hazard({ status }), action)).not.toThrow();
  });

  it.each(illegal)("%s on a major hazard that is %s is a Conflict naming that state", (action, status) => {
    const error = thrown(() => assertState(hazard({ status }), action));

    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).reason).toBe("hazard.wrong_status");
    expect((error as Conflict).message).toMatch(/^隐患 HZ-20261102-ABCD1234 当前为“[^”a-z]+”，/);
  });

  it("a delisted hazard allows nothing more: it is closed", () => {
    const refused = Object.keys(ALLOWED).filter(
      (action) =>
        thrown(() => assertState(hazard({ status: "delisted" }), action as MajorAction)) instanceof Conflict,
    );

    expect(refused).toEqual(Object.keys(ALLOWED));
  });

  it("listing a hazard that has no plan yet is refused: 五落实 comes before 挂牌督办", () => {
    expect(() => assertState(hazard({ status: "registered" }), "listing")).toThrow(
      "隐患 HZ-20261102-ABCD1234 当前为“已登记”，挂牌督办须在“已制定治理方案”状态下办理",
    );
  });

  it("recording an acceptance before the enterprise asked for one is refused, naming the listed state", () => {
    expect(() => assertState(hazard({ status: "listed" }), "acceptance")).toThrow(
      "隐患 HZ-20261102-ABCD1234 当前为“挂牌督办中”，复查验收须在“已申请验收”状态下办理",
    );
  });

  it("a major hazard is never closed by rectification: that is a Conflict", () => {
    const error = thrown(() => assertState(hazard({ status: "listed" }), "rectification"));

    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).message).toBe("重大隐患经验收销号办结，不走整改流程");
  });
});

describe("assertState: a general hazard", () => {
  const general = (status: HazardStatus) =>
    hazard({ level: "general", status, rectifyBy: "2026-11-10", planVersion: 1 });

  it("an open general hazard can be rectified", () => {
    expect(() => assertState(general("open"), "rectification")).not.toThrow();
  });

  it("rectifying it a second time is a Conflict naming the rectified state", () => {
    const error = thrown(() => assertState(general("rectified"), "rectification"));

    expect(error).toBeInstanceOf(Conflict);
    expect((error as Conflict).message).toBe(
      "隐患 HZ-20261102-ABCD1234 当前为“已整改”，只有待整改的隐患可以整改",
    );
  });

  it.each(Object.keys(ALLOWED) as MajorAction[])(
    "%s applies to major hazards only: on a general hazard it is a Conflict",
    (action) => {
      const error = thrown(() => assertState(general("open"), action));

      expect(error).toBeInstanceOf(Conflict);
      expect((error as Conflict).reason).toBe("hazard.general_only_major_action");
      expect((error as Conflict).message).toMatch(
        /^隐患 HZ-20261102-ABCD1234 是一般隐患，“[^”a-z]+”只适用于重大隐患$/,
      );
    },
  );
});

describe("assertMayAct: who acts on a hazard", () => {
  const ownUser: Actor & { enterprise: string } = {
    sub: "user-1",
    role: "enterprise",
    jurisdiction: "530502",
    enterprise: CREDIT_CODE,
  };
  const otherUser = { ...ownUser, sub: "user-2", enterprise: "91530502MA2TESTX00" };
  const countyInspector: Actor = { sub: "inspector-1", role: "inspector", jurisdiction: "530502" };
  const cityAnweiban: Actor = { sub: "anweiban-1", role: "anweiban", jurisdiction: "530500" };
  const provinceLeader: Actor = { sub: "leader-1", role: "leader", jurisdiction: "530000" };
  const neighbourInspector: Actor = { sub: "inspector-2", role: "inspector", jurisdiction: "530521" };
  const otherCity: Actor = { sub: "anweiban-2", role: "anweiban", jurisdiction: "530100" };
  const target = hazard();

  it("the enterprise's own user acts where the enterprise or either side may", () => {
    expect(() => assertMayAct(ownUser, target, "enterprise")).not.toThrow();
    expect(() => assertMayAct(ownUser, target, "either")).not.toThrow();
  });

  it("officials of the county, its city and its province act where an official or either side may", () => {
    for (const official of [countyInspector, cityAnweiban, provinceLeader]) {
      expect(() => assertMayAct(official, target, "official")).not.toThrow();
      expect(() => assertMayAct(official, target, "either")).not.toThrow();
    }
  });

  it("an official doing what only the enterprise does (asking for an extension, for acceptance) is Forbidden", () => {
    expect(() => assertMayAct(countyInspector, target, "enterprise")).toThrow(Forbidden);
    expect(() => assertMayAct(countyInspector, target, "enterprise")).toThrow("此事项只能由企业自己办理");
  });

  it("the enterprise doing what only an official does (listing, deciding, accepting) is Forbidden", () => {
    expect(() => assertMayAct(ownUser, target, "official")).toThrow(Forbidden);
    expect(() => assertMayAct(ownUser, target, "official")).toThrow("此事项只能由监管部门人员办理");
  });

  it("another enterprise's user finds no such hazard (404 as for a missing one), even for what either side may do", () => {
    expect(() => assertMayAct(otherUser, target, "either")).toThrow(NotFound);
    expect(() => assertMayAct(otherUser, target, "enterprise")).toThrow(hazardNotFound(target.id).message);
  });

  it("an official of a neighbouring county or another city finds no such hazard, before any role check", () => {
    for (const official of [neighbourInspector, otherCity]) {
      expect(() => assertMayAct(official, target, "enterprise")).toThrow(NotFound);
      expect(() => assertMayAct(official, target, "either")).toThrow(hazardNotFound(target.id).message);
    }
  });

  it("an enterprise user whose token lacks the enterprise claim reaches no hazard", () => {
    const { enterprise: _dropped, ...noClaim } = ownUser;

    expect(() => assertMayAct(noClaim, target, "either")).toThrow(NotFound);
  });
});

describe("assertFutureDate", () => {
  const now = new Date("2026-11-02T10:00:00+08:00");

  it("tomorrow, Shanghai time, is in the future", () => {
    expect(() => assertFutureDate("2026-11-03", now, "deadline")).not.toThrow();
  });

  it("today still counts while its Shanghai day has not ended (a deadline is the end of its day)", () => {
    expect(() => assertFutureDate("2026-11-02", now, "deadline")).not.toThrow();
    expect(() =>
      assertFutureDate("2026-11-02", new Date("2026-11-02T23:59:59+08:00"), "deadline"),
    ).not.toThrow();
  });

  it("a day that ended at midnight Shanghai is refused, even while it is still that day in UTC", () => {
    // 00:00 on 3 November in Shanghai is 16:00 on 2 November UTC.
    const midnight = new Date("2026-11-03T00:00:00+08:00");

    expect(() => assertFutureDate("2026-11-02", midnight, "deadline")).toThrow(RuleViolation);
  });

  it("yesterday is a RuleViolation naming the field and the date", () => {
    const error = thrown(() => assertFutureDate("2026-11-01", now, "newDeadline"));

    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).message).toBe("新的整改期限（2026-11-01）须为将来的日期");
    expect((error as RuleViolation).fields).toEqual([{ path: "newDeadline", message: "须为将来的日期" }]);
  });
});

describe("the overdue history of a hazard", () => {
  it("a delisting ends the overdue spell but keeps it: since, until, the deadline and its days, and the months it touched", () => {
    const h = hazard({
      status: "acceptance_requested",
      deadline: "2026-10-31",
      overdue: true,
      overdueSince: "2026-11-01T01:00:00.000Z",
    });

    endOverdue(h, new Date("2026-12-03T09:00:00+08:00"), monthsBetween);

    expect(h.overdue).toBe(false);
    expect(h.overdueSince).toBeUndefined();
    expect(h.overdueSpells).toEqual([
      {
        since: "2026-11-01T01:00:00.000Z",
        until: "2026-12-03T01:00:00.000Z",
        deadline: "2026-10-31",
        days: 33,
      },
    ]);
    expect(h.overdueMonths).toEqual(["2026-11", "2026-12"]);
    expect(totalOverdueDays(h, new Date("2027-06-01T00:00:00+08:00"))).toBe(33);
  });

  it("days overdue add the spell in progress, in Shanghai calendar days past the deadline in force", () => {
    const h = hazard({
      deadline: "2026-10-30",
      overdue: true,
      overdueSince: "2026-11-01T01:00:00.000Z",
      overdueSpells: [{ since: "2026-05-01T01:00:00.000Z", until: "2026-05-04T01:00:00.000Z", days: 3 }],
    });

    expect(totalOverdueDays(h, new Date("2026-11-01T02:00:00.000Z"))).toBe(5);
  });

  it("a hazard that was never overdue has no spell to keep", () => {
    const h = hazard({ overdue: false });

    endOverdue(h, new Date("2026-12-03T09:00:00+08:00"), monthsBetween);

    expect(h.overdueSpells).toBeUndefined();
    expect(totalOverdueDays(h, new Date("2026-12-03T09:00:00+08:00"))).toBe(0);
  });
});
