import { describe, expect, it } from "vitest";
import { config, obligationById, schedulesFor } from "../../config";
import { DubanConfig } from "../../functions/domain/config-schema";
import { digestMessages, periodForPhase, periodLabel, reminderMessages } from "../../functions/domain/cycle";
import { owedFiling } from "../../functions/domain/filing";
import type { FilingRecord } from "../../functions/domain/ports";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";

const obligation = obligationById("monthly-self-inspection");
const enterprises = generateEnterprises({ count: 8, seed: 5, counties: ["530502"] });
const owed = (i: number, streak = 1): FilingRecord => ({
  ...owedFiling(enterprises[i] as (typeof enterprises)[number], obligation.id, "2026-10"),
  overdueAt: "2026-11-05T16:00:00.000Z",
  missedStreak: streak,
});

describe("the phases of the monthly cycle", () => {
  it("open works on the month it begins; remind and close on the month before", () => {
    const open = periodForPhase(obligation, "open", new Date("2026-11-01T00:00:00+08:00"));
    const remind = periodForPhase(obligation, "remind", new Date("2026-11-03T09:00:00+08:00"));
    const close = periodForPhase(obligation, "close", new Date("2026-11-06T00:00:00+08:00"));

    expect([open, remind, close]).toEqual(["2026-11", "2026-10", "2026-10"]);
  });

  it("the January reminders work on December of the year before", () => {
    expect(periodForPhase(obligation, "remind", new Date("2027-01-03T09:00:00+08:00"))).toBe("2026-12");
  });

  it("the schedules open on the 1st, remind on the 3rd and 5th at 09:00, close at 00:00 on the 6th, and dispatch daily at 08:05, Shanghai", () => {
    const schedules = schedulesFor(config)
      .filter((s) => s.name.startsWith("monthly-self-inspection") || s.workflow === "notification-dispatch")
      .map((s) => [s.name, s.cron, s.timeZone, s.phase]);

    expect(schedules).toEqual([
      ["monthly-self-inspection-open", "cron(0 0 1 * ? *)", "Asia/Shanghai", "open"],
      ["monthly-self-inspection-remind-03", "cron(0 9 3 * ? *)", "Asia/Shanghai", "remind"],
      ["monthly-self-inspection-remind-05", "cron(0 9 5 * ? *)", "Asia/Shanghai", "remind"],
      ["monthly-self-inspection-close", "cron(0 0 6 * ? *)", "Asia/Shanghai", "close"],
      ["notification-dispatch-daily", "cron(5 8 * * ? *)", "Asia/Shanghai", "flush"],
    ]);
  });

  it("periods read as Chinese labels", () => {
    expect([periodLabel("2026-10"), periodLabel("2026-Q3"), periodLabel("2026")]).toEqual([
      "2026年10月",
      "2026年第3季度",
      "2026年度",
    ]);
  });
});

describe("reminders", () => {
  it("a non-filer's information officer and safety manager each get an SMS and an email, each with its own key", () => {
    const messages = reminderMessages(obligation, owed(0), 3, "2026-11-05");

    expect(messages.map((m) => `${m.channel}:${m.key.split(":").slice(-2).join(":")}`)).toEqual([
      "sms:info_officer:sms",
      "email:info_officer:email",
      "sms:safety_manager:sms",
      "email:safety_manager:email",
    ]);
    expect(new Set(messages.map((m) => m.key)).size).toBe(4);
    expect(messages[0]?.params).toEqual({
      enterprise: enterprises[0]?.name,
      period: "2026年10月",
      dueDate: "11月5日",
    });
  });

  it("the reminder of the 5th has other keys than the reminder of the 3rd", () => {
    const third = reminderMessages(obligation, owed(0), 3, "2026-11-05").map((m) => m.key);
    const fifth = reminderMessages(obligation, owed(0), 5, "2026-11-05").map((m) => m.key);

    expect(third.filter((k) => fifth.includes(k))).toEqual([]);
  });
});

describe("digests", () => {
  const officials = generateOfficials().filter((o) => o.jurisdictionCode === "530502");
  const inspectors = officials.filter((o) => o.role === "inspector");
  const anweiban = officials.filter((o) => o.role === "anweiban");

  it("each official gets one digest per channel listing only the enterprises of the department he works for", () => {
    const overdue = [owed(0), owed(1), owed(2), owed(3)];

    const messages = digestMessages({
      obligation,
      period: "2026-10",
      countyCode: "530502",
      closedAt: new Date("2026-11-06T00:00:00+08:00"),
      overdue,
      zeroInspections: [],
      inspectors,
      anweiban,
      county: { active: 10, filed: 6 },
    });

    const emails = messages.filter((m) => m.channel === "email");
    expect(new Set(emails.map((m) => m.recipient)).size).toBe(emails.length);
    const toAnweiban = emails.find((m) => m.recipient === anweiban[0]?.email);
    expect(toAnweiban?.params.missing).toBe("4");
    for (const inspector of inspectors) {
      const mine = overdue.filter((r) => r.supervisingDepartment === inspector.department).length;
      const digest = emails.find((m) => m.recipient === inspector.email);
      if (mine === 0) expect(digest).toBeUndefined();
      else expect(digest?.params.missing).toBe(String(mine));
    }
  });

  it("an enterprise that missed three periods in a row is listed for tracking supervision (跟踪督查)", () => {
    const messages = digestMessages({
      obligation,
      period: "2026-10",
      countyCode: "530502",
      closedAt: new Date("2026-11-06T00:00:00+08:00"),
      overdue: [owed(0, 3), owed(1, 2)],
      zeroInspections: [],
      inspectors: [],
      anweiban,
      county: { active: 10, filed: 6 },
    });

    const email = messages.find((m) => m.channel === "email");
    expect(email?.params.tracked).toBe("1");
    expect(email?.params.trackedList).toContain(enterprises[0]?.name);
    expect(email?.params.trackedList).not.toContain(enterprises[1]?.name);
  });

  it("an inspector's digest finds enterprises by department key, also when the cell names two departments", () => {
    const inspector = { ...(inspectors[0] as (typeof inspectors)[number]), department: "应急管理局" };
    const spelt = { ...owed(0), supervisingDepartment: " 应急管理局（安监） " };
    const two = { ...owed(1), supervisingDepartment: "住房和城乡建设局、应急管理局" };
    const other = { ...owed(2), supervisingDepartment: "住房和城乡建设局" };

    const messages = digestMessages({
      obligation,
      period: "2026-10",
      countyCode: "530502",
      closedAt: new Date("2026-11-06T00:00:00+08:00"),
      overdue: [spelt, two, other],
      zeroInspections: [],
      inspectors: [inspector],
      anweiban,
      county: { active: 10, filed: 6 },
    });

    const toInspector = messages.find((m) => m.channel === "email" && m.recipient === inspector.email);
    expect(toInspector?.params.missing).toBe("2");
    expect(toInspector?.params.noInspectorSection).toBe("");
    const toAnweiban = messages.find((m) => m.channel === "email" && m.recipient === anweiban[0]?.email);
    expect(toAnweiban?.params.noInspectorSection).toContain("四、所属监管部门没有登记监管人员的企业（1家");
    expect(toAnweiban?.params.noInspectorSection).toContain(enterprises[2]?.name);
    expect(toAnweiban?.params.noInspectorSection).not.toContain(enterprises[1]?.name);
  });

  it("lists each non-filer with the person to call and gives the county's filing rate", () => {
    const record = owed(0);
    const withContacts = {
      ...record,
      contacts: [
        { role: "legal_rep" as const, name: "王五", mobile: "13900000001" },
        { role: "info_officer" as const, name: "李四", mobile: "13800000002" },
      ],
    };
    const messages = digestMessages({
      obligation,
      period: "2026-10",
      countyCode: "530502",
      closedAt: new Date("2026-11-06T00:00:00+08:00"),
      overdue: [withContacts, { ...owed(1), contacts: [] }],
      zeroInspections: [],
      inspectors: [],
      anweiban,
      county: { active: 8, filed: 6 },
    });

    const email = messages.find((m) => m.channel === "email");
    expect(email?.params.missingList).toContain(`${enterprises[0]?.name}`);
    expect(email?.params.missingList).toContain("联系人 李四 13800000002");
    expect(email?.params.missingList).not.toContain("王五");
    expect(email?.params.missingList?.split("\n")[1]).not.toContain("联系人");
    expect(email?.params).toMatchObject({ countyActive: "8", countyFiled: "6", countyRate: "75.0%" });
  });

  it("a county with nothing owed shows its filing rate as —, never NaN or 0 %", () => {
    const messages = digestMessages({
      obligation,
      period: "2026-10",
      countyCode: "530502",
      closedAt: new Date("2026-11-06T00:00:00+08:00"),
      overdue: [],
      zeroInspections: [{ ...owed(0), flags: ["zero_self_inspections"] }],
      inspectors: [],
      anweiban,
      county: { active: 0, filed: 0 },
    });

    expect(messages[0]?.params.countyRate).toBe("—");
  });

  it("an official with nothing to report gets no digest", () => {
    const messages = digestMessages({
      obligation,
      period: "2026-10",
      countyCode: "530502",
      closedAt: new Date("2026-11-06T00:00:00+08:00"),
      overdue: [],
      zeroInspections: [],
      inspectors,
      anweiban,
      county: { active: 10, filed: 6 },
    });

    expect(messages).toEqual([]);
  });
});

describe("configuration", () => {
  it("a reminder naming a template that does not exist is refused with its path", () => {
    const broken = structuredClone(config);
    (broken.obligations[0] as { reminders: { template: string }[] }).reminders[0] = {
      ...(broken.obligations[0]?.reminders[0] as { template: string }),
      template: "no-such-template",
    };

    const result = DubanConfig.safeParse(broken);

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/no-such-template/);
  });

  it("an SMS text that uses an undeclared parameter is refused", () => {
    const broken = structuredClone(config);
    const sms = broken.templates["monthly-report-reminder"]?.sms;
    if (sms) sms.text = "${unknownParam}";

    expect(DubanConfig.safeParse(broken).success).toBe(false);
  });
});
