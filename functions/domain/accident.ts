import { z } from "zod";
import { CreditCode } from "./credit-code";
import { NotFound } from "./errors";
import type { Actor, TimelineEvent } from "./hazard";
import { BoundedInstant, Count, MultiLine, SingleLine, Yuan } from "./input-bounds";
import { JurisdictionCode } from "./jurisdiction";

/** 事故等级 (《生产安全事故报告和调查处理条例》第三条): 一般, 较大, 重大, 特别重大. */
export const AccidentLevel = z.enum(["general", "larger", "major", "especially_major"]);

const Instant = BoundedInstant;

export const NewAccidentBody = z
  .object({
    jurisdiction: JurisdictionCode,
    enterpriseCreditCode: CreditCode.optional(),
    occurredAt: Instant,
    level: AccidentLevel,
    deaths: Count,
    injuries: Count,
    directLossYuan: Yuan,
    summary: MultiLine(5000),
  })
  .strict();

export const InvestigationExtensionBody = z
  .object({ days: z.number().int().min(1).max(3650), approvedBy: SingleLine(200) })
  .strict();

export const ClosureBody = z.object({ closedAt: Instant, reportNo: SingleLine(100) }).strict();

export const EvaluationDoneBody = z
  .object({ completedAt: Instant, reportNo: SingleLine(100), findings: MultiLine(5000) })
  .strict();

/** A case the caller may not see answers like one that does not exist (status, code and message). */
export function accidentNotFound(id: string): NotFound {
  return new NotFound(`没有找到事故案件 ${id}`);
}

export type AccidentStatus = "investigating" | "closed" | "evaluated";

export type Accident = {
  id: string;
  jurisdiction: string;
  enterpriseCreditCode?: string;
  occurredAt: string;
  level: z.infer<typeof AccidentLevel>;
  deaths: number;
  injuries: number;
  directLossYuan: number;
  summary: string;
  status: AccidentStatus;
  investigationDueAt: string;
  investigationExtension?: z.infer<typeof InvestigationExtensionBody> & { at: string };
  closure?: { closedAt: string; reportNo: string };
  evaluation?: { opensAt: string; dueAt: string };
  evaluationDone?: z.infer<typeof EvaluationDoneBody>;
  overdue: boolean;
  overdueSince?: string;
  planVersion: number;
  plannedAt?: string;
  firedSteps: string[];
  timeline: TimelineEvent[];
  createdBy: Actor;
  rev: number;
};

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

export function addDaysToInstant(instant: string, days: number): string {
  return new Date(new Date(instant).getTime() + days * DAY_MS).toISOString();
}

/**
 * The same Shanghai wall-clock time `months` later; the day is clamped to the month's length (a case closed
 * on 31 March opens its evaluation window on 31 January, on 28 or 29 February for 30 April + 10).
 */
export function addMonthsShanghai(instant: string, months: number): string {
  const local = new Date(new Date(instant).getTime() + SHANGHAI_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const targetYear = y + Math.floor(m / 12);
  const targetMonth = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const shifted = Date.UTC(
    targetYear,
    targetMonth,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - SHANGHAI_MS).toISOString();
}

export const ACCIDENT_LEVEL_NAMES: Record<Accident["level"], string> = {
  general: "一般事故",
  larger: "较大事故",
  major: "重大事故",
  especially_major: "特别重大事故",
};
