import { describe, expect, it } from "vitest";
import { config, obligationById, schedulesFor } from "../../config";
import { createHolidayCalendar } from "../../functions/domain/calendar";
import { DubanConfig } from "../../functions/domain/config-schema";
import { periodForPhase } from "../../functions/domain/cycle";
import {
  DIFFERS_FROM_REGISTER,
  deadlineOf,
  dueDateOf,
  FILING_FORMS,
  fileReport,
  type HazardStatisticsFigures,
} from "../../functions/domain/filing";
import { obligationForPeriod } from "../../functions/domain/report-service";
import { generateEnterprises } from "../../local/demo-data";

const quarterly = obligationById("quarterly-hazard-statistics");
const annual = obligationById("annual-hazard-statistics");
const calendar = createHolidayCalendar();
const [enterprise] = generateEnterprises({ count: 1, seed: 5 });
if (!enterprise) throw new Error("no enterprise generated");

const register: HazardStatisticsFigures = {
  general: { found: 12, rectified: 11 },
  major: { found: 1, rectified: 0 },
  majorWithPlan: { total: 1, allFiveInPlace: 1 },
  listed: { province: 0, city: 1 },
  funds: { committedYuan: 250000, spentYuan: 80000.5 },
};

const body = (figures: HazardStatisticsFigures = register) => ({
  signedBy: enterprise.legalRep.name,
  ...figures,
});

describe("due dates of the hazard statistics (16号令 第十四条)", () => {
  it("the Q4 2026 report is due by 15 January 2027, the annual 2026 report by 31 January 2027", () => {
    expect(dueDateOf(quarterly, "2026-Q4", calendar)).toBe("2027-01-15");
    expect(dueDateOf(annual, "2026", calendar)).toBe("2027-01-31");
    expect(dueDateOf(quarterly, "2026-Q1", calendar)).toBe("2026-04-15");
  });

  it("the deadline is the end of the due day in Shanghai: 23:59:59 is on time, 00:00 the next day is late", () => {
    expect(deadlineOf(quarterly, "2026-Q4", calendar).toISOString()).toBe("2027-01-15T16:00:00.000Z");
    expect(deadlineOf(annual, "2026", calendar).toISOString()).toBe("2027-01-31T16:00:00.000Z");
    const file = (period: string, iso: string, o = quarterly) =>
      fileReport({ obligation: o, period, now: new Date(iso), calendar }, enterprise, undefined, body())
        .status;
    expect(file("2026-Q4", "2027-01-15T23:59:59+08:00")).toBe("on_time");
    expect(file("2026-Q4", "2027-01-16T00:00:00+08:00")).toBe("late");
    expect(file("2026", "2027-01-31T23:59:59+08:00", annual)).toBe("on_time");
    expect(file("2026", "2027-02-01T00:00:00+08:00", annual)).toBe("late");
  });

  it("the annual report closes on 1 February for the year before, the quarterly on the 16th for the quarter before", () => {
    const schedules = schedulesFor(config);
    expect(schedules.find((s) => s.name === "annual-hazard-statistics-close")?.cron).toBe(
      "cron(0 0 1 2 ? *)",
    );
    expect(schedules.find((s) => s.name === "quarterly-hazard-statistics-close")?.cron).toBe(
      "cron(0 0 16 1,4,7,10 ? *)",
    );
    expect(schedules.find((s) => s.name === "annual-hazard-statistics-remind-31")?.cron).toBe(
      "cron(0 9 31 1 ? *)",
    );
    expect(periodForPhase(annual, "close", new Date("2027-02-01T00:00:00+08:00"))).toBe("2026");
    expect(periodForPhase(quarterly, "close", new Date("2027-01-16T00:00:00+08:00"))).toBe("2026-Q4");
    expect(periodForPhase(annual, "remind", new Date("2027-01-31T09:00:00+08:00"))).toBe("2026");
  });

  it("a reminder on a day the first month after the period may lack is refused with its path", () => {
    const broken = structuredClone(config);
    const monthly = broken.obligations.find((o) => o.id === "monthly-self-inspection");
    if (!monthly) throw new Error("no monthly obligation");
    monthly.due.dayOfNextPeriod = 31;
    monthly.reminders[0] = { dayOfNextPeriod: 30, at: "09:00", template: "monthly-report-reminder" };
    const parsed = DubanConfig.safeParse(broken);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["obligations", 0, "reminders", 0]);
  });

  it("a quarter is filed under the quarterly obligation and a year under the annual one, by configuration", () => {
    expect(obligationForPeriod(config, "hazard-statistics", "2026-Q3")).toBe("quarterly-hazard-statistics");
    expect(obligationForPeriod(config, "hazard-statistics", "2026")).toBe("annual-hazard-statistics");
    expect(() => obligationForPeriod(config, "hazard-statistics", "2026-11")).toThrow(
      /不按“2026-11”这样的期间报送/,
    );
  });
});

describe("a statistics report against the hazard register", () => {
  const at = {
    obligation: quarterly,
    period: "2026-Q4",
    now: new Date("2027-01-10T10:00:00+08:00"),
    calendar,
  };

  it("a report that confirms the register's figures carries no flag", () => {
    const record = fileReport(at, enterprise, undefined, body(), undefined, register);
    expect(record.flags).toEqual([]);
    expect(record.versions[0]?.discrepancies).toBeUndefined();
  });

  it("a corrected figure is accepted and flagged differs_from_register with both numbers", () => {
    const corrected = structuredClone(register);
    corrected.general.rectified = 12;
    corrected.funds.spentYuan = 90000;
    const record = fileReport(at, enterprise, undefined, body(corrected), undefined, register);
    expect(record.status).toBe("on_time");
    expect(record.flags).toEqual([DIFFERS_FROM_REGISTER]);
    expect(record.versions[0]?.discrepancies).toEqual([
      { field: "general.rectified", submitted: 12, register: 11 },
      { field: "funds.spentYuan", submitted: 90000, register: 80000.5 },
    ]);
  });

  it("the report is signed by the principal person in charge on file, the legal representative", () => {
    expect(() =>
      fileReport(at, enterprise, undefined, { ...body(), signedBy: "张三丰" }, undefined, register),
    ).toThrow(/法定代表人签署/);
  });

  it("every obligation names a form that declares its body, so adding an obligation is configuration", () => {
    for (const o of config.obligations) expect(FILING_FORMS[o.form]?.body).toBeDefined();
  });
});
