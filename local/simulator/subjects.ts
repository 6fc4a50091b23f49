import {
  addDays,
  addMonths,
  type LocalDate,
  shanghaiAt,
  shanghaiDateOf,
  shanghaiStartOfDay,
} from "../../functions/domain/calendar";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import type { Audience, Channel, DubanConfig, Ladder } from "../../functions/domain/config-schema";
import { cityOf, parentJurisdiction } from "../../functions/domain/jurisdiction";
import { nextPeriod, periodFirstDay, periodOf } from "../../functions/domain/period";
import { mulberry32, type Plan } from "./plan";

/**
 * Hazards (隐患) and accident cases (事故) over a simulation: who registers, lists, extends, evaluates,
 * accepts, closes what and when, drawn from a seeded PRNG of its own (the filing plan is the same with or
 * without them). As for filings, the plan is also the expectation: `modelOf` walks each subject's actions
 * through the rules (plan versions, ladders from config, audiences, progress records) without the code
 * under test, and the invariants compare what the stack did with it.
 *
 * Every action happens at one of ACTION_SLOTS on its day, all of them in office hours and none at a ladder
 * step's 09:00, so an action and a step never share an instant and the clock needs few extra stops.
 *
 * What a run can observe of an accident: the investigation ladder (60 days, reminders 7 and 1 days before,
 * overdue the day after) of every case; of the evaluation ladder (opens 10 months after closing, due at
 * 12) only what falls before the end. A share of the cases (EARLY) therefore happens in the first days
 * after `--start` and closes within about two weeks: with `--months 11` their evaluation window opens in
 * the span, with `--months 12` their evaluation-30 and evaluation-7 reminders fall in it and the overdue
 * notice to the leaders of those never evaluated (closed up to about three weeks after the start). Cases
 * later in the span see only their investigation ladder and, at most, the window opening.
 */

export const SUBJECT_SHARES = {
  /** Of the hazards, major (重大事故隐患); the rest are general (一般隐患). */
  major: 0.2,
  /** General hazards the enterprise found itself; the others an inspector of its department found. */
  generalSelfFound: 0.6,
  majorSelfFound: 0.5,
  /** General hazards: rectified before the reminder, between reminder and overdue, after overdue, never. */
  general: { early: 0.45, beforeOverdue: 0.15, late: 0.25, never: 0.15 },
  /** Major hazards: delisted before the deadline, after escalations, never, failing acceptance once. */
  majorOutcome: { early: 0.35, late: 0.25, never: 0.15, failOnce: 0.25 },
  /** Listed by the city (one level up) rather than the county. */
  cityListing: 0.2,
  /** An extension requested; of those, requested after going overdue, and refused (the rest approved). */
  extension: 0.3,
  extensionAfterOverdue: 0.4,
  extensionRefused: 0.2,
  /** Evaluations that fail first (a passing one follows before the acceptance request). */
  evaluationFailsFirst: 0.1,
  /** Acceptances recorded after the acceptance deadline (after the acceptance-overdue notice). */
  lateAcceptance: 0.15,
  /** After a failed acceptance: passed by the new deadline (else never). */
  passAfterFailure: 0.6,
  /** Listed hazards whose enterprise skips two months of progress in a row. */
  progressTwoMissed: 0.25,
  /** Any other month's progress: filed late (after the close), or skipped. */
  progressLate: 0.08,
  progressSkipped: 0.05,
  /** Accidents in the first days of the span, closed within about two weeks. */
  accidentEarly: 0.3,
  accidentExtension: 0.25,
  /** Closed before the investigation is due, after it went overdue, not within the span. */
  accidentClose: { onTime: 0.45, late: 0.3, never: 0.25 },
  /** Closed cases whose window opens in the span: evaluated on time in the window (else never). */
  accidentEvaluated: 0.5,
} as const;

/** Office hours, a subset of the filing slots (so on filing days the clock stops no more often). */
export const ACTION_SLOTS = ["10:00", "11:30", "14:00", "15:30", "17:00"] as const;

export type LadderName = keyof DubanConfig["ladders"];
export type Caller = {
  sub: string;
  role: "enterprise" | "inspector" | "anweiban" | "leader" | "admin";
  jurisdiction: string;
  enterprise?: string;
};

type Base = { at: Date; by: Caller };
export type HazardAction =
  | (Base & { kind: "register" })
  | (Base & { kind: "plan"; deadline: LocalDate })
  | (Base & { kind: "list"; level: "county" | "city"; department: string; documentNo: string })
  | (Base & { kind: "progress"; period: string; percent: number })
  | (Base & { kind: "rectify" })
  | (Base & { kind: "requestExtension"; newDeadline: LocalDate })
  | (Base & { kind: "decideExtension"; n: number; approved: boolean })
  | (Base & { kind: "evaluate"; conclusion: "pass" | "fail" })
  | (Base & { kind: "requestAcceptance" })
  | (Base & { kind: "accept"; result: "passed" | "failed"; newDeadline?: LocalDate });
export type AccidentAction =
  | (Base & { kind: "create" })
  | (Base & { kind: "extend"; days: number })
  | (Base & { kind: "submit" })
  | (Base & { kind: "close" })
  | (Base & { kind: "evaluate" });

export type HazardPlan = {
  kind: "hazard";
  key: string;
  level: "general" | "major";
  enterprise: Enterprise;
  title: string;
  source: "self_inspection" | "department_inspection";
  foundAt: Date;
  rectifyBy?: LocalDate;
  actions: HazardAction[];
  /** When its `upcoming` is read. */
  samples: Date[];
};

export type AccidentPlan = {
  kind: "accident";
  key: string;
  jurisdiction: string;
  enterprise?: Enterprise;
  occurredAt: Date;
  /** What the messages call it: `${date}一般事故`. */
  label: string;
  early: boolean;
  actions: AccidentAction[];
  samples: Date[];
};

export type SubjectPlan = {
  hazards: HazardPlan[];
  accidents: AccidentPlan[];
  hazardsPerEnterpriseYear: number;
  accidentsPerYear: number;
};

export type SubjectOptions = {
  plan: Plan;
  config: DubanConfig;
  hazardsPerEnterpriseYear: number;
  accidentsPerYear: number;
  seed: number;
};

const DAY_MS = 86_400_000;

const GENERAL_TITLES = [
  "配电箱未可靠接地",
  "消防通道堆放杂物",
  "灭火器压力不足",
  "脚手架连墙件缺失",
  "临边防护栏杆缺损",
  "特种作业人员证书过期",
  "气瓶未设防倾倒措施",
  "安全警示标志缺失",
];
const MAJOR_TITLES = [
  "尾矿库排洪隧洞局部坍塌",
  "高陡边坡出现贯通裂缝",
  "液氯储罐区可燃气体报警失效",
  "井下主要通风机无备用电源",
  "深基坑支护结构变形超限",
];

/** The Shanghai month-day label the templates show ("11月5日"), computed here, not by the code under test. */
export function dayLabel(date: LocalDate): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** A ladder's steps at their due instants from the anchors; steps already past at `from` are not planned. */
export function plannedSteps(
  ladder: Ladder,
  anchors: Record<string, LocalDate | undefined>,
  from: Date,
): {
  id: string;
  dueAt: Date;
  days: number;
  template: string;
  audience: Audience[];
  marksOverdue: boolean;
}[] {
  const out = [];
  for (const step of ladder) {
    const anchor = anchors[step.anchor];
    if (!anchor) continue;
    if (step.offset.unit !== "calendar") throw new Error("the simulator models calendar-day ladder steps");
    const dueAt = shanghaiAt(addDays(anchor, step.offset.days), step.at);
    if (dueAt.getTime() < from.getTime()) continue;
    out.push({
      id: step.id,
      dueAt,
      days: Math.abs(step.offset.days),
      template: step.template,
      audience: step.audience,
      marksOverdue: step.marksOverdue,
    });
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

export function makeSubjectPlan(options: SubjectOptions): SubjectPlan {
  const { plan, config } = options;
  const random = mulberry32((options.seed ^ 0x4a2a_d5e1) >>> 0);
  const int = (n: number) => Math.floor(random() * n);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const startDate = shanghaiDateOf(plan.start);
  const spanDays = Math.round((plan.end.getTime() - plan.start.getTime()) / DAY_MS);
  const end = plan.end;
  const officials = plan.officials;
  const official = (jurisdiction: string, role: Official["role"], department?: string) =>
    officials.find(
      (o) =>
        o.jurisdictionCode === jurisdiction &&
        o.role === role &&
        (department === undefined || o.department === department),
    );
  const callerOf = (o: Official | undefined, fallback: string): Caller => {
    if (!o) throw new Error(`the catalogue has no official for ${fallback}`);
    return {
      sub: `${o.role}:${o.jurisdictionCode}:${o.mobile}`,
      role: o.role as Caller["role"],
      jurisdiction: o.jurisdictionCode,
    };
  };
  const enterpriseCaller = (e: Enterprise): Caller => ({
    sub: `enterprise:${e.creditCode}`,
    role: "enterprise",
    jurisdiction: e.countyCode,
    enterprise: e.creditCode,
  });

  /** A random action instant strictly between `after` and `before` (and before the end), if any. */
  const between = (after: Date, before: Date): Date | undefined => {
    const limit = Math.min(before.getTime(), end.getTime());
    if (limit <= after.getTime()) return undefined;
    const first = shanghaiDateOf(after);
    const days = Math.floor((limit - shanghaiStartOfDay(first).getTime()) / DAY_MS) + 1;
    const offset = int(days);
    for (let k = 0; k < days; k++) {
      const day = addDays(first, (offset + k) % days);
      const slots = ACTION_SLOTS.map((s) => shanghaiAt(day, s)).filter(
        (t) => t.getTime() > after.getTime() && t.getTime() < limit,
      );
      if (slots.length > 0) return pick(slots);
    }
    return undefined;
  };
  const plusDays = (t: Date, days: number) => new Date(t.getTime() + days * DAY_MS);
  const step = (ladder: Ladder, id: string, anchors: Record<string, LocalDate>) => {
    const found = plannedSteps(ladder, anchors, new Date(0)).find((s) => s.id === id);
    if (!found) throw new Error(`no ladder step ${id}`);
    return found.dueAt;
  };
  /** The step that marks the subject overdue, or else the ladder's last (acceptance: acceptance-overdue). */
  const overdueStep = (ladder: Ladder) =>
    ladder.find((s) => s.marksOverdue)?.id ?? ladder[ladder.length - 1]?.id ?? "";
  const firstStep = (ladder: Ladder) => ladder[0]?.id ?? "";

  // --- Hazards --------------------------------------------------------------------------------------------
  const enterprises = plan.enterprises.map((e) => e.enterprise);
  const hazardCount = Math.round(
    (options.hazardsPerEnterpriseYear * enterprises.length * plan.periods.length) / 12,
  );
  const hazards: HazardPlan[] = [];
  for (let i = 0; i < hazardCount; i++) {
    const e = pick(enterprises);
    const major = chance(SUBJECT_SHARES.major);
    const key = `YH${String(i + 1).padStart(5, "0")}`;
    const day = addDays(startDate, int(spanDays));
    const registeredAt = shanghaiAt(day, pick(ACTION_SLOTS));
    if (registeredAt >= end) continue;
    const foundAt = chance(0.5) ? shanghaiAt(day, "08:00") : shanghaiAt(addDays(day, -1), "16:00");
    const selfFound = chance(major ? SUBJECT_SHARES.majorSelfFound : SUBJECT_SHARES.generalSelfFound);
    const registrar = selfFound
      ? enterpriseCaller(e)
      : callerOf(
          official(e.countyCode, "inspector", e.supervisingDepartment),
          `${e.countyCode} ${e.supervisingDepartment}`,
        );
    const h: HazardPlan = {
      kind: "hazard",
      key,
      level: major ? "major" : "general",
      enterprise: e,
      title: `${pick(major ? MAJOR_TITLES : GENERAL_TITLES)}（${key}）`,
      source: selfFound ? "self_inspection" : "department_inspection",
      foundAt,
      actions: [{ kind: "register", at: registeredAt, by: registrar }],
      samples: [],
    };
    if (major) planMajor(h, registeredAt);
    else planGeneral(h, registeredAt);
    const samples = major ? 4 : 2;
    for (let k = 0; k < samples; k++) {
      const at = between(registeredAt, end);
      if (at) h.samples.push(at);
    }
    h.samples.sort((a, b) => a.getTime() - b.getTime());
    hazards.push(h);
  }

  function planGeneral(h: HazardPlan, registeredAt: Date) {
    const ladder = config.ladders.generalHazard;
    const rectifyBy = addDays(shanghaiDateOf(h.foundAt), 3 + int(18));
    h.rectifyBy = rectifyBy;
    const reminder = step(ladder, firstStep(ladder), { rectifyBy });
    const overdue = step(ladder, overdueStep(ladder), { rectifyBy });
    const shares = SUBJECT_SHARES.general;
    const roll = random();
    let at: Date | undefined;
    if (roll < shares.early) at = between(registeredAt, reminder);
    else if (roll < shares.early + shares.beforeOverdue) at = between(reminder, overdue);
    else if (roll < shares.early + shares.beforeOverdue + shares.late)
      at = between(overdue, plusDays(overdue, 20));
    if (at) h.actions.push({ kind: "rectify", at, by: enterpriseCaller(h.enterprise) });
  }

  function planMajor(h: HazardPlan, registeredAt: Date) {
    const e = h.enterprise;
    const ladder = config.ladders.majorHazard;
    const acceptanceLadder = config.ladders.acceptance;
    const me = enterpriseCaller(e);
    const planAt = between(plusDays(registeredAt, 1), plusDays(registeredAt, 4));
    if (!planAt) return;
    const listAt = between(plusDays(planAt, 1), plusDays(planAt, 5));
    let deadline = addDays(shanghaiDateOf(listAt ?? planAt), 40 + int(81));
    h.actions.push({ kind: "plan", at: planAt, by: me, deadline });
    if (!listAt) return;
    const city = chance(SUBJECT_SHARES.cityListing);
    const cityCode = cityOf(e.countyCode);
    const department = city ? "应急管理局" : e.supervisingDepartment;
    const listingJurisdiction = city ? cityCode : e.countyCode;
    const lister = city
      ? callerOf(official(cityCode, "anweiban"), `${cityCode} anweiban`)
      : chance(0.7)
        ? callerOf(official(e.countyCode, "anweiban"), `${e.countyCode} anweiban`)
        : callerOf(official(e.countyCode, "inspector", department), `${e.countyCode} ${department}`);
    const decider = callerOf(official(listingJurisdiction, "anweiban"), `${listingJurisdiction} anweiban`);
    const inspector = callerOf(
      official(listingJurisdiction, "inspector", department) ?? official(listingJurisdiction, "anweiban"),
      `${listingJurisdiction} inspector`,
    );
    h.actions.push({
      kind: "list",
      at: listAt,
      by: lister,
      level: city ? "city" : "county",
      department,
      documentNo: `${city ? "保" : "县"}安督〔${listAt.getUTCFullYear()}〕${h.key}号`,
    });
    let last = listAt;
    const overdueAt = () => step(ladder, overdueStep(ladder), { deadline });
    const escalatedAt = () => step(ladder, "escalate-1", { deadline });

    if (chance(SUBJECT_SHARES.extension)) {
      const afterOverdue = chance(SUBJECT_SHARES.extensionAfterOverdue);
      const requestAt = afterOverdue
        ? between(overdueAt(), plusDays(overdueAt(), 12))
        : between(plusDays(last, 3), shanghaiAt(addDays(deadline, -2), "09:00"));
      // Decided within two days: the model does not plan the working-day "undecided" steps (3 and 5 working
      // days after the request), so none may fall due — a request on a Sunday decided on Wednesday afternoon
      // met undecided-3 once the run could count working days into 2027.
      const decideAt = requestAt && between(plusDays(requestAt, 1), plusDays(requestAt, 2));
      if (requestAt && decideAt) {
        const newDeadline = addDays(deadline, 30 + int(31));
        const approved = !chance(SUBJECT_SHARES.extensionRefused);
        h.actions.push({ kind: "requestExtension", at: requestAt, by: me, newDeadline });
        h.actions.push({ kind: "decideExtension", at: decideAt, by: decider, n: 1, approved });
        if (approved) deadline = newDeadline;
        last = decideAt;
      }
    }

    /** Evaluation, request and acceptance in the window; whether it went all the way. */
    const close = (
      window: [Date, Date],
      result: "passed" | "failed",
    ): { acceptedAt: Date; newDeadline?: LocalDate } | undefined => {
      const failedAt = chance(SUBJECT_SHARES.evaluationFailsFirst)
        ? between(window[0], window[1])
        : undefined;
      const evaluateAt = between(failedAt ?? window[0], window[1]);
      const requestAt = evaluateAt && between(evaluateAt, plusDays(evaluateAt, 3));
      if (!evaluateAt || !requestAt) return undefined;
      if (failedAt) h.actions.push({ kind: "evaluate", at: failedAt, by: me, conclusion: "fail" });
      h.actions.push({ kind: "evaluate", at: evaluateAt, by: me, conclusion: "pass" });
      h.actions.push({ kind: "requestAcceptance", at: requestAt, by: me });
      const due = addDays(shanghaiDateOf(requestAt), config.hazards.acceptanceDueDays);
      const acceptanceOverdue = step(acceptanceLadder, overdueStep(acceptanceLadder), { acceptanceDue: due });
      const acceptAt = chance(SUBJECT_SHARES.lateAcceptance)
        ? between(acceptanceOverdue, plusDays(acceptanceOverdue, 5))
        : between(plusDays(requestAt, 1), shanghaiAt(due, "18:00"));
      if (!acceptAt) return undefined;
      const newDeadline = result === "failed" ? addDays(shanghaiDateOf(acceptAt), 20 + int(26)) : undefined;
      h.actions.push({
        kind: "accept",
        at: acceptAt,
        by: inspector,
        result,
        ...(newDeadline ? { newDeadline } : {}),
      });
      return { acceptedAt: acceptAt, ...(newDeadline ? { newDeadline } : {}) };
    };
    const early = (from: Date): [Date, Date] => [
      from,
      shanghaiAt(addDays(deadline, -(4 + int(20))), ACTION_SLOTS[0]),
    ];
    const late = (from: Date): [Date, Date] => {
      const escalated = escalatedAt();
      const start = from > escalated ? from : escalated;
      return [start, plusDays(escalated, 5 + int(18))];
    };

    const shares = SUBJECT_SHARES.majorOutcome;
    const roll = random();
    if (roll < shares.early) close(early(plusDays(last, 5)), "passed");
    else if (roll < shares.early + shares.late) close(late(last), "passed");
    else if (roll < shares.early + shares.late + shares.never) {
      // never: the ladder runs to its last escalation
    } else {
      const failed = close(chance(0.5) ? early(plusDays(last, 5)) : late(last), "failed");
      if (failed?.newDeadline && chance(SUBJECT_SHARES.passAfterFailure)) {
        deadline = failed.newDeadline;
        close(early(plusDays(failed.acceptedAt, 3)), "passed");
      }
    }
    h.actions.sort((a, b) => a.at.getTime() - b.at.getTime());
    planProgress(h, me);
  }

  /**
   * Monthly progress while under 挂牌督办: filed on the 1st–4th of the next month, some late (after the
   * close), some skipped — and for a share of hazards two months in a row skipped. A filing planned after
   * the delisting moves to just before it, else is dropped.
   */
  function planProgress(h: HazardPlan, me: Caller) {
    const model = lifecycle(h, config);
    const owed = progressPeriods(h, model.statuses, plan, end);
    const twoMissed = owed.length >= 2 && chance(SUBJECT_SHARES.progressTwoMissed);
    const missFrom = twoMissed ? int(owed.length - 1) : -1;
    let percent = 10;
    for (const [i, o] of owed.entries()) {
      if (i === missFrom || i === missFrom + 1) continue;
      if (chance(SUBJECT_SHARES.progressSkipped)) continue;
      const nextOpen = shanghaiStartOfDay(periodFirstDay("month", nextPeriod("month", o.period)));
      const close = shanghaiStartOfDay(addDays(periodFirstDay("month", nextPeriod("month", o.period)), 5));
      let at = chance(SUBJECT_SHARES.progressLate)
        ? between(close, plusDays(close, 8))
        : between(nextOpen, plusDays(nextOpen, 4));
      if (!at) continue;
      if (!SUPERVISED.has(statusAt(model.statuses, at) ?? "")) {
        const leftAt = model.statuses.find((s) => s.at > nextOpen && !SUPERVISED.has(s.status))?.at;
        at = leftAt ? between(nextOpen, leftAt) : undefined;
        if (!at || !SUPERVISED.has(statusAt(model.statuses, at) ?? "")) continue;
      }
      percent = Math.min(95, percent + 10 + int(20));
      h.actions.push({ kind: "progress", at, by: me, period: o.period, percent });
    }
    h.actions.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  // --- Accidents ------------------------------------------------------------------------------------------
  const accidentCount = Math.round((options.accidentsPerYear * plan.periods.length) / 12);
  const counties = [...new Set(enterprises.map((e) => e.countyCode))].sort();
  const taken = new Set<string>();
  const accidents: AccidentPlan[] = [];
  const earlyCount =
    accidentCount >= 1 ? Math.max(1, Math.round(accidentCount * SUBJECT_SHARES.accidentEarly)) : 0;
  for (let i = 0; i < accidentCount; i++) {
    const early = i < earlyCount;
    let county = pick(counties);
    let day = addDays(startDate, early ? int(5) : int(Math.max(1, spanDays - 2)));
    for (let tries = 0; taken.has(`${county}|${day}`) && tries < 1000; tries++) {
      county = pick(counties);
      day = addDays(startDate, early ? int(5) : int(Math.max(1, spanDays - 2)));
    }
    if (taken.has(`${county}|${day}`)) break;
    taken.add(`${county}|${day}`);
    const occurredAt = shanghaiAt(
      day,
      `${String(6 + int(12)).padStart(2, "0")}:${String(int(60)).padStart(2, "0")}`,
    );
    const anweiban = callerOf(official(county, "anweiban"), `${county} anweiban`);
    const createdAt = between(occurredAt, plusDays(occurredAt, 2));
    if (!createdAt) continue;
    const inCounty = enterprises.filter((e) => e.countyCode === county);
    const enterprise = chance(0.8) && inCounty.length > 0 ? pick(inCounty) : undefined;
    const a: AccidentPlan = {
      kind: "accident",
      key: `SG${String(i + 1).padStart(4, "0")}`,
      jurisdiction: county,
      ...(enterprise ? { enterprise } : {}),
      occurredAt,
      label: `${day}一般事故`,
      early,
      actions: [{ kind: "create", at: createdAt, by: anweiban }],
      samples: [],
    };
    planAccident(a, createdAt, anweiban);
    for (let k = 0; k < 4; k++) {
      const at = between(createdAt, end);
      if (at) a.samples.push(at);
    }
    a.samples.sort((x, y) => x.getTime() - y.getTime());
    accidents.push(a);
  }

  function planAccident(a: AccidentPlan, createdAt: Date, by: Caller) {
    const investigation = config.ladders.accidentInvestigation;
    let due = addDays(shanghaiDateOf(a.occurredAt), config.accidents.investigationDays);
    const overdueAt = () => step(investigation, overdueStep(investigation), { investigationDue: due });
    let submitAt: Date | undefined;
    if (a.early) {
      submitAt = between(plusDays(a.occurredAt, 8), plusDays(a.occurredAt, 15));
    } else {
      let last = createdAt;
      if (chance(SUBJECT_SHARES.accidentExtension)) {
        const at = chance(0.5)
          ? between(plusDays(createdAt, 10), shanghaiAt(addDays(due, -2), "09:00"))
          : between(overdueAt(), plusDays(overdueAt(), 10));
        if (at) {
          const days = 10 + int(config.accidents.maxExtensionDays - 9);
          a.actions.push({ kind: "extend", at, by, days });
          due = addDays(due, days);
          last = at;
        }
      }
      const roll = random();
      const shares = SUBJECT_SHARES.accidentClose;
      if (roll < shares.onTime) submitAt = between(plusDays(last, 5), shanghaiAt(addDays(due, -1), "18:00"));
      else if (roll < shares.onTime + shares.late) submitAt = between(overdueAt(), plusDays(overdueAt(), 30));
    }
    if (!submitAt) return;
    // The report is submitted, then approved (closed) within a few days: a case is never closed straight from
    // its investigation (条例 第三十二条), and an approval this quick fires none of the approval ladder.
    a.actions.push({ kind: "submit", at: submitAt, by });
    const closeAt = between(plusDays(submitAt, 0.1), plusDays(submitAt, 4));
    if (!closeAt) return;
    a.actions.push({ kind: "close", at: closeAt, by });
    const closed = shanghaiDateOf(closeAt);
    const opens = shanghaiAt(addMonths(closed, config.accidents.evaluationOpensAfterMonths), "09:00");
    const dueDate = addMonths(closed, config.accidents.evaluationDueAfterMonths);
    if (opens < end && chance(SUBJECT_SHARES.accidentEvaluated)) {
      const at = between(opens, shanghaiAt(addDays(dueDate, -8), "09:00"));
      if (at) a.actions.push({ kind: "evaluate", at, by });
    }
  }

  return {
    hazards,
    accidents,
    hazardsPerEnterpriseYear: options.hazardsPerEnterpriseYear,
    accidentsPerYear: options.accidentsPerYear,
  };
}

// --- The model: what the rules say follows from the actions ------------------------------------------------

export type Status = string;

export type Epoch = {
  version: number;
  from: Date;
  /** When the next version replaced it (exclusive); open-ended for the last. */
  to?: Date;
  ladder?: LadderName;
  anchors: Record<string, LocalDate | undefined>;
  /** The values of `deadline` and `dueDate` the messages of this version show. */
  labels: { deadline?: string; dueDate?: string };
  listing?: { jurisdiction: string; department: string };
  status: Status;
  /** Whether this replan clears the overdue flag (an extension, an acceptance, closing, evaluating). */
  resetsOverdue: boolean;
};

/** One message the rules say goes to one recipient on one channel. */
export type Notice = {
  subject: string;
  kind: "hazard" | "accident";
  version: number;
  /** A ladder step id, or the event (listed, acceptance-requested, delisted, filed). */
  step: string;
  template: string;
  at: Date;
  channel: Channel;
  to: string;
  who: string;
  days?: string;
  deadline?: string;
  dueDate?: string;
};

export type FiredStep = { version: number; step: string; at: Date; marksOverdue: boolean };

export type SubjectModel = {
  key: string;
  kind: "hazard" | "accident";
  epochs: Epoch[];
  statuses: { at: Date; status: Status }[];
  fired: FiredStep[];
  notices: Notice[];
  finalVersion: number;
  finalStatus: Status;
  overdue: boolean;
  /** Where its officials may sit: the county, the listing or case jurisdiction, and one level up. */
  county: string;
  jurisdiction: string;
};

export function statusAt(statuses: { at: Date; status: Status }[], t: Date): Status | undefined {
  let found: Status | undefined;
  for (const s of statuses) if (s.at.getTime() <= t.getTime()) found = s.status;
  return found;
}

type Lifecycle = Pick<SubjectModel, "epochs" | "statuses"> & {
  events: { at: Date; version: number; step: string; template: string; audience: Audience[] }[];
};

/** The plan versions and states a hazard passes through (hazard-service's replans, as rules). */
export function lifecycle(h: HazardPlan, config: DubanConfig): Lifecycle {
  const epochs: Epoch[] = [];
  const statuses: Lifecycle["statuses"] = [];
  const events: Lifecycle["events"] = [];
  let version = 0;
  let deadline: LocalDate | undefined;
  let acceptanceDue: LocalDate | undefined;
  let listing: Epoch["listing"];
  const requests = new Map<number, LocalDate>();
  let requested = 0;
  const labels = () => ({
    ...((deadline ?? h.rectifyBy) ? { deadline: dayLabel((deadline ?? h.rectifyBy) as LocalDate) } : {}),
    ...(acceptanceDue ? { dueDate: dayLabel(acceptanceDue) } : {}),
  });
  const replan = (at: Date, status: Status, ladder?: LadderName, resetsOverdue = false) => {
    const previous = epochs[epochs.length - 1];
    if (previous) previous.to = at;
    version++;
    epochs.push({
      version,
      from: at,
      ...(ladder ? { ladder } : {}),
      anchors: { rectifyBy: h.rectifyBy, deadline, acceptanceDue },
      labels: labels(),
      ...(listing ? { listing } : {}),
      status,
      resetsOverdue,
    });
  };
  const set = (at: Date, status: Status) => statuses.push({ at, status });
  for (const a of h.actions) {
    switch (a.kind) {
      case "register":
        if (h.level === "general") {
          set(a.at, "open");
          replan(a.at, "open", "generalHazard");
        } else set(a.at, "registered");
        break;
      case "rectify":
        set(a.at, "rectified");
        replan(a.at, "rectified");
        break;
      case "plan":
        deadline = a.deadline;
        set(a.at, "planned");
        break;
      case "list": {
        const jurisdiction = a.level === "county" ? h.enterprise.countyCode : cityOf(h.enterprise.countyCode);
        listing = { jurisdiction, department: a.department };
        set(a.at, "listed");
        replan(a.at, "listed", "majorHazard");
        events.push({
          at: a.at,
          version,
          step: "listed",
          template: "major-hazard-listed",
          audience: ["legal_rep", "safety_manager", "listing_anweiban"],
        });
        break;
      }
      case "requestExtension":
        requested++;
        requests.set(requested, a.newDeadline);
        break;
      case "decideExtension":
        if (!a.approved) break;
        deadline = requests.get(a.n) ?? deadline;
        replan(a.at, "listed", "majorHazard", true);
        break;
      case "requestAcceptance":
        acceptanceDue = addDays(shanghaiDateOf(a.at), config.hazards.acceptanceDueDays);
        set(a.at, "acceptance_requested");
        replan(a.at, "acceptance_requested", "acceptance");
        events.push({
          at: a.at,
          version,
          step: "acceptance-requested",
          template: "acceptance-requested",
          audience: ["listing_inspectors"],
        });
        break;
      case "accept":
        if (a.result === "passed") {
          set(a.at, "delisted");
          replan(a.at, "delisted", undefined, true);
          events.push({
            at: a.at,
            version,
            step: "delisted",
            template: "major-hazard-delisted",
            audience: ["legal_rep", "safety_manager", "listing_anweiban"],
          });
        } else {
          deadline = a.newDeadline;
          set(a.at, "listed");
          replan(a.at, "listed", "majorHazard", true);
        }
        break;
      case "evaluate":
      case "progress":
        break;
    }
  }
  return { epochs, statuses, events };
}

/** The plan versions and states of an accident case (accident-service's replans, as rules). */
export function accidentLifecycle(a: AccidentPlan, config: DubanConfig): Lifecycle {
  const epochs: Epoch[] = [];
  const statuses: Lifecycle["statuses"] = [];
  const events: Lifecycle["events"] = [];
  let version = 0;
  let due = addDays(shanghaiDateOf(a.occurredAt), config.accidents.investigationDays);
  let opens: LocalDate | undefined;
  let evaluationDue: LocalDate | undefined;
  let approvalDue: LocalDate | undefined;
  let status = "investigating";
  const replan = (at: Date, ladder?: LadderName) => {
    const previous = epochs[epochs.length - 1];
    if (previous) previous.to = at;
    version++;
    epochs.push({
      version,
      from: at,
      ...(ladder ? { ladder } : {}),
      anchors: { investigationDue: due, approvalDue, evaluationOpens: opens, evaluationDue },
      labels: {
        dueDate: dayLabel(
          status === "investigating"
            ? due
            : status === "report_submitted"
              ? (approvalDue ?? due)
              : (evaluationDue ?? due),
        ),
      },
      status,
      resetsOverdue: version > 1,
    });
    statuses.push({ at, status });
  };
  for (const act of a.actions) {
    switch (act.kind) {
      case "create":
        replan(act.at, "accidentInvestigation");
        break;
      case "extend":
        due = addDays(due, act.days);
        replan(act.at, "accidentInvestigation");
        break;
      case "submit":
        // The approval ladder is planned; the simulation closes before its first step (see planAccident).
        approvalDue = addDays(shanghaiDateOf(act.at), config.accidents.approvalDays);
        status = "report_submitted";
        replan(act.at, "accidentApproval");
        break;
      case "close": {
        const closed = shanghaiDateOf(act.at);
        opens = addMonths(closed, config.accidents.evaluationOpensAfterMonths);
        evaluationDue = addMonths(closed, config.accidents.evaluationDueAfterMonths);
        status = "closed";
        replan(act.at, "accidentEvaluation");
        break;
      }
      case "evaluate":
        status = "evaluated";
        replan(act.at);
        events.push({
          at: act.at,
          version,
          step: "filed",
          template: "accident-evaluation-filed",
          audience: ["parent_anweiban"],
        });
        break;
    }
  }
  return { epochs, statuses, events };
}

/** A person a notice may reach, as the rules resolve an audience (supervision.ts's resolveAudience). */
export type Person = { id: string; label: string; mobile?: string; email?: string };

export function resolvePeople(
  audience: Audience[],
  ctx: {
    enterprise?: Enterprise;
    countyCode: string;
    jurisdiction: string;
    department?: string;
    foundByOfficial: boolean;
  },
  officials: Official[],
  atTop: DubanConfig["escalation"]["atTop"] = "province_leaders",
): Person[] {
  const found = new Map<string, Person>();
  const of = (jurisdiction: string | undefined, role: Official["role"], department?: string) => {
    for (const o of officials) {
      if (o.jurisdictionCode !== jurisdiction || o.role !== role) continue;
      if (department !== undefined && o.department !== department) continue;
      found.set(`${o.jurisdictionCode}:${o.role}:${o.mobile}`, {
        id: `${o.jurisdictionCode}:${o.role}:${o.mobile}`,
        label: `${o.role} ${o.jurisdictionCode}${o.department ? ` ${o.department}` : ""} ${o.name}`,
        mobile: o.mobile,
        email: o.email,
      });
    }
  };
  const e = ctx.enterprise;
  const parent = parentJurisdiction(ctx.jurisdiction);
  for (const who of audience) {
    switch (who) {
      case "legal_rep":
        if (e)
          found.set(`${e.creditCode}:${who}`, {
            id: `${e.creditCode}:${who}`,
            label: `${e.creditCode} ${who}`,
            mobile: e.legalRep.mobile,
          });
        break;
      case "safety_manager":
      case "info_officer": {
        if (!e) break;
        const c = who === "safety_manager" ? e.safetyManager : e.infoOfficer;
        found.set(`${e.creditCode}:${who}`, {
          id: `${e.creditCode}:${who}`,
          label: `${e.creditCode} ${who}`,
          mobile: c.mobile,
          ...(c.email ? { email: c.email } : {}),
        });
        break;
      }
      case "finding_inspectors":
        if (ctx.foundByOfficial && e) of(ctx.countyCode, "inspector", e.supervisingDepartment);
        break;
      case "listing_inspectors":
        of(ctx.jurisdiction, "inspector", ctx.department);
        break;
      case "listing_anweiban":
      case "case_anweiban":
        of(ctx.jurisdiction, "anweiban");
        break;
      case "listing_leaders":
      case "case_leaders":
        of(ctx.jurisdiction, "leader");
        break;
      case "parent_anweiban":
      case "parent_leaders": {
        const role = who === "parent_anweiban" ? "anweiban" : "leader";
        // A province has no level above: the escalation rule names who hears instead.
        if (parent) of(parent, role);
        else if (atTop !== "nobody") of(ctx.jurisdiction, atTop === "province_leaders" ? "leader" : role);
        break;
      }
    }
  }
  return [...found.values()];
}

function noticesFor(base: Omit<Notice, "channel" | "to" | "who">, people: Person[]): Notice[] {
  return people.flatMap((p) =>
    (["sms", "email"] as const).flatMap((channel) => {
      const to = channel === "sms" ? p.mobile : p.email;
      return to ? [{ ...base, channel, to, who: p.label }] : [];
    }),
  );
}

/** Everything the rules say follows from one subject's actions up to `end`. */
export function modelOf(
  s: HazardPlan | AccidentPlan,
  config: DubanConfig,
  officials: Official[],
  end: Date,
): SubjectModel {
  const life = s.kind === "hazard" ? lifecycle(s, config) : accidentLifecycle(s, config);
  const county = s.kind === "hazard" ? s.enterprise.countyCode : s.jurisdiction;
  const enterprise = s.enterprise;
  const fired: FiredStep[] = [];
  const notices: Notice[] = [];
  const ctxOf = (epoch: Epoch) => ({
    ...(enterprise ? { enterprise } : {}),
    countyCode: county,
    jurisdiction: epoch.listing?.jurisdiction ?? county,
    ...(epoch.listing ? { department: epoch.listing.department } : {}),
    foundByOfficial: s.kind === "hazard" && s.source !== "self_inspection",
  });
  let overdue = false;
  for (const epoch of life.epochs) {
    if (epoch.resetsOverdue) overdue = false;
    if (epoch.ladder) {
      const ladder = config.ladders[epoch.ladder];
      for (const p of plannedSteps(ladder, epoch.anchors, epoch.from)) {
        if (epoch.to && p.dueAt.getTime() >= epoch.to.getTime()) continue;
        if (p.dueAt.getTime() > end.getTime()) continue;
        fired.push({ version: epoch.version, step: p.id, at: p.dueAt, marksOverdue: p.marksOverdue });
        if (p.marksOverdue) overdue = true;
        notices.push(
          ...noticesFor(
            {
              subject: s.key,
              kind: s.kind,
              version: epoch.version,
              step: p.id,
              template: p.template,
              at: p.dueAt,
              days: String(p.days),
              ...epoch.labels,
            },
            resolvePeople(p.audience, ctxOf(epoch), officials, config.escalation.atTop),
          ),
        );
      }
    }
  }
  for (const ev of life.events) {
    const epoch = life.epochs.find((e) => e.version === ev.version);
    if (!epoch) continue;
    notices.push(
      ...noticesFor(
        {
          subject: s.key,
          kind: s.kind,
          version: ev.version,
          step: ev.step,
          template: ev.template,
          at: ev.at,
          ...epoch.labels,
        },
        resolvePeople(ev.audience, ctxOf(epoch), officials, config.escalation.atTop),
      ),
    );
  }
  const last = life.epochs[life.epochs.length - 1];
  return {
    key: s.key,
    kind: s.kind,
    epochs: life.epochs,
    statuses: life.statuses,
    fired,
    notices,
    finalVersion: last?.version ?? 0,
    finalStatus: life.statuses[life.statuses.length - 1]?.status ?? "",
    overdue,
    county,
    jurisdiction: last?.listing?.jurisdiction ?? county,
  };
}

// --- Progress records of listed major hazards ------------------------------------------------------------

export type ProgressRecord = {
  hazard: string;
  period: string;
  createdAt: Date;
  filedAt?: Date;
  withdrawnAt?: Date;
  /** Reminder instants (within the span) at which it was still owed. */
  reminders: { day: number; at: Date; template: string }[];
  /** Set at the close when nothing was filed, with the run of missed periods. */
  overdueAt?: Date;
  streak?: number;
  status: "on_time" | "late" | "missing";
  countyCode: string;
  department: string;
};

/**
 * States under 挂牌督办 until 销号: progress is owed and may be filed in them (a pending acceptance too).
 */
export const SUPERVISED = new Set(["listed", "acceptance_requested"]);

/**
 * The periods a listed hazard owes progress for: under supervision at the period's open, or listed (again,
 * after a failed acceptance) in it.
 */
export function progressPeriods(
  h: HazardPlan,
  statuses: { at: Date; status: Status }[],
  plan: Pick<Plan, "start" | "end">,
  end: Date,
): { period: string; createdAt: Date }[] {
  const out: { period: string; createdAt: Date }[] = [];
  const listings = h.actions.filter(
    (a) => a.kind === "list" || (a.kind === "accept" && a.result === "failed"),
  );
  if (listings.length === 0) return out;
  let period = periodOf("month", shanghaiDateOf(plan.start));
  for (;;) {
    const open = shanghaiStartOfDay(periodFirstDay("month", period));
    if (open.getTime() >= end.getTime()) break;
    const next = shanghaiStartOfDay(periodFirstDay("month", nextPeriod("month", period)));
    // The open phase of the span's first period does not run (the scheduler starts counting then).
    const atOpen = open.getTime() > plan.start.getTime() && SUPERVISED.has(statusAt(statuses, open) ?? "");
    const listedIn = listings.find((a) => a.at >= open && a.at < next);
    if (atOpen) out.push({ period, createdAt: open });
    else if (listedIn) out.push({ period, createdAt: listedIn.at });
    period = nextPeriod("month", period);
  }
  return out;
}

export function progressRecords(
  h: HazardPlan,
  model: SubjectModel,
  plan: Plan,
  progress: DubanConfig["obligations"][number],
): ProgressRecord[] {
  const periods = progressPeriods(h, model.statuses, plan, plan.end);
  const delistings = h.actions.filter((a) => a.kind === "accept" && a.result === "passed").map((a) => a.at);
  const listing = [...h.actions].reverse().find((a) => a.kind === "list");
  const department = listing?.kind === "list" ? listing.department : h.enterprise.supervisingDepartment;
  const records: ProgressRecord[] = [];
  for (const { period, createdAt } of periods) {
    const nextFirst = periodFirstDay("month", nextPeriod("month", period));
    const at = (day: number, time: string) => shanghaiAt(addDays(nextFirst, day - 1), time);
    const close = at(progress.due.dayOfNextPeriod + 1, "00:00");
    const filedAt = h.actions.find((a) => a.kind === "progress" && a.period === period)?.at;
    const withdrawnAt = delistings.find(
      (t) =>
        t >= createdAt &&
        [period, nextPeriod("month", period)].includes(periodOf("month", shanghaiDateOf(t))) &&
        !(filedAt && filedAt < t),
    );
    const owedAt = (t: Date) => !(filedAt && filedAt < t) && !(withdrawnAt && withdrawnAt < t);
    const reminders = progress.reminders
      .map((r) => ({ day: r.dayOfNextPeriod, at: at(r.dayOfNextPeriod, r.at), template: r.template }))
      .filter((r) => r.at <= plan.end && r.at > createdAt && owedAt(r.at));
    const record: ProgressRecord = {
      hazard: h.key,
      period,
      createdAt,
      ...(filedAt ? { filedAt } : {}),
      ...(withdrawnAt ? { withdrawnAt } : {}),
      reminders,
      status: filedAt ? (filedAt < close ? "on_time" : "late") : "missing",
      countyCode: h.enterprise.countyCode,
      department,
    };
    if (close <= plan.end && owedAt(close)) {
      record.overdueAt = close;
      // 1 + the directly preceding periods still unfiled at this close, looking back trackAfter − 1 periods.
      let streak = 1;
      let expected = previousMonth(period);
      for (let j = records.length - 1; j >= 0 && streak < progress.digest.trackAfterMissed; j--) {
        const r = records[j] as ProgressRecord;
        if (r.period !== expected || (r.filedAt && r.filedAt < close)) break;
        streak++;
        expected = previousMonth(r.period);
      }
      record.streak = streak;
    }
    records.push(record);
  }
  return records;
}

function previousMonth(period: string): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}
