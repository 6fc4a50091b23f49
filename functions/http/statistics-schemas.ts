import * as z from "zod";
import { CreditCode } from "../domain/credit-code";
import { HazardStatisticsBody } from "../domain/filing";
import { JurisdictionCode } from "../domain/jurisdiction";
import { PeriodSchema, QuarterPeriodSchema, YearPeriodSchema } from "../domain/period";
import { ChildFigures, Figures, SweepResult } from "../domain/statistics";
import { ReportReceipt } from "./schemas";

/** Shapes of the statistics routes: hazard statistics reports (16号令 第十四条) and sweep figures. */
export { HazardStatisticsBody };

export const StatisticsReportParams = z.object({
  creditCode: CreditCode,
  period: z.union([QuarterPeriodSchema, YearPeriodSchema], { error: "a quarter YYYY-Qn or a year YYYY" }),
});

const Discrepancy = z.object({ field: z.string(), submitted: z.number(), register: z.number() });

export const StatisticsReportReceipt = ReportReceipt.extend({
  /** Figures that differ from the hazard register: accepted, flagged `differs_from_register`. */
  discrepancies: z.array(Discrepancy).optional(),
});

export const StatisticsDraft = HazardStatisticsBody.omit({ signedBy: true, notes: true }).extend({
  creditCode: z.string(),
  period: z.string(),
  obligation: z.string(),
  dueDate: z.string(),
  /** The legal representative on file, who signs the report. */
  signedBy: z.string(),
});

/** Without `period`: the latest month swept for the jurisdiction. */
export const StatisticsQuery = z.object({
  jurisdiction: JurisdictionCode.optional(),
  period: PeriodSchema.optional(),
});

export const StatisticsView = SweepResult.extend({
  /** The month before (环比), or null when it was not swept. */
  previous: z.object({ period: z.string(), figures: Figures, children: z.array(ChildFigures) }).nullable(),
});

export const SweepRequestBody = z.object({ period: PeriodSchema }).strict();
export const SweepRequestReceipt = z.object({ period: z.string(), requestedAt: z.string(), id: z.string() });
