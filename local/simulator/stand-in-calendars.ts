import type { YearCalendar } from "../../functions/domain/calendar";

/**
 * Holiday calendars the simulator supplies for years its deadlines reach and the calendar lacks (the package
 * ends with 2026). SIMULATION DATA, not the State Council's notice (国务院办公厅节假日安排): plausible days off
 * and 调休 working days, so that a run across the year's end can count working days. duban itself refuses a
 * year without data; the simulator supplies these as an admin would, through PUT /v1/calendar/{year}.
 */
export const STAND_IN_CALENDARS: YearCalendar[] = [
  {
    year: 2027,
    holidays: [
      // 元旦
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
      // 春节 (正月初一 6 February)
      "2027-02-05",
      "2027-02-06",
      "2027-02-07",
      "2027-02-08",
      "2027-02-09",
      "2027-02-10",
      "2027-02-11",
      // 清明节
      "2027-04-03",
      "2027-04-04",
      "2027-04-05",
      // 劳动节
      "2027-05-01",
      "2027-05-02",
      "2027-05-03",
      "2027-05-04",
      "2027-05-05",
      // 端午节
      "2027-06-09",
      // 中秋节
      "2027-09-15",
      // 国庆节
      "2027-10-01",
      "2027-10-02",
      "2027-10-03",
      "2027-10-04",
      "2027-10-05",
      "2027-10-06",
      "2027-10-07",
    ],
    // 调休: weekends worked.
    workdays: ["2027-01-31", "2027-02-20", "2027-04-25", "2027-05-08", "2027-09-26", "2027-10-09"],
  },
];

/** How the run's output names a supplied stand-in: never to be mistaken for the official notice. */
export const standInLabel = (year: number) => `${year} 年节假日：模拟数据（非国务院通知）`;
