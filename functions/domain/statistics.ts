/**
 * The compliance sweep's stored result: the figures of one jurisdiction for one month, with each child
 * jurisdiction's figures beside the total and, in a county, each supervising department's. Cities and
 * provinces are sums of their counties' stored results (`rollUp`), never a second reading of the items.
 *
 * Named lists (non-filers, overdue major hazards, …) are stored per county in pages beside the result
 * (`SweepListPage`): a province's list of non-filers does not fit one item, and a reader streams it.
 */
import * as z from "zod";
import type { Accident } from "./accident";
import type { Hazard } from "./hazard";
import { JurisdictionCode } from "./jurisdiction";
import type { FilingRecord } from "./ports";

const Count = z.number().int().min(0);
const Yuan = z.number().min(0);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");
const Instant = z.iso.datetime({ offset: true });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM");

/**
 * A share between 0 and 1, or null when its denominator is zero: "no enterprise owed a report" is not
 * 0 % and not NaN. People see null as "—" (`formatRate`).
 */
export const Rate = z.number().min(0).max(1).nullable();
export type Rate = z.infer<typeof Rate>;

/** The monthly self-inspection report (自查自报月报) of the period. */
export const FilingFigures = z
  .object({
    /** Enterprises that owed the report (active in the period; a closed one's withdrawn record is not counted). */
    active: Count,
    onTime: Count,
    late: Count,
    /** Nothing filed when the sweep ran. */
    missing: Count,
    /** (onTime + late) / active. */
    filingRate: Rate,
    /** onTime / active. */
    onTimeRate: Rate,
    /** Filed reports with zero self-inspections (每月至少一次自查). */
    zeroInspectionReports: Count,
    /** Filed reports that found no hazard at all: a quality signal of the self-inspection. */
    zeroHazardReports: Count,
    /** Enterprises under 跟踪督查: missed this period and the ones before it (config `trackAfterMissed`). */
    tracked: Count,
  })
  .strict();
export type FilingFigures = z.infer<typeof FilingFigures>;

export const GeneralHazardFigures = z
  .object({
    /** Found in the period (foundAt in the month, Shanghai). */
    found: Count,
    /** Rectified in the period, whenever found. */
    rectified: Count,
    /** Of those found in the period, rectified by its end. */
    rectifiedOfFound: Count,
    /** Rectified in the period on or before their rectifyBy date. */
    rectifiedOnTime: Count,
    /** 整改率: rectifiedOfFound / found. */
    rectificationRate: Rate,
    /** Still open at the end of the period. */
    openAtEnd: Count,
    /** Open at the end of the period and past their rectifyBy date. */
    overdueAtEnd: Count,
  })
  .strict();
export type GeneralHazardFigures = z.infer<typeof GeneralHazardFigures>;

const ByListingLevel = z.object({ county: Count, city: Count, province: Count }).strict();

export const MajorHazardFigures = z
  .object({
    found: Count,
    /** Delisted (销号) in the period, whenever found. */
    delisted: Count,
    /** Of those found in the period, delisted by its end. */
    delistedOfFound: Count,
    /** Delisted in the period on or before the deadline in force. */
    delistedOnTime: Count,
    /** 整改率 of major hazards: delistedOfFound / found. */
    rectificationRate: Rate,
    /** Not delisted at the end of the period. */
    openAtEnd: Count,
    /** Open at the end of the period with a treatment plan (治理方案). */
    withPlan: Count,
    /** … of which the plan has all five measures in place (五落实: 措施、责任、资金、时限、预案). */
    withPlanAllFive: Count,
    /** Listed for supervision (挂牌督办) in the period, by listing level. */
    listed: ByListingLevel,
    /** Listed and not delisted at the end of the period, by listing level. */
    listedAtEnd: ByListingLevel,
    /** Listed, not delisted, past the deadline in force at the end of the period. */
    overdueAtEnd: Count,
    /** Of the overdue ones, those the escalation ladder had taken past the listing department by the end. */
    escalated: Count,
    /** Funds committed in the treatment plans of the hazards open at the end or delisted in the period. */
    planFundsYuan: Yuan,
    /** Funds spent as reported in the period's treatment progress reports. */
    fundsSpentYuan: Yuan,
  })
  .strict();
export type MajorHazardFigures = z.infer<typeof MajorHazardFigures>;

export const AccidentFigures = z
  .object({
    /** Cases whose investigation report was still outstanding at the end of the period. */
    investigating: Count,
    /** … of which past the (possibly extended) due date. */
    investigationOverdue: Count,
    /** Closed cases whose evaluation window (10–12 months after closing) was open at the end, not yet done. */
    evaluationsInWindow: Count,
    /** Closed cases past the evaluation due date at the end of the period, not yet done. */
    evaluationsOverdue: Count,
    /** Evaluations completed in the period. */
    evaluationsDone: Count,
  })
  .strict();
export type AccidentFigures = z.infer<typeof AccidentFigures>;

export const HazardFigures = z.object({ general: GeneralHazardFigures, major: MajorHazardFigures }).strict();
export type HazardFigures = z.infer<typeof HazardFigures>;

/** A jurisdiction's figures for one month. */
export const Figures = z
  .object({ filing: FilingFigures, hazards: HazardFigures, accidents: AccidentFigures })
  .strict();
export type Figures = z.infer<typeof Figures>;

/** A supervising department's figures: accident cases belong to a government, not a department. */
export const DepartmentFigures = z.object({ filing: FilingFigures, hazards: HazardFigures }).strict();
export type DepartmentFigures = z.infer<typeof DepartmentFigures>;

export const JurisdictionLevelSchema = z.enum(["county", "city", "province"]);

export const ChildFigures = z
  .object({ jurisdiction: JurisdictionCode, name: z.string().min(1), figures: Figures })
  .strict();
export type ChildFigures = z.infer<typeof ChildFigures>;

export const DepartmentRow = z
  .object({ department: z.string().min(1).max(100), figures: DepartmentFigures })
  .strict();
export type DepartmentRow = z.infer<typeof DepartmentRow>;

/** The names of the lists stored beside a county's result, in the order a bulletin prints them. */
export const SWEEP_LISTS = [
  "overdueMajorHazards",
  "tracked",
  "missing",
  "zeroHazardReports",
  "zeroInspectionReports",
  "accidents",
] as const;
export const SweepListName = z.enum(SWEEP_LISTS);
export type SweepListName = z.infer<typeof SweepListName>;

/** The stored figures of one jurisdiction for one month. */
export const SweepResult = z
  .object({
    jurisdiction: JurisdictionCode,
    level: JurisdictionLevelSchema,
    name: z.string().min(1),
    period: Month,
    /** When the sweep that computed (a county) or rolled up (a city, a province) this result ran. */
    sweptAt: Instant,
    figures: Figures,
    /** A city's counties, a province's cities, side by side; empty for a county. */
    children: z.array(ChildFigures),
    /** Per supervising department: a county's own; a city's and a province's summed by department name. */
    departments: z.array(DepartmentRow),
    /** How many entries each named list holds (a county's own, or the sum over the counties below). */
    listSizes: z.record(SweepListName, Count),
    /**
     * What the sweep read and what it reported (items that contributed to a figure or a list): the ratio
     * stays ≤ 1.1 because items are read by key conditions per county and period. Summed for a roll-up.
     */
    itemsRead: Count,
    itemsReported: Count,
  })
  .strict();
export type SweepResult = z.infer<typeof SweepResult>;

const EnterpriseRef = {
  creditCode: z.string().min(1),
  enterpriseName: z.string().min(1),
  countyCode: JurisdictionCode,
  department: z.string(),
};

/** Contacts of a non-filer, for the exports the counties ask for every month. */
const ListContact = z.object({
  role: z.string(),
  name: z.string(),
  mobile: z.string(),
  email: z.string().optional(),
});

export const OverdueMajorHazardEntry = z
  .object({
    ...EnterpriseRef,
    hazardId: z.string().min(1),
    title: z.string().min(1),
    deadline: Day,
    /** Calendar days past the deadline at the end of the period. */
    daysOverdue: z.number().int().min(1),
    listingLevel: z.enum(["county", "city", "province"]),
    listingJurisdiction: JurisdictionCode,
    listingDepartment: z.string(),
    documentNo: z.string(),
    escalated: z.boolean(),
  })
  .strict();

export const TrackedEntry = z
  .object({ ...EnterpriseRef, missedStreak: z.number().int().min(1), contacts: z.array(ListContact) })
  .strict();

export const MissingEntry = z
  .object({ ...EnterpriseRef, missedStreak: z.number().int().min(0), contacts: z.array(ListContact) })
  .strict();

export const ReportQualityEntry = z
  .object({
    ...EnterpriseRef,
    selfInspections: z.number().int().min(0),
    hazardsFound: z.number().int().min(0),
    receivedAt: Instant,
  })
  .strict();

export const AccidentEntry = z
  .object({
    accidentId: z.string().min(1),
    jurisdiction: JurisdictionCode,
    level: z.enum(["general", "larger", "major", "especially_major"]),
    occurredAt: Instant,
    summary: z.string(),
    /** Where the case stood at the end of the period. */
    state: z.enum(["investigation_overdue", "evaluation_in_window", "evaluation_overdue", "evaluation_done"]),
    dueAt: Instant,
    /** Calendar days past `dueAt` at the end of the period; 0 when not overdue. */
    daysOverdue: z.number().int().min(0),
  })
  .strict();

export const SweepListEntry = {
  overdueMajorHazards: OverdueMajorHazardEntry,
  tracked: TrackedEntry,
  missing: MissingEntry,
  zeroHazardReports: ReportQualityEntry,
  zeroInspectionReports: ReportQualityEntry,
  accidents: AccidentEntry,
} as const satisfies Record<SweepListName, z.ZodType>;
export type SweepListEntry<L extends SweepListName> = z.infer<(typeof SweepListEntry)[L]>;

/** One stored page of a county's named list (pages keep every item far below DynamoDB's 400 KB). */
export const SWEEP_LIST_PAGE_SIZE = 200;
export const SweepListPage = z
  .object({
    jurisdiction: JurisdictionCode,
    period: Month,
    list: SweepListName,
    page: z.number().int().min(0),
    entries: z.array(z.unknown()).max(SWEEP_LIST_PAGE_SIZE),
  })
  .strict();
export type SweepListPage = z.infer<typeof SweepListPage>;

/**
 * Where sweep results live. The authorization of a read is the caller's: the HTTP layer hands in a
 * jurisdiction only after `statisticsScope` accepted it, and an unknown or foreign one answers as absent.
 */
export interface SweepStore {
  putResult(result: SweepResult): Promise<void>;
  getResult(jurisdiction: string, period: string): Promise<SweepResult | undefined>;
  /** The latest month swept for a jurisdiction (its results sorted by month), or undefined before any. */
  getLatestResult(jurisdiction: string): Promise<SweepResult | undefined>;
  /** Replaces a county's pages of one list for the period (a re-run sweep overwrites, never appends). */
  putListPages(pages: SweepListPage[]): Promise<void>;
  /**
   * Streams the entries of a named list of a jurisdiction: a county's own pages, or, for a city or a
   * province, the pages of every county below it, county by county (never the whole list in memory).
   */
  listEntries<L extends SweepListName>(
    jurisdiction: string,
    period: string,
    list: L,
  ): AsyncIterable<SweepListEntry<L>>;
}

/**
 * What a county's sweep reads, each by a key condition on the county and the month (rule 7): the
 * records of the monthly report, and the hazards and accident cases not closed before the month began.
 */
export interface SweepSource {
  countyFilings(obligation: string, period: string, countyCode: string): AsyncIterable<FilingRecord>;
  /** `period` is a month; with `creditCode`, only that enterprise's hazards come back (a draft's reads). */
  hazardsOpenSince(countyCode: string, period: string, creditCode?: string): AsyncIterable<Hazard>;
  /** Cases handled by exactly this jurisdiction (a county's own, or a city's or province's own cases). */
  accidentsOpenSince(jurisdiction: string, period: string): AsyncIterable<Accident>;
}
