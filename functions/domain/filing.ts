import * as z from "zod";
import { type HolidayCalendar, shanghaiDateOf, shanghaiEndOfDay } from "./calendar";
import type { Enterprise } from "./catalogue";
import type { FilingObligation } from "./config-schema";
import { filingDeadline, filingDueDate, hasPeriodEnded } from "./deadlines";
import { RuleViolation } from "./errors";
import { Count, hasControlOrBidi, MultiLine, Percent, SingleLine, Yuan } from "./input-bounds";
import { message, said } from "./messages";
import { parsePeriod, periodEnd, periodLabel, periodOf, previousPeriod } from "./period";
import type { Contact, FilingRecord, FilingVersion } from "./ports";
import { sameData } from "./same-data";

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

/** Monthly progress of a listed major hazard's treatment (seed 004), filed per hazard. */
export const ProgressReportBody = z
  .object({
    summary: MultiLine(5000),
    percentComplete: Percent,
    fundsSpentYuan: Yuan,
  })
  .strict();

/**
 * 事故隐患排查治理情况统计分析表 (16号令 第十四条), quarterly and annual, in the columns of the 宁波
 * 工矿企业隐患排查治理情况报表: signed by the principal person in charge (the legal representative on file).
 */
export const HazardStatisticsBody = z
  .object({
    signedBy: z.string().trim().min(1).max(100),
    general: z.object({ found: Count, rectified: Count }).strict(),
    /** Major hazards found, and rectified (delisted, 销号). */
    major: z.object({ found: Count, rectified: Count }).strict(),
    /** Major hazards with a treatment plan, of which with all five measures in place (五落实). */
    majorWithPlan: z.object({ total: Count, allFiveInPlace: Count }).strict(),
    /** Major hazards listed for supervision (挂牌督办) at province and at city level. */
    listed: z.object({ province: Count, city: Count }).strict(),
    /** Treatment funds committed in plans and spent, yuan. */
    funds: z.object({ committedYuan: Yuan, spentYuan: Yuan }).strict(),
    notes: z.string().max(2000).optional(),
  })
  .strict();
export type HazardStatisticsBody = z.infer<typeof HazardStatisticsBody>;

/** The figures of a statistics report, without the signature: what the register says and what was filed. */
export type HazardStatisticsFigures = Omit<HazardStatisticsBody, "signedBy" | "notes">;

export const DIFFERS_FROM_REGISTER = "differs_from_register";

/** One figure a filed statistics report gives differently from the hazard register. */
export type Discrepancy = { field: string; submitted: number; register: number };

/** Every numeric leaf of the figures whose submitted value is not the register's, by dotted path. */
export function discrepancies(submitted: HazardStatisticsFigures, register: HazardStatisticsFigures) {
  const found: Discrepancy[] = [];
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>, path: string[]) => {
    for (const [key, value] of Object.entries(b)) {
      const mine = a[key];
      if (typeof value === "number" && typeof mine === "number") {
        if (Math.abs(mine - value) > 0.005) {
          found.push({ field: [...path, key].join("."), submitted: mine, register: value });
        }
      } else if (value && typeof value === "object" && mine && typeof mine === "object") {
        walk(mine as Record<string, unknown>, value as Record<string, unknown>, [...path, key]);
      }
    }
  };
  walk(submitted, register, []);
  return found;
}

/**
 * A filing form: its body schema, the flags a filed body raises, and who must sign it. An obligation in
 * config names its form; adding an obligation of an existing form is configuration only, and a new form is
 * one entry here — no code path branches on obligation ids.
 */
export type FilingForm = {
  body: z.ZodType<Record<string, unknown>>;
  /** Flags of a filed body; `register` is the hazard register's figures where the form has a draft. */
  flags: (body: never, register?: HazardStatisticsFigures) => string[];
  /** Whether the legal representative on file must sign (自查自报 and 16号令 statistics are signed so). */
  signedByLegalRep: boolean;
  /** Whether the form is pre-filled from the hazard register (`GET …/draft`) and compared with it. */
  draftFromRegister: boolean;
};

export const FILING_FORMS: Record<FilingObligation["form"], FilingForm> = {
  "self-inspection": {
    body: MonthlyReportBody,
    flags: (body: MonthlyReportBody) => (body.selfInspections === 0 ? [ZERO_SELF_INSPECTIONS] : []),
    signedByLegalRep: true,
    draftFromRegister: false,
  },
  "major-hazard-progress": {
    body: ProgressReportBody,
    flags: () => [],
    signedByLegalRep: false,
    draftFromRegister: false,
  },
  "hazard-statistics": {
    body: HazardStatisticsBody,
    flags: (body: HazardStatisticsBody, register?: HazardStatisticsFigures) =>
      register && discrepancies(body, register).length > 0 ? [DIFFERS_FROM_REGISTER] : [],
    signedByLegalRep: true,
    draftFromRegister: true,
  },
};

export function formOf(obligation: FilingObligation): FilingForm {
  return FILING_FORMS[obligation.form];
}

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

/**
 * The run of missed periods a record closed with: its recorded run when it was closed with nothing filed
 * (1 for a record closed before runs were recorded), 0 when it was filed or has not been closed.
 */
export function missedRunAtClose(record: FilingRecord): number {
  if (record.status !== "missing" || !record.overdueAt) return 0;
  return record.missedStreak ?? 1;
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
 * Whether an enterprise that joined the catalogue at `joinedAt` owes the period (the joining rule of the
 * obligation): by default every period whose deadline had not passed when it joined — one that joins on
 * 1 December owes November (due by the 5th), one that joins on 6 December does not. An enterprise with no
 * recorded joining (loaded before duban recorded it) owes every period.
 */
export function owesPeriod(
  obligation: FilingObligation,
  period: string,
  joinedAt: string | undefined,
  calendar?: HolidayCalendar,
): boolean {
  if (!joinedAt) return true;
  const joined = new Date(joinedAt);
  if (obligation.joining === "owes_current_period") {
    return period >= periodOf(obligation.periodKind, shanghaiDateOf(joined));
  }
  return deadlineOf(obligation, period, calendar) > joined;
}

/** The periods an enterprise owes the moment it joins at `now`: the one in progress and any not yet due. */
export function periodsOwedOnJoining(
  obligation: FilingObligation,
  now: Date,
  calendar?: HolidayCalendar,
): string[] {
  const current = periodOf(obligation.periodKind, shanghaiDateOf(now));
  const previous = previousPeriod(obligation.periodKind, current);
  return owesPeriod(obligation, previous, now.toISOString(), calendar) ? [previous, current] : [current];
}

/**
 * Whether a filing received at `receivedAt` is on time. A shift to the next working day only ever extends
 * the deadline, so a filing before the unshifted deadline is on time without the holiday calendar (December's
 * report filed by 5 January needs no 2027 data); only a later one asks the calendar, which refuses a year it
 * does not hold (CalendarYearMissing, naming the year) rather than guess "weekends only".
 */
export function receivedOnTime(
  obligation: FilingObligation,
  period: string,
  receivedAt: Date,
  calendar?: HolidayCalendar,
): boolean {
  const unshifted = filingDeadline(obligation.periodKind, period, {
    ...obligation.due,
    shiftToWorkingDay: false,
  });
  if (receivedAt < unshifted) return true;
  if (!obligation.due.shiftToWorkingDay) return false;
  return receivedAt < deadlineOf(obligation, period, calendar);
}

/**
 * Files (or amends) a report. The first filing decides on-time or late: an amendment keeps that status and
 * `firstReceivedAt`, so correcting an on-time report never turns it late; `lastAmendedAt` is the latest
 * amendment. Every version is kept; a body identical to the latest version is no new version (the record is
 * returned as it is). A period the enterprise does not owe (before it joined) is refused.
 */
export function fileReport(
  ctx: FilingContext,
  enterprise: Enterprise,
  existing: FilingRecord | undefined,
  rawBody: unknown,
  /** The record owed when none exists yet (a hazard's progress record carries the hazard). */
  owed: FilingRecord = owedFiling(enterprise, ctx.obligation.id, ctx.period),
  /** The hazard register's figures for a form drafted from it: differing figures are flagged, not refused. */
  register?: HazardStatisticsFigures,
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
  const kind = formOf(obligation);
  const body = kind.body.parse(rawBody);
  if (enterprise.status !== "active") {
    throw new RuleViolation(said("report.enterprise_closed", { creditCode: enterprise.creditCode }));
  }
  if (!existing && !owesPeriod(obligation, period, enterprise.joinedAt, ctx.calendar)) {
    throw new RuleViolation(
      said("report.before_joining", {
        period: periodLabel(period),
        joinedOn: shanghaiDateOf(new Date(enterprise.joinedAt ?? now.toISOString())),
      }),
      [{ path: "period", message: message("report.before_joining_field") }],
    );
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
  const latest = existing?.versions.at(-1);
  if (existing && latest && sameData(latest.body, body)) return existing;
  const receivedAt = now.toISOString();
  const first = existing?.versions[0];
  // A record opened under a local rule keeps its own due date (ports.ts FilingRecord.due).
  const ownDue = (existing ?? owed).due?.date;
  const onTime = ownDue
    ? now < shanghaiEndOfDay(ownDue)
    : receivedOnTime(obligation, period, now, ctx.calendar);
  const status = first ? first.status : onTime ? "on_time" : "late";
  const flags = (kind.flags as (b: unknown, r?: HazardStatisticsFigures) => string[])(body, register);
  const differs = register ? discrepancies(body as HazardStatisticsFigures, register) : [];
  const versionNo = (existing?.version ?? 0) + 1;
  const version: FilingVersion = {
    version: versionNo,
    receivedAt,
    status,
    body,
    flags,
    ...(differs.length > 0 ? { discrepancies: differs } : {}),
  };
  const base = existing ?? owed;
  // A late filing after closing keeps overdueAt: the record shows it was missing when the period closed.
  return {
    ...base,
    enterpriseName: enterprise.name,
    contacts: contactsOf(enterprise),
    status,
    receivedAt: first ? first.receivedAt : receivedAt,
    firstReceivedAt: first ? first.receivedAt : receivedAt,
    ...(first ? { lastAmendedAt: receivedAt } : {}),
    version: versionNo,
    flags,
    versions: [...(existing?.versions ?? []), version],
  };
}
