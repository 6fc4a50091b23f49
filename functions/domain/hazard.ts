import * as z from "zod";
import { shanghaiDateOf, shanghaiEndOfDay } from "./calendar";
import { Mobile } from "./catalogue";
import type { WithEffects } from "./effects";
import { Conflict, Forbidden, NotFound, RuleViolation } from "./errors";
import {
  BoundedDate,
  BoundedInstant,
  BoundedMonth,
  MultiLine,
  Percent,
  SingleLine,
  Yuan,
} from "./input-bounds";
import { isWithin } from "./jurisdiction";
import { message, said } from "./messages";

/** 隐患 — a hazard in an enterprise's register (国家安监总局令第16号《安全生产事故隐患排查治理暂行规定》). */
export const HazardLevel = z.enum(["general", "major"]);
export const HazardSource = z.enum([
  "self_inspection",
  "department_inspection",
  "expert_inspection",
  "government_inspection",
  "tip_off",
]);

const Instant = BoundedInstant;
const LocalDateSchema = BoundedDate;

export const RegisterHazardBody = z
  .object({
    level: HazardLevel,
    title: SingleLine(200),
    description: MultiLine(5000),
    location: SingleLine(500).optional(),
    foundAt: Instant,
    source: HazardSource,
    rectifyBy: LocalDateSchema.optional(),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (h.level === "general" && !h.rectifyBy) {
      ctx.addIssue({
        code: "custom",
        path: ["rectifyBy"],
        message: message("hazard.general_needs_rectify_by"),
      });
    }
    // Only comparable once foundAt itself parsed; otherwise its own issue names it.
    if (
      h.rectifyBy &&
      !Number.isNaN(Date.parse(h.foundAt)) &&
      h.rectifyBy < shanghaiDateOf(new Date(h.foundAt))
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["rectifyBy"],
        message: message("hazard.not_before_found"),
      });
    }
  });

/** The treatment plan of a major hazard: 第十五条, locally 五落实 (措施、责任、资金、时限、预案). */
export const PlanBody = z
  .object({
    objectives: MultiLine(2000),
    measures: MultiLine(5000),
    responsible: z.object({ name: SingleLine(100), mobile: Mobile }).strict(),
    funds: z
      .object({ amountYuan: Yuan.refine((v) => v > 0, message("field.positive")), source: SingleLine(200) })
      .strict(),
    deadline: LocalDateSchema,
    safetyMeasures: MultiLine(5000),
    contingencyPlan: MultiLine(5000),
  })
  .strict();

export const ListingBody = z
  .object({
    level: z.enum(["county", "city", "province"]),
    department: SingleLine(100),
    documentNo: SingleLine(100),
  })
  .strict();

export const RectificationBody = z.object({ rectifiedAt: Instant, note: MultiLine(2000) }).strict();

/** Monthly treatment progress of a listed major hazard, due by the 5th of the next month (seed 004). */
export const ProgressBody = z
  .object({
    period: BoundedMonth,
    summary: MultiLine(5000),
    percentComplete: Percent,
    fundsSpentYuan: Yuan,
  })
  .strict();

export const ExtensionRequestBody = z
  .object({ newDeadline: LocalDateSchema, reason: MultiLine(2000) })
  .strict();
export const ExtensionDecisionBody = z.object({ approved: z.boolean(), note: MultiLine(2000) }).strict();

export const EvaluationBody = z
  .object({
    agency: SingleLine(200),
    agencyLicenseNo: SingleLine(100),
    conclusion: z.enum(["pass", "fail"]),
    reportNo: SingleLine(100),
    evaluatedAt: Instant,
  })
  .strict();

export const AcceptanceBody = z
  .object({
    result: z.enum(["passed", "failed"]),
    inspectedAt: Instant,
    note: MultiLine(2000),
    newDeadline: LocalDateSchema.optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.result === "failed" && !a.newDeadline) {
      ctx.addIssue({
        code: "custom",
        path: ["newDeadline"],
        message: message("hazard.failed_acceptance_needs_deadline"),
      });
    }
  });

export type HazardStatus =
  | "open"
  | "rectified"
  | "registered"
  | "planned"
  | "listed"
  | "acceptance_requested"
  | "delisted";

export type Actor = { sub: string; role: string; jurisdiction: string };

/** One spell of being overdue: from the overdue step to what ended it, against the deadline then in force. */
export type OverdueSpell = { since: string; until: string; deadline?: string; days: number };

const DAY_MS = 86_400_000;

/**
 * Days overdue at `until`: calendar days (Shanghai) past the deadline then in force — delisted on the 14th
 * with a deadline of the 12th is 2 days — or, without a deadline, past the day it was marked overdue.
 */
export function overdueDaysBetween(since: string, until: string, deadline?: string): number {
  const from = Date.parse(deadline ?? shanghaiDateOf(new Date(since)));
  const to = Date.parse(shanghaiDateOf(new Date(until)));
  return Math.max(0, Math.round((to - from) / DAY_MS));
}

/**
 * Ends the hazard's overdue spell, if it is in one, keeping it in its history: an approved extension, a
 * failed acceptance with a new deadline and the delisting all clear the flag but not the record.
 */
export function endOverdue(h: Hazard, now: Date, monthsOf: (since: Date, until: Date) => string[]) {
  if (h.overdue && h.overdueSince) {
    const until = now.toISOString();
    h.overdueSpells = [
      ...(h.overdueSpells ?? []),
      {
        since: h.overdueSince,
        until,
        ...(h.deadline ? { deadline: h.deadline } : {}),
        days: overdueDaysBetween(h.overdueSince, until, h.deadline),
      },
    ];
    h.overdueMonths = [...new Set([...(h.overdueMonths ?? []), ...monthsOf(new Date(h.overdueSince), now)])];
  }
  h.overdue = false;
  delete h.overdueSince;
}

/** Days overdue in all, the spell in progress counted up to `now`. */
export function totalOverdueDays(h: Hazard, now: Date): number {
  const closed = (h.overdueSpells ?? []).reduce((sum, s) => sum + s.days, 0);
  const current =
    h.overdue && h.overdueSince ? overdueDaysBetween(h.overdueSince, now.toISOString(), h.deadline) : 0;
  return closed + current;
}
export type TimelineEvent = { at: string; actor: Actor; what: string; details?: Record<string, unknown> };

export type Hazard = WithEffects & {
  id: string;
  creditCode: string;
  countyCode: string;
  enterpriseName: string;
  supervisingDepartment: string;
  level: z.infer<typeof HazardLevel>;
  title: string;
  description: string;
  location?: string;
  foundAt: string;
  source: z.infer<typeof HazardSource>;
  status: HazardStatus;
  rectifyBy?: string;
  rectification?: z.infer<typeof RectificationBody>;
  plan?: z.infer<typeof PlanBody>;
  /** The deadline in force: the plan's, moved by an approved extension or a failed acceptance. */
  deadline?: string;
  listing?: z.infer<typeof ListingBody> & { jurisdiction: string; listedAt: string };
  progressReports: (z.infer<typeof ProgressBody> & { receivedAt: string; version: number })[];
  extensionRequests: (z.infer<typeof ExtensionRequestBody> & {
    n: number;
    requestedAt: string;
    /** Where a local rule sets one (青岛: 10 working days), the last day of the decision. */
    decisionDueDate?: string;
    /** Steps of the undecided-request ladder already fired (a timer delivered twice records once). */
    firedSteps?: string[];
    decision?: z.infer<typeof ExtensionDecisionBody> & { decidedAt: string; by: string };
  })[];
  evaluations: (z.infer<typeof EvaluationBody> & { recordedAt: string })[];
  /** Due the end of `dueDate` in Shanghai: `dueAt` is the exclusive instant (next day 00:00+08:00). */
  acceptanceRequest?: { requestedAt: string; dueAt: string; dueDate?: string };
  acceptances: z.infer<typeof AcceptanceBody>[];
  delistedAt?: string;
  overdue: boolean;
  overdueSince?: string;
  /**
   * The spells it was overdue, kept when an extension, a failed acceptance or the delisting ends one:
   * a delisted hazard still shows how long it was overdue and is found among the hazards overdue in a month.
   */
  overdueSpells?: OverdueSpell[];
  /** Every month (YYYY-MM, Shanghai) a closed spell touched: the key a listing of a month filters on. */
  overdueMonths?: string[];
  /** Bumped whenever the timers are planned again; timers of an older plan find a stale version and stop. */
  planVersion: number;
  /** The local rules in force when the hazard was registered (GET /v1/policies/{jurisdiction}). */
  policyVersion?: string;
  /** When the ladder in force was planned (every re-plan moves it; `planSetAt` does not). */
  plannedAt?: string;
  /** When the treatment plan was set (PUT …/plan); `plannedAt` is the ladder's, moved by every re-plan. */
  planSetAt?: string;
  /** Ladder steps of the current plan that have fired. */
  firedSteps: string[];
  timeline: TimelineEvent[];
  /** Optimistic-concurrency revision of the stored item. */
  rev: number;
};

/** The states a major hazard passes through (挂牌督办 → 销号); `overdue` is a flag, not a state. */
const MAJOR_FLOW: Record<string, HazardStatus[]> = {
  plan: ["registered", "planned"],
  listing: ["planned"],
  // Still 挂牌督办 until 销号: progress is owed while the acceptance is pending too.
  progress: ["listed", "acceptance_requested"],
  extension: ["listed"],
  evaluation: ["listed"],
  acceptanceRequest: ["listed"],
  acceptance: ["acceptance_requested"],
};

export function assertState(hazard: Hazard, action: keyof typeof MAJOR_FLOW | "rectification") {
  if (action === "rectification") {
    if (hazard.level !== "general") throw new Conflict(said("hazard.major_not_rectified"));
    if (hazard.status !== "open")
      throw new Conflict(said("hazard.not_open", { id: hazard.id, status: hazard.status }));
    return;
  }
  if (hazard.level !== "major")
    throw new Conflict(said("hazard.general_only_major_action", { id: hazard.id, action }));
  const allowed = MAJOR_FLOW[action] ?? [];
  if (!allowed.includes(hazard.status)) {
    throw new Conflict(
      said("hazard.wrong_status", { id: hazard.id, status: hazard.status, action, allowed }),
    );
  }
}

export function assertFutureDate(date: string, now: Date, field: string) {
  if (shanghaiEndOfDay(date) <= now) {
    throw new RuleViolation(said("input.not_future", { field, value: date }), [
      { path: field, message: message("input.not_future_field") },
    ]);
  }
}

/** A moment that has happened (rectified, evaluated, inspected, closed) cannot lie in the future. */
export function assertNotFuture(instant: string, now: Date, field: string) {
  if (new Date(instant) > now) {
    throw new RuleViolation(said("input.in_future", { field, value: instant }), [
      { path: field, message: message("input.in_future_field") },
    ]);
  }
}

/** A hazard the caller may not see answers like one that does not exist (status, code and message). */
export function hazardNotFound(id: string): NotFound {
  return new NotFound(said("hazard.not_found", { id }));
}

/**
 * Officials act on hazards within their jurisdiction; enterprise users on their own enterprise's hazards.
 * Whether the caller may see the hazard is checked first (404 as for a missing one), the role after (403).
 */
export function assertMayAct(
  actor: Actor & { enterprise?: string },
  hazard: Pick<Hazard, "id" | "creditCode" | "countyCode">,
  who: "enterprise" | "official" | "either",
) {
  const isEnterprise = actor.role === "enterprise";
  if (
    isEnterprise ? actor.enterprise !== hazard.creditCode : !isWithin(hazard.countyCode, actor.jurisdiction)
  ) {
    throw hazardNotFound(hazard.id);
  }
  if (who === "enterprise" && !isEnterprise) throw new Forbidden(said("auth.enterprise_only"));
  if (who === "official" && isEnterprise) throw new Forbidden(said("auth.official_only"));
}
