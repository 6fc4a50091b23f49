import * as z from "zod";
import { AccidentLevel } from "../domain/accident";
import { EnterpriseSchema, EnterpriseStatus, Industry, OfficialRole } from "../domain/catalogue";
import { CreditCode } from "../domain/credit-code";
import { MonthlyReportBody } from "../domain/filing";
import { HazardLevel, HazardSource, PlanBody } from "../domain/hazard";
import { BoundedDate, BoundedInstant, BoundedMonth, BoundedYear, DistinctList } from "../domain/input-bounds";
import { CountyCode, JurisdictionCode } from "../domain/jurisdiction";
import { PeriodSchema } from "../domain/period";
import { Policy, PolicyOverride } from "../domain/policy";

/** Request and response shapes of the HTTP API: the handlers parse with them, the OpenAPI document shows them. */
export const ErrorBody = z.object({
  error: z.object({
    /** Stable English class of the error: invalid_input, not_found, conflict, … */
    code: z.string(),
    /** Stable English code of what exactly went wrong (functions/domain/messages). */
    reason: z.string().optional(),
    /** Simplified Chinese, for the person reading it. */
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const ImportResultBody = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  /** Lines imported with something to look at, e.g. a department no official of the county belongs to. */
  warnings: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

/** An enterprise import job: progress while it runs, counts and line problems (the first 1,000) when done. */
export const ImportJobView = z.object({
  id: z.string(),
  status: z.enum(["running", "done", "failed"]),
  /** Why a failed import (an uploaded file that is not a catalogue) could not be read. */
  error: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  rows: z.number().int(),
  pages: z.number().int(),
  pagesDone: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  rejectedCount: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  warnings: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

/** Where to PUT a file too large to post, and how to start its import afterwards. */
export const ImportUploadView = z.object({
  uploadId: z.string(),
  uploadUrl: z.string(),
  method: z.literal("PUT"),
  expiresAt: z.string(),
  maxBytes: z.number().int(),
});

export const UploadedImportBody = z
  .object({
    uploadId: z
      .string()
      .regex(/^UPL-\d{8}-[0-9A-Z]{8}$/, "an upload id as returned by POST /v1/imports/uploads"),
  })
  .strict();

export const ImportParams = z.object({
  id: z.string().regex(/^IMP-\d{8}-[0-9A-Z]{8}$/, "an import id as returned by POST /v1/imports/enterprises"),
});

export const CreditCodeParams = z.object({ creditCode: CreditCode });
export const ReportParams = z.object({ creditCode: CreditCode, period: PeriodSchema.pipe(BoundedMonth) });
export { EnterpriseSchema, MonthlyReportBody };

export const ReportReceipt = z.object({
  creditCode: z.string(),
  period: z.string(),
  status: z.enum(["on_time", "late"]),
  /** The first receipt: it decides on time or late, and an amendment keeps it. */
  receivedAt: z.string(),
  firstReceivedAt: z.string(),
  /** The latest amendment's receipt (version 2 or later). */
  lastAmendedAt: z.string().optional(),
  version: z.number().int(),
  flags: z.array(z.string()),
});

const Limit = z.coerce.number().int().min(1).max(500).default(100);

/** A page token as this API hands them out (sealed, base64url); its content is checked when opened. */
const PageToken = z.string().min(1).max(2048);
/** Asked for as a file: the list as xlsx or CSV (UTF-8 with BOM) by a download link, instead of JSON pages. */
export const ExportFormatParam = z.enum(["xlsx", "csv"]).optional();

export const ReportListQuery = z.object({
  period: PeriodSchema.pipe(BoundedMonth),
  /**
   * `missing`: not filed and the deadline has passed; `not_yet_due`: not filed, the period is still being
   * filed; `owed`: not filed, either way.
   */
  status: z.enum(["on_time", "late", "missing", "not_yet_due", "owed"]).optional(),
  format: ExportFormatParam,
  jurisdiction: z
    .string()
    .regex(/^\d{6}$/, message("field.division_code"))
    .optional(),
  limit: Limit,
  nextToken: PageToken.optional(),
});

export const ReportList = z.object({
  items: z.array(
    z.object({
      creditCode: z.string(),
      name: z.string(),
      countyCode: z.string(),
      countyName: z.string(),
      period: z.string(),
      status: z.enum(["on_time", "late", "missing", "not_yet_due"]),
      receivedAt: z.string().optional(),
      firstReceivedAt: z.string().optional(),
      lastAmendedAt: z.string().optional(),
      version: z.number().int().optional(),
      overdue: z.boolean(),
      flags: z.array(z.string()),
    }),
  ),
  nextToken: z.string().optional(),
});

export const NotificationQuery = z.object({
  recipient: z.union([z.string().regex(/^1[3-9]\d{9}$/), z.email()], {
    error: message("field.mobile_or_email"),
  }),
  since: BoundedInstant.optional(),
  limit: Limit,
  nextToken: PageToken.optional(),
});

export const NotificationList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      channel: z.enum(["sms", "email"]),
      recipient: z.string(),
      template: z.string(),
      status: z.enum([
        "queued",
        "sending",
        "sent",
        "failed",
        "deferred",
        "delivered",
        "undelivered",
        "unknown",
      ]),
      subject: z.object({ type: z.string(), id: z.string() }),
      createdAt: z.string(),
      sentAt: z.string().optional(),
      notBefore: z.string().optional(),
      attempts: z.number().int(),
      /** Why a message failed or is being retried (mobile numbers masked). */
      error: z.string().optional(),
      /** The provider's receipt: reached the recipient or not, the provider's code, when. */
      delivery: z.object({ delivered: z.boolean(), code: z.string(), at: z.string() }).optional(),
    }),
  ),
  nextToken: z.string().optional(),
});

export const Health = z.object({
  status: z.literal("ok"),
  /** In Chinese, for the operator: e.g. next year's holiday calendar is missing (from 1 November). */
  warnings: z.array(z.string()).optional(),
});

// ---------------------------------------------------------------------------------------------------------
// Hazards (隐患), accident cases (事故) and the holiday calendar
// ---------------------------------------------------------------------------------------------------------

export {
  ClosureBody,
  EvaluationDoneBody,
  InvestigationExtensionBody,
  NewAccidentBody,
  ReportSubmissionBody,
  WithdrawalBody,
} from "../domain/accident";
export {
  AcceptanceBody,
  EvaluationBody,
  ExtensionDecisionBody,
  ExtensionRequestBody,
  ListingBody,
  PlanBody,
  ProgressBody,
  RectificationBody,
  RegisterHazardBody,
} from "../domain/hazard";

import { message } from "../domain/messages";

/** Subject ids as duban makes them (HZ-20261125-7KQ2M9XA); checked loosely, the store answers 404. */
const SubjectId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Z0-9-]+$/, message("field.id"));

export const HazardParams = z.object({ id: SubjectId });
export const ExtensionDecisionParams = z.object({
  id: SubjectId,
  n: z.coerce.number().int().positive(),
});
export const AccidentParams = z.object({ id: SubjectId });
export const CalendarParams = z.object({
  year: BoundedYear,
});

/** A division code as the domain checks it (GB/T 2260, no leading zero), so a bad one is named here. */
const Jurisdiction = JurisdictionCode;
const HazardStatus = z.enum([
  "open",
  "rectified",
  "registered",
  "planned",
  "listed",
  "acceptance_requested",
  "delisted",
]);

export const HazardListQuery = z.object({
  jurisdiction: Jurisdiction.optional(),
  format: ExportFormatParam,
  level: HazardLevel.optional(),
  status: HazardStatus.optional(),
  /** Exactly "true" or "false"; anything else is refused rather than read as a truthy string. */
  overdue: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  /** Hazards overdue at some time in this month (YYYY-MM), delisted ones included. */
  overdueIn: PeriodSchema.pipe(BoundedMonth).optional(),
  creditCode: CreditCode.optional(),
  department: z.string().trim().min(1).max(100).optional(),
  listingLevel: z.enum(["county", "city", "province"]).optional(),
  /** Exactly "true": only hazards still open (not rectified, not delisted). */
  open: z
    .enum(["true"])
    .transform(() => true)
    .optional(),
  /** The deadline in force on or after / on or before this day (YYYY-MM-DD). */
  deadlineFrom: BoundedDate.optional(),
  deadlineTo: BoundedDate.optional(),
  /** The escalation ladder went past the listing department at or after this instant (ISO 8601). */
  escalatedSince: BoundedInstant.optional(),
  limit: Limit,
  nextToken: PageToken.optional(),
});

export const AccidentListQuery = z.object({
  jurisdiction: Jurisdiction.optional(),
  /** The cases of one enterprise (统一社会信用代码). */
  enterprise: CreditCode.optional(),
  /** Without a status: the cases in progress and done; a withdrawn case shows only when asked for. */
  status: z.enum(["investigating", "report_submitted", "closed", "evaluated", "withdrawn"]).optional(),
  limit: Limit,
  nextToken: PageToken.optional(),
});

const Actor = z.object({ sub: z.string(), role: z.string(), jurisdiction: z.string() });

export const Timeline = z.array(
  z.object({
    at: z.string(),
    actor: Actor,
    /** A stable English code for programs (`listed`, `ladder step overdue`). */
    what: z.string(),
    /** What happened, in Chinese (挂牌督办, 督办提醒：逾期). */
    label: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
);

/** The ladder steps of the plan in force that have not fired yet (audience: config `Audience` names). */
const Upcoming = z.array(
  z.object({ step: z.string(), dueAt: z.string(), audience: z.array(z.string()), template: z.string() }),
);

export const HazardView = z.object({
  id: z.string(),
  creditCode: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  enterpriseName: z.string(),
  supervisingDepartment: z.string(),
  level: HazardLevel,
  title: z.string(),
  description: z.string(),
  location: z.string().optional(),
  foundAt: z.string(),
  source: HazardSource,
  status: HazardStatus,
  rectifyBy: z.string().optional(),
  rectification: z.object({ rectifiedAt: z.string(), note: z.string() }).optional(),
  plan: PlanBody.optional(),
  /** The deadline in force: the plan's, moved by an approved extension or a failed acceptance. */
  deadline: z.string().optional(),
  listing: z
    .object({
      level: z.enum(["county", "city", "province"]),
      department: z.string(),
      documentNo: z.string(),
      jurisdiction: z.string(),
      jurisdictionName: z.string(),
      listedAt: z.string(),
      /**
       * Where a local rule counts them (青岛 "3+X"): the last day to file the listing with the city 安委办, to
       * publish it, and (once delisted) to publish the delisting.
       */
      filedBy: z.string().optional(),
      publishedBy: z.string().optional(),
      delistingPublishedBy: z.string().optional(),
    })
    .optional(),
  progressReports: z.array(
    z.object({
      period: z.string(),
      summary: z.string(),
      percentComplete: z.number(),
      fundsSpentYuan: z.number(),
      receivedAt: z.string(),
      version: z.number().int(),
    }),
  ),
  extensionRequests: z.array(
    z.object({
      n: z.number().int(),
      newDeadline: z.string(),
      reason: z.string(),
      requestedAt: z.string(),
      decisionDueDate: z.string().optional(),
      decision: z
        .object({ approved: z.boolean(), note: z.string(), decidedAt: z.string(), by: z.string() })
        .optional(),
    }),
  ),
  evaluations: z.array(
    z.object({
      agency: z.string(),
      agencyLicenseNo: z.string(),
      conclusion: z.enum(["pass", "fail"]),
      reportNo: z.string(),
      evaluatedAt: z.string(),
      recordedAt: z.string(),
    }),
  ),
  acceptanceRequest: z
    .object({ requestedAt: z.string(), dueAt: z.string(), dueDate: z.string().optional() })
    .optional(),
  acceptances: z.array(
    z.object({
      result: z.enum(["passed", "failed"]),
      inspectedAt: z.string(),
      note: z.string(),
      newDeadline: z.string().optional(),
    }),
  ),
  delistedAt: z.string().optional(),
  overdue: z.boolean(),
  overdueSince: z.string().optional(),
  /** Days overdue in all (the spell in progress up to now), and each spell an extension or delisting ended. */
  overdueDays: z.number().int(),
  overdueSpells: z.array(
    z.object({
      since: z.string(),
      until: z.string(),
      deadline: z.string().optional(),
      days: z.number().int(),
    }),
  ),
  /** When the treatment plan was set (an extension re-plans the reminders, not the plan). */
  planSetAt: z.string().optional(),
  /** The local rules in force when it was opened (GET /v1/policies/{jurisdiction}). */
  policyVersion: z.string().optional(),
  timeline: Timeline,
  upcoming: Upcoming,
  /** Why `upcoming` is empty when the ladder cannot be planned (a year without holiday data). */
  upcomingUnavailable: z.string().optional(),
});

export const HazardList = z.object({ items: z.array(HazardView), nextToken: z.string().optional() });

export const AccidentView = z.object({
  id: z.string(),
  jurisdiction: z.string(),
  jurisdictionName: z.string(),
  enterpriseCreditCode: z.string().optional(),
  occurredAt: z.string(),
  level: AccidentLevel,
  deaths: z.number().int(),
  injuries: z.number().int(),
  directLossYuan: z.number(),
  summary: z.string(),
  status: z.enum(["investigating", "report_submitted", "closed", "evaluated", "withdrawn"]),
  report: z
    .object({
      submittedAt: z.string(),
      reportNo: z.string(),
      approvalDueDate: z.string(),
      approvalDueAt: z.string(),
    })
    .optional(),
  withdrawal: z.object({ at: z.string(), reason: z.string(), by: z.string() }).optional(),
  /** Due by the end of `investigationDueDate` in Shanghai; `investigationDueAt` is that end, exclusive. */
  investigationDueAt: z.string(),
  investigationDueDate: z.string(),
  investigationExtension: z
    .object({ days: z.number().int(), approvedBy: z.string(), at: z.string() })
    .optional(),
  closure: z.object({ closedAt: z.string(), reportNo: z.string() }).optional(),
  /**
   * The evaluation window: opens at the start of `opensDate` (10 months after the closing day) and is due by
   * the end of `dueDate` (12 months after it); `dueAt` is that end, exclusive.
   */
  evaluation: z
    .object({ opensAt: z.string(), dueAt: z.string(), opensDate: z.string(), dueDate: z.string() })
    .optional(),
  evaluationDone: z
    .object({ completedAt: z.string(), reportNo: z.string(), findings: z.string() })
    .optional(),
  overdue: z.boolean(),
  overdueSince: z.string().optional(),
  /** The local rules in force when it was opened (GET /v1/policies/{jurisdiction}). */
  /** The periods the case was opened under (days and months), from the local rules of that version. */
  periods: z.record(z.string(), z.number().int()).optional(),
  policyVersion: z.string().optional(),
  timeline: Timeline,
  createdBy: Actor,
  upcoming: Upcoming,
  /** Why `upcoming` is empty when the ladder cannot be planned (a year without holiday data). */
  upcomingUnavailable: z.string().optional(),
});

export const AccidentList = z.object({ items: z.array(AccidentView), nextToken: z.string().optional() });

/** A year of the State Council's holiday notice: days off, and weekend days made working days (调休). */
export const CalendarYearBody = z
  .object({ holidays: DistinctList(BoundedDate, 366), workdays: DistinctList(BoundedDate, 366) })
  .strict();

export const PolicyParams = z.object({ jurisdiction: Jurisdiction });

const PolicySourceView = z.union([
  z.object({ level: z.literal("default") }),
  z.object({ level: z.enum(["province", "city", "county"]), code: z.string(), name: z.string() }),
]);

/** A jurisdiction's effective policy, where each value comes from, and its own stored override. */
export const PolicyView = z.object({
  jurisdiction: z.object({ code: z.string(), name: z.string() }),
  /** `default`, or the versions of the layers in force (`440000@2/441900@1`), as subjects record it. */
  version: z.string(),
  policy: Policy,
  /** Dotted path of each value (`obligations.monthly-self-inspection.dueDay`) → the level that set it. */
  sources: z.record(z.string(), PolicySourceView),
  layers: z.array(z.object({ code: z.string(), name: z.string(), version: z.number().int() })),
  /** What this jurisdiction itself stores (only what differs from the levels above). */
  override: PolicyOverride,
  ownVersion: z.number().int(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});

export const CalendarYearReceipt = z.object({
  year: z.number().int(),
  holidays: z.number().int(),
  workdays: z.number().int(),
  covered: z.array(z.number().int()),
});

/** An enterprise with the history of its explicit changes (moves between counties, closing, reopening). */
/** An enterprise as the API shows it: with its timeline and its county's name beside the code. */
export const EnterpriseView = EnterpriseSchema.extend({
  timeline: Timeline,
  countyName: z.string(),
  /** When it joined the catalogue: it owes the periods whose deadline had not passed then. */
  joinedAt: z.string().optional(),
});

const Reason = z.string().trim().min(1, "必填：请说明原因").max(500, "不超过 500 字");

export const EnterpriseTransferBody = z.object({ toCountyCode: CountyCode, reason: Reason }).strict();

export const EnterpriseStatusBody = z.object({ status: EnterpriseStatus, reason: Reason }).strict();

/** 监管对象: enterprises of a jurisdiction by name prefix or credit code prefix, industry, department, status. */
export const EnterpriseListQuery = z.object({
  jurisdiction: Jurisdiction.optional(),
  /** A name prefix (恒达), or a credit code or its beginning (91530502). */
  q: z.string().trim().min(1).max(100).optional(),
  industry: Industry.optional(),
  department: z.string().trim().min(1).max(100).optional(),
  status: EnterpriseStatus.optional(),
  limit: Limit,
  nextToken: PageToken.optional(),
});

export const EnterpriseSummary = z.object({
  creditCode: z.string(),
  name: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  industry: Industry,
  supervisingDepartment: z.string(),
  status: EnterpriseStatus,
  legalRepName: z.string(),
});

export const EnterpriseList = z.object({
  items: z.array(EnterpriseSummary),
  nextToken: z.string().optional(),
});

/** Officials of exactly one jurisdiction (the caller's or one within it), of one role or all. */
export const OfficialListQuery = z.object({
  jurisdiction: Jurisdiction.optional(),
  role: OfficialRole.optional(),
  /** Exactly "true": the officials of every jurisdiction below as well, sorted by jurisdiction. */
  below: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
  limit: Limit,
  nextToken: PageToken.optional(),
});

export const OfficialSummary = z.object({
  /** Stable: derived from jurisdiction, role, department and name, never from the mobile number. */
  id: z.string(),
  name: z.string(),
  role: OfficialRole,
  jurisdiction: z.string(),
  jurisdictionName: z.string(),
  department: z.string(),
  mobile: z.string(),
  email: z.string().optional(),
  /** 在职 (active) or 已停用 (inactive: told nothing, history kept). */
  status: z.enum(["active", "inactive"]),
  deactivation: z.object({ at: z.string(), reason: z.string(), by: z.string() }).optional(),
});

export const OfficialList = z.object({ items: z.array(OfficialSummary), nextToken: z.string().optional() });

export const OfficialParams = z.object({
  officialId: z.string().regex(/^OF-[0-9a-f]{16}$/, "人员编号应为 OF- 加 16 位十六进制数字"),
});

export const OfficialView = OfficialSummary.extend({ timeline: Timeline });

export const OfficialStatusBody = z.object({ reason: Reason }).strict();

// ---------------------------------------------------------------------------------------------------------
// The console's views
// ---------------------------------------------------------------------------------------------------------

export const MeView = z.object({
  sub: z.string(),
  name: z.string(),
  role: z.enum(["enterprise", "inspector", "anweiban", "leader", "admin"]),
  jurisdiction: z.string(),
  jurisdictionName: z.string(),
  enterprise: z.object({ creditCode: z.string(), name: z.string(), legalRep: z.string() }).optional(),
  department: z.string().optional(),
  /** What the caller may do (capability codes; the API still decides each request). */
  may: z.array(z.string()),
  /** The system's time (a virtual clock locally), from which the console reckons periods and deadlines. */
  now: z.string(),
});

/** One filed or owed monthly report with every filed version, for reading back. */
export const ReportView = z.object({
  creditCode: z.string(),
  enterpriseName: z.string(),
  period: z.string(),
  /** `not_yet_due` while the period is still being filed; `not_owed` before the enterprise joined. */
  status: z.enum(["on_time", "late", "missing", "not_yet_due", "not_owed"]),
  /** The last day to file (Shanghai date) and the instant the deadline passes. */
  dueDate: z.string(),
  dueAt: z.string(),
  /** The local rules the period was opened under (`default`, or `530500@2`: GET /v1/policies/{jurisdiction}). */
  policyVersion: z.string().optional(),
  receivedAt: z.string().optional(),
  firstReceivedAt: z.string().optional(),
  lastAmendedAt: z.string().optional(),
  version: z.number().int().optional(),
  flags: z.array(z.string()),
  overdueAt: z.string().optional(),
  versions: z.array(
    z.object({
      version: z.number().int(),
      receivedAt: z.string(),
      status: z.enum(["on_time", "late"]),
      body: MonthlyReportBody,
      flags: z.array(z.string()),
    }),
  ),
});
