import { z } from "zod";
import type { FilingObligation } from "../../config/schema";
import { type HolidayCalendar, shanghaiDateOf } from "./calendar";
import type { Enterprise } from "./catalogue";
import { filingDeadline, filingDueDate, hasPeriodEnded } from "./deadlines";
import { RuleViolation } from "./errors";
import { Count, hasControlOrBidi, MultiLine, Percent, SingleLine, Yuan } from "./input-bounds";
import { message, said } from "./messages";
import { parsePeriod, periodEnd } from "./period";
import type { Contact, FilingRecord, FilingVersion } from "./ports";

/** The monthly self-inspection report (自查自报月报): signed by the legal representative. */
export const MonthlyReportBody = z
  .object({
    signedBy: SingleLine(100),
    selfInspections: Count,
    hazardsFound: z.object({ general: Count, major: Count }).strict(),
    hazardsRectified: z.object({ general: Count, major: Count }).strict(),
    notes: z
      .string()
      .max(2000)
      .refine((t) => !hasControlOrBidi(t), message("field.control_chars"))
      .optional(),
  })
  .strict();
export type MonthlyReportBody = z.infer<typeof MonthlyReportBody>;

/** 每月至少一次自查: a report of zero self-inspections is accepted but flagged for the digest. */
export const ZERO_SELF_INSPECTIONS = "zero_self_inspections";

/**
 * What each filing obligation's body looks like and which flags it raises. Quarterly and annual hazard
 * statistics join here as configuration plus a body schema, not as a new code path.
 */
/** Monthly progress of a listed major hazard's treatment (seed 004), filed per hazard. */
export const ProgressReportBody = z
  .object({
    summary: MultiLine(5000),
    percentComplete: Percent,
    fundsSpentYuan: Yuan,
  })
  .strict();

export const filingKinds: Record<
  string,
  {
    body: z.ZodType<Record<string, unknown>>;
    flags: (body: never) => string[];
    /** Whether the legal representative on file must sign (自查自报 is signed by the 法定代表人). */
    signedByLegalRep: boolean;
  }
> = {
  "monthly-self-inspection": {
    body: MonthlyReportBody,
    flags: (body: MonthlyReportBody) => (body.selfInspections === 0 ? [ZERO_SELF_INSPECTIONS] : []),
    signedByLegalRep: true,
  },
  "major-hazard-progress": { body: ProgressReportBody, flags: () => [], signedByLegalRep: false },
};

export function contactsOf(enterprise: Enterprise): Contact[] {
  return [
    { role: "legal_rep", name: enterprise.legalRep.name, mobile: enterprise.legalRep.mobile },
    {
      role: "safety_manager",
      name: enterprise.safetyManager.name,
      mobile: enterprise.safetyManager.mobile,
      email: enterprise.safetyManager.email,
    },
    {
      role: "info_officer",
      name: enterprise.infoOfficer.name,
      mobile: enterprise.infoOfficer.mobile,
      email: enterprise.infoOfficer.email,
    },
  ];
}

/** The progress record a listed major hazard owes for a month; the listing department supervises it. */
export function owedProgress(
  enterprise: Enterprise,
  hazard: { id: string; title: string; listing?: { department: string } },
  obligation: string,
  period: string,
): FilingRecord {
  return {
    ...owedFiling(enterprise, obligation, period),
    hazardId: hazard.id,
    hazardTitle: hazard.title,
    supervisingDepartment: hazard.listing?.department ?? enterprise.supervisingDepartment,
  };
}

/** The record an enterprise owes when a period opens. */
export function owedFiling(enterprise: Enterprise, obligation: string, period: string): FilingRecord {
  return {
    obligation,
    period,
    creditCode: enterprise.creditCode,
    countyCode: enterprise.countyCode,
    enterpriseName: enterprise.name,
    supervisingDepartment: enterprise.supervisingDepartment,
    contacts: contactsOf(enterprise),
    status: "missing",
    flags: [],
    versions: [],
  };
}

export type FilingContext = {
  obligation: FilingObligation;
  period: string;
  now: Date;
  calendar?: HolidayCalendar;
};

export function deadlineOf(obligation: FilingObligation, period: string, calendar?: HolidayCalendar): Date {
  return filingDeadline(obligation.periodKind, period, obligation.due, calendar);
}

export function dueDateOf(obligation: FilingObligation, period: string, calendar?: HolidayCalendar): string {
  return filingDueDate(obligation.periodKind, period, obligation.due, calendar);
}

/**
 * Files (or amends) a report. The first filing decides on-time or late: an amendment keeps that status,
 * so correcting an on-time report never turns it late. Every version is kept.
 */
export function fileReport(
  ctx: FilingContext,
  enterprise: Enterprise,
  existing: FilingRecord | undefined,
  rawBody: unknown,
  /** The record owed when none exists yet (a hazard's progress record carries the hazard). */
  owed: FilingRecord = owedFiling(enterprise, ctx.obligation.id, ctx.period),
): FilingRecord {
  const { obligation, period, now } = ctx;
  parsePeriod(obligation.periodKind, period);
  if (!hasPeriodEnded(obligation.periodKind, period, now)) {
    throw new RuleViolation(
      said("report.period_not_ended", {
        period,
        from: shanghaiDateOf(periodEnd(obligation.periodKind, period)),
      }),
      [{ path: "period", message: message("report.period_not_ended_field") }],
    );
  }
  const kind = filingKinds[obligation.id];
  if (!kind) throw new Error(`no filing kind for obligation ${obligation.id}`);
  const body = kind.body.parse(rawBody);
  if (enterprise.status !== "active") {
    throw new RuleViolation(said("report.enterprise_closed", { creditCode: enterprise.creditCode }));
  }
  const signedBy = typeof body.signedBy === "string" ? body.signedBy.trim() : "";
  if (kind.signedByLegalRep && signedBy !== enterprise.legalRep.name.trim()) {
    throw new RuleViolation(said("report.signer_not_legal_rep"), [
      {
        path: "signedBy",
        message: message("report.signer_not_legal_rep_field", { legalRep: enterprise.legalRep.name }),
      },
    ]);
  }
  const deadline = deadlineOf(obligation, period, ctx.calendar);
  const receivedAt = now.toISOString();
  const first = existing?.versions[0];
  const status = first ? first.status : now < deadline ? "on_time" : "late";
  const flags = (kind.flags as (b: unknown) => string[])(body);
  const versionNo = (existing?.version ?? 0) + 1;
  const version: FilingVersion = { version: versionNo, receivedAt, status, body, flags };
  const base = existing ?? owed;
  // A late filing after closing keeps overdueAt: the record shows it was missing when the period closed.
  return {
    ...base,
    enterpriseName: enterprise.name,
    contacts: contactsOf(enterprise),
    status,
    receivedAt,
    version: versionNo,
    flags,
    versions: [...(existing?.versions ?? []), version],
  };
}
