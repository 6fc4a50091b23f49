import { type HolidayCalendar, type LocalDate, shanghaiAt } from "./calendar";
import type { Ladder, LadderStep } from "./config-schema";
import { offsetFrom } from "./deadlines";

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
    const offset = offsetFrom(anchor, { days: step.offset.days, unit: step.offset.unit }, calendar);
    const day =
      step.onDayOff === "previous_working_day" && !calendar.isWorkingDay(offset)
        ? calendar.addWorkingDays(offset, -1)
        : offset;
    const dueAt = shanghaiAt(day, step.at);
    if (dueAt.getTime() >= from.getTime()) planned.push({ step, dueAt });
  }
  return planned.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
