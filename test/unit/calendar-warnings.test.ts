import { describe, expect, it } from "vitest";
import { calendarWarnings } from "../../functions/domain/calendar-service";

const UP_TO_2026 = Array.from({ length: 23 }, (_, i) => 2004 + i);

describe("warnings about a holiday calendar that is missing", () => {
  it("from 1 November (Shanghai), a missing next year is a warning that names it and how to supply it", () => {
    const warnings = calendarWarnings(new Date("2026-10-31T16:00:00Z"), UP_TO_2026); // 00:00 on 1 Nov Shanghai

    expect(warnings).toEqual([
      "2027 年节假日安排尚未提供：按工作日计算、落在 2027 年的期限将被拒绝；请管理员依国务院办公厅放假通知通过 PUT /v1/calendar/2027 提供",
    ]);
  });

  it("on 31 October nothing is said yet", () => {
    expect(calendarWarnings(new Date("2026-10-31T15:59:59Z"), UP_TO_2026)).toEqual([]);
  });

  it("once next year is supplied, the warning goes", () => {
    expect(calendarWarnings(new Date("2026-12-02T10:00:00+08:00"), [...UP_TO_2026, 2027])).toEqual([]);
  });

  it("a current year without data is always a warning", () => {
    expect(calendarWarnings(new Date("2027-03-01T10:00:00+08:00"), UP_TO_2026)).toEqual([
      expect.stringContaining("2027 年节假日安排尚未提供"),
    ]);
  });
});
