import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { investigationDue } from "../../functions/domain/accident";
import { approvalDue } from "../../functions/domain/accident-service";
import { createHolidayCalendar, shanghaiEndOfDay } from "../../functions/domain/calendar";
import { filingDeadline } from "../../functions/domain/deadlines";
import { acceptanceDueDate, defaultPolicy } from "../../functions/domain/policy";

/**
 * One convention for due instants (issue 9, README "Due instants"): a date deadline is the end of
 * that day in Shanghai, served as the exclusive instant (the next day 00:00+08:00) beside the date — for
 * filings, hazard acceptance and accident cases alike — so a client comparing instants never calls a report
 * filed at 20:00 on the due day late.
 */

const calendar = createHolidayCalendar();
const at2000 = (date: string) => new Date(`${date}T20:00:00+08:00`).getTime();
const NEXT_MIDNIGHT = "T16:00:00.000Z"; // 00:00 Shanghai of the next day, in UTC

describe("due instants: the exclusive end of the due day in Shanghai", () => {
  it("a monthly report due 5 December 2026 is late from 6 December 00:00 Shanghai; 20:00 on the 5th is on time", () => {
    const deadline = filingDeadline("month", "2026-11", { dayOfNextPeriod: 5, shiftToWorkingDay: false });

    expect(deadline.toISOString()).toBe(`2026-12-05${NEXT_MIDNIGHT}`);
    expect(at2000("2026-12-05")).toBeLessThan(deadline.getTime());
  });

  it("an acceptance asked on 28 September 2026 is due 8 October (10 calendar days), served as 9 October 00:00", () => {
    const due = acceptanceDueDate(defaultPolicy(config).acceptance, "2026-09-28", calendar);

    expect(due).toBe("2026-10-08");
    expect(shanghaiEndOfDay(due).toISOString()).toBe(`2026-10-08${NEXT_MIDNIGHT}`);
  });

  it("an accident at 14:30 has its report due at the end of the 60th day, not at 14:30", () => {
    expect(investigationDue("2026-11-01T14:30:00+08:00", 60)).toEqual({
      dueDate: "2026-12-31",
      dueAt: `2026-12-31${NEXT_MIDNIGHT}`,
    });
  });

  it("the approval of a report submitted at 20:00 is due at the end of the 15th day (30th for 特别重大)", () => {
    expect(approvalDue(config, "major", "2026-11-02T12:00:00Z")).toEqual({
      dueDate: "2026-11-17",
      dueAt: `2026-11-17${NEXT_MIDNIGHT}`,
    });
    expect(approvalDue(config, "especially_major", "2026-11-02T12:00:00Z")).toEqual({
      dueDate: "2026-12-02",
      dueAt: `2026-12-02${NEXT_MIDNIGHT}`,
    });
  });
});
