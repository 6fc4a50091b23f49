import { z } from "zod";
import { type HolidayCalendar, type LocalDate, shanghaiAt } from "./calendar";
import { offsetFrom } from "./deadlines";

/**
 * Who a ladder step reaches. Enterprise roles come from the enterprise's record; the others are resolved
 * against the officials of the subject's jurisdiction chain (county → city → province).
 */
export const Audience = z.enum([
  "legal_rep",
  "safety_manager",
  "info_officer",
  /** Inspectors of the enterprise's supervising department in its county, when an official found the hazard. */
  "finding_inspectors",
  /** Inspectors of the listing department in the listing jurisdiction. */
  "listing_inspectors",
  "listing_anweiban",
  "listing_leaders",
  /** The 安委办 and leaders one level up from the listing (or case) jurisdiction. */
  "parent_anweiban",
  "parent_leaders",
  /** The 安委办 and leaders of the jurisdiction that handles an accident case. */
  "case_anweiban",
  "case_leaders",
]);
export type Audience = z.infer<typeof Audience>;

export const LadderStep = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** The date of the subject the step counts from: a deadline, a closing date, a window's opening. */
  anchor: z.string().min(1),
  /** Days after (positive) or before (negative) the anchor date; working days follow the holiday calendar. */
  offset: z.object({ days: z.number().int().min(-400).max(400), unit: z.enum(["calendar", "working"]) }),
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  audience: z.array(Audience).min(1),
  template: z.string().min(1),
  /** The step that turns the subject overdue (the day after its deadline). */
  marksOverdue: z.boolean().default(false),
});
export type LadderStep = z.infer<typeof LadderStep>;

export const Ladder = z.array(LadderStep).min(1);
export type Ladder = z.infer<typeof Ladder>;

export type PlannedStep = { step: LadderStep; dueAt: Date };

/**
 * Turns a ladder into due times: each step at its offset from its anchor date, at its hour, Shanghai.
 * Steps whose anchor the subject does not have yet are left out; so are steps already past at `from` (a
 * hazard listed ten days before its deadline gets no 30-day reminder, and none is sent late).
 */
export function planLadder(
  ladder: Ladder,
  anchors: Record<string, LocalDate | undefined>,
  calendar: HolidayCalendar,
  from: Date,
): PlannedStep[] {
  const planned: PlannedStep[] = [];
  for (const step of ladder) {
    const anchor = anchors[step.anchor];
    if (!anchor) continue;
    const day = offsetFrom(anchor, { days: step.offset.days, unit: step.offset.unit }, calendar);
    const dueAt = shanghaiAt(day, step.at);
    if (dueAt.getTime() >= from.getTime()) planned.push({ step, dueAt });
  }
  return planned.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
