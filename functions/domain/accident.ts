import * as z from "zod";
import {
  addDays,
  addMonths,
  type LocalDate,
  shanghaiDateOf,
  shanghaiEndOfDay,
  shanghaiStartOfDay,
} from "./calendar";
import type { DubanConfig } from "./config-schema";
import { CreditCode } from "./credit-code";
import type { WithEffects } from "./effects";
import { NotFound } from "./errors";
import type { Actor, TimelineEvent } from "./hazard";
import { BoundedInstant, Count, MultiLine, SingleLine, Yuan } from "./input-bounds";
import { JurisdictionCode } from "./jurisdiction";
import { said } from "./messages";

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

/** The investigation report handed to the government for approval (条例 第三十二条). */
export const ReportSubmissionBody = z.object({ submittedAt: Instant, reportNo: SingleLine(100) }).strict();

export const ClosureBody = z.object({ closedAt: Instant, reportNo: SingleLine(100) }).strict();

export const EvaluationDoneBody = z
  .object({ completedAt: Instant, reportNo: SingleLine(100), findings: MultiLine(5000) })
  .strict();

/** A case the caller may not see answers like one that does not exist (status, code and message). */
export function accidentNotFound(id: string): NotFound {
  return new NotFound(said("accident.not_found", { id }));
}

/** Withdrawal of a case entered by mistake, by the 安委办: the reason stays in the record and the timeline. */
export const WithdrawalBody = z.object({ reason: MultiLine(1000) }).strict();

export type AccidentStatus = "investigating" | "report_submitted" | "closed" | "evaluated" | "withdrawn";

export type Accident = WithEffects & {
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
  /** The investigation report is due by the end of `investigationDueDate` (Shanghai); `…At` is exclusive. */
  investigationDueAt: string;
  investigationDueDate?: string;
  investigationExtension?: z.infer<typeof InvestigationExtensionBody> & { at: string };
  /** The report under approval: due the end of `approvalDueDate` in Shanghai (`approvalDueAt`, exclusive). */
  report?: { submittedAt: string; reportNo: string; approvalDueDate: string; approvalDueAt: string };
  closure?: { closedAt: string; reportNo: string };
  /** The evaluation window: from the start of `opensDate` to the end of `dueDate` (`dueAt`, exclusive). */
  evaluation?: { opensAt: string; dueAt: string; opensDate?: string; dueDate?: string };
  evaluationDone?: z.infer<typeof EvaluationDoneBody>;
  withdrawal?: { at: string; reason: string; by: string };
  overdue: boolean;
  overdueSince?: string;
  planVersion: number;
  /** The local rules in force when the case was opened: its periods come from them. */
  policyVersion?: string;
  /**
   * The periods of that version (investigation, extension, approval, evaluation), kept with the case so that
   * a later change of the rules does not move its deadlines; cases from before keep the configured ones.
   */
  periods?: DubanConfig["accidents"];
  plannedAt?: string;
  firedSteps: string[];
  timeline: TimelineEvent[];
  createdBy: Actor;
  rev: number;
};

/**
 * A date deadline of a case as the README's due-instant convention serves it: the date, and the exclusive
 * end of that day in Shanghai (next day 00:00+08:00). Not the accident's or the closing's time of day: a
 * report handed in at 20:00 on the due day is on time.
 */
export function dueOn(date: LocalDate): { dueDate: LocalDate; dueAt: string } {
  return { dueDate: date, dueAt: shanghaiEndOfDay(date).toISOString() };
}

/** The investigation report is due `days` after the Shanghai day of the accident (条例 第二十九条). */
export function investigationDue(occurredAt: string, days: number) {
  return dueOn(addDays(shanghaiDateOf(new Date(occurredAt)), days));
}

/**
 * The evaluation window of a case closed at `closedAt`: it opens at the start of the Shanghai day
 * `opensAfter` months after the closing day and is due at the end of the day `dueAfter` months after it
 * (the day clamped to the month's length: closed 31 March, opens 31 January, due 31 March).
 */
export function evaluationWindow(closedAt: string, opensAfter: number, dueAfter: number) {
  const closed = shanghaiDateOf(new Date(closedAt));
  const opensDate = addMonths(closed, opensAfter);
  const { dueDate, dueAt } = dueOn(addMonths(closed, dueAfter));
  return { opensDate, opensAt: shanghaiStartOfDay(opensDate).toISOString(), dueDate, dueAt };
}

/** The date a case's investigation report is due; records before `investigationDueDate` kept the instant. */
export function investigationDueDateOf(a: Pick<Accident, "investigationDueAt" | "investigationDueDate">) {
  return a.investigationDueDate ?? shanghaiDateOf(new Date(a.investigationDueAt));
}

export const ACCIDENT_LEVEL_NAMES: Record<Accident["level"], string> = {
  general: "一般事故",
  larger: "较大事故",
  major: "重大事故",
  especially_major: "特别重大事故",
};

type Level = Accident["level"];
const LEVEL_ORDER: Level[] = ["general", "larger", "major", "especially_major"];

/**
 * 《生产安全事故报告和调查处理条例》第三条: the thresholds of 较大, 重大 and 特别重大 by deaths, serious injuries
 * (重伤, including acute industrial poisoning; duban's `injuries`) and direct economic loss. "以上" includes
 * the number and "以下" excludes it, so each threshold is the first value of the higher level.
 */
export const ACCIDENT_THRESHOLDS = {
  deaths: { larger: 3, major: 10, especially_major: 30 },
  injuries: { larger: 10, major: 50, especially_major: 100 },
  directLossYuan: { larger: 10_000_000, major: 50_000_000, especially_major: 100_000_000 },
} as const;

function levelBy(value: number, t: { larger: number; major: number; especially_major: number }): Level {
  if (value >= t.especially_major) return "especially_major";
  if (value >= t.major) return "major";
  if (value >= t.larger) return "larger";
  return "general";
}

/** The level the figures imply: the highest any one of deaths, injuries and loss reaches (第三条). */
export function impliedAccidentLevel(f: { deaths: number; injuries: number; directLossYuan: number }): Level {
  const levels = [
    levelBy(f.deaths, ACCIDENT_THRESHOLDS.deaths),
    levelBy(f.injuries, ACCIDENT_THRESHOLDS.injuries),
    levelBy(f.directLossYuan, ACCIDENT_THRESHOLDS.directLossYuan),
  ];
  return levels.reduce((a, b) => (LEVEL_ORDER.indexOf(b) > LEVEL_ORDER.indexOf(a) ? b : a), "general");
}

/** Why `level` does not match the figures, in words for the person who entered it; undefined when it does. */
export function accidentLevelProblem(f: {
  level: Level;
  deaths: number;
  injuries: number;
  directLossYuan: number;
}): string | undefined {
  const implied = impliedAccidentLevel(f);
  if (implied === f.level) return undefined;
  return `事故等级与伤亡和损失不符：死亡${f.deaths}人、重伤${f.injuries}人、直接经济损失${f.directLossYuan}元，按《生产安全事故报告和调查处理条例》第三条应为${ACCIDENT_LEVEL_NAMES[implied]}`;
}
