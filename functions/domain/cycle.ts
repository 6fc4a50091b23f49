import { type LocalDate, shanghaiDateOf, toShanghaiIso } from "./calendar";
import type { Official } from "./catalogue";
import { officialId } from "./catalogue";
import type { FilingObligation, RecipientRole } from "./config-schema";
import { filingDueDate } from "./deadlines";
import { supervises } from "./department";
import { ZERO_SELF_INSPECTIONS } from "./filing";
import { jurisdictionName } from "./jurisdiction";
import { dateLabel, periodLabel, periodOf, previousPeriod } from "./period";
import { formatRate, rank, rate } from "./rollup";

export { dateLabel, periodLabel };

import type { FilingRecord, Message } from "./ports";

/**
 * Which period a phase of the filing cycle works on. `open` runs as a period begins, so it opens the period
 * it falls in; `remind` and `close` run after a period ended, so they work on the period before.
 */
export function periodForPhase(obligation: FilingObligation, phase: string, scheduledTime: Date): string {
  const today = shanghaiDateOf(scheduledTime);
  const current = periodOf(obligation.periodKind, today);
  if (phase === "open") return current;
  const previous = previousPeriod(obligation.periodKind, current);
  // A close on the 1st after a due day at a month's end (31 January) belongs to the period whose (unshifted)
  // due day has passed; a moved working-day deadline is the close phase's own timer.
  const rule = { dayOfNextPeriod: obligation.due.dayOfNextPeriod, shiftToWorkingDay: false };
  if (phase === "close" && filingDueDate(obligation.periodKind, previous, rule) >= today) {
    return previousPeriod(obligation.periodKind, previous);
  }
  return previous;
}

/**
 * The reminders one non-filer gets on one reminder day: each reminded role on each channel, each with a key
 * that names the obligation, period, reminder day, enterprise, role and channel — so a replay of the same
 * phase, or a retry of the same page, finds the message already claimed.
 */
export function reminderMessages(
  obligation: FilingObligation,
  record: FilingRecord,
  reminderDay: number,
  dueDate: LocalDate,
  /** The template chosen from the record's own dates (a local rule's reminder days); else the day's step. */
  template?: string,
): Message[] {
  const step = template ? { template } : obligation.reminders.find((r) => r.dayOfNextPeriod === reminderDay);
  if (!step) throw new Error(`obligation ${obligation.id} has no reminder on day ${reminderDay}`);
  const params = {
    enterprise: record.enterpriseName,
    period: periodLabel(record.period),
    // Reminders go out in the days before the due day, in its year.
    dueDate: dateLabel(dueDate, dueDate),
    ...(record.hazardTitle ? { hazard: record.hazardTitle } : {}),
  };
  // A hazard's progress record is owed per hazard: two listed hazards of one enterprise are two reminders.
  const filer = record.hazardId ? `${record.creditCode}:${record.hazardId}` : record.creditCode;
  const messages: Message[] = [];
  for (const role of obligation.remindRoles) {
    const contact = record.contacts.find((c) => c.role === role);
    if (!contact) continue;
    for (const channel of obligation.remindChannels) {
      const recipient = channel === "sms" ? contact.mobile : contact.email;
      if (!recipient) continue;
      messages.push({
        key: `remind:${obligation.id}:${record.period}:d${reminderDay}:${filer}:${role}:${channel}`,
        channel,
        recipient,
        recipientName: contact.name,
        template: step.template,
        params,
        subject: {
          type: "filing",
          id: `${record.creditCode}/${obligation.id}/${record.period}${record.hazardId ? `/${record.hazardId}` : ""}`,
        },
        scope: record.countyCode,
        about: record.creditCode,
      });
    }
  }
  return messages;
}

export type CountyDigestInput = {
  obligation: FilingObligation;
  period: string;
  countyCode: string;
  closedAt: Date;
  /** Non-filers of the county, marked overdue, with their missed streaks. */
  overdue: FilingRecord[];
  /** Filed reports of the county with zero self-inspections. */
  zeroInspections: FilingRecord[];
  inspectors: Official[];
  anweiban: Official[];
  /** The county's records of the period: those owing it (filed or not) and those filed, for its filing rate. */
  county: { active: number; filed: number };
};

function listLines(records: FilingRecord[], extra: (r: FilingRecord) => string = () => ""): string {
  if (records.length === 0) return "（无）";
  return records
    .map(
      (r, i) =>
        `${i + 1}. ${r.enterpriseName}（${r.creditCode}，${r.supervisingDepartment}）${r.hazardTitle ? ` 隐患：${r.hazardTitle}（${r.hazardId}）` : ""}${extra(r)}`,
    )
    .join("\n");
}

/** Whom an official calls about a non-filing: the one who files (信息员) first, then the safety manager. */
const CALL_FIRST: readonly RecipientRole[] = ["info_officer", "safety_manager", "legal_rep"];

/** "联系人 李四 13800000000", the person an official calls to chase a missing filing; "" when none is on file. */
export function contactOf(record: FilingRecord): string {
  for (const role of CALL_FIRST) {
    const contact = record.contacts.find((c) => c.role === role && c.mobile);
    if (contact) return ` 联系人 ${contact.name} ${contact.mobile}`;
  }
  return "";
}

/**
 * One digest per supervising official per cycle, not one message per enterprise: an inspector gets the
 * enterprises of the department he works for, the county 安委办 gets all of the county's, and enterprises
 * that missed `trackAfterMissed` periods in a row are listed for tracking supervision (跟踪督查).
 * An official with nothing to report gets no digest.
 */
export function digestMessages(input: CountyDigestInput): Message[] {
  const { obligation, period } = input;
  const trackAfter = obligation.digest.trackAfterMissed;
  const audiences = [
    ...input.inspectors.map((o) => ({
      official: o,
      // By department key and for each department of the enterprise: a spelling difference or a second
      // department must not drop an enterprise from its inspectors' digests.
      owns: (r: FilingRecord) => supervises(o.department, r.supervisingDepartment),
      anweiban: false,
    })),
    ...input.anweiban.map((o) => ({ official: o, owns: (_: FilingRecord) => true, anweiban: true })),
  ];
  // Non-filers that no inspector of the county supervises reach only the 安委办, which is told so.
  const withoutInspector = input.overdue.filter(
    (r) => !input.inspectors.some((o) => supervises(o.department, r.supervisingDepartment)),
  );
  const messages: Message[] = [];
  for (const { official, owns, anweiban } of audiences) {
    const missing = input.overdue.filter(owns);
    const zero = input.zeroInspections.filter(owns).filter((r) => r.flags.includes(ZERO_SELF_INSPECTIONS));
    const tracked = missing.filter((r) => (r.missedStreak ?? 1) >= trackAfter);
    if (missing.length === 0 && zero.length === 0) continue;
    const params = {
      official: official.name,
      period: periodLabel(period),
      closedAt: toShanghaiIso(input.closedAt).replace("T", " ").slice(0, 16),
      missing: String(missing.length),
      zeroInspections: String(zero.length),
      tracked: String(tracked.length),
      trackAfter: String(trackAfter),
      countyActive: String(input.county.active),
      countyFiled: String(input.county.filed),
      countyRate: formatRate(rate(input.county.filed, input.county.active)),
      missingList: listLines(
        missing,
        (r) =>
          `${contactOf(r)}${(r.missedStreak ?? 1) >= trackAfter ? ` 连续${r.missedStreak}个月未报` : ""}`,
      ),
      zeroList: listLines(zero),
      trackedList: listLines(tracked, (r) => ` 连续${r.missedStreak}个月未报`),
      noInspectorSection:
        anweiban && withoutInspector.length > 0
          ? `\n\n四、所属监管部门没有登记监管人员的企业（${withoutInspector.length}家，仅列入本汇总，请督促相关部门登记监管人员）\n${listLines(withoutInspector, contactOf)}`
          : "",
    };
    const id = officialId(official);
    for (const channel of obligation.digest.channels) {
      const recipient = channel === "sms" ? official.mobile : official.email;
      if (!recipient) continue;
      messages.push({
        key: `digest:${obligation.id}:${period}:${id}:${channel}`,
        channel,
        recipient,
        recipientName: official.name,
        template: obligation.digest.template,
        params,
        subject: { type: "digest", id: `${obligation.id}/${period}/${input.countyCode}` },
        scope: input.countyCode,
        // An official whose digest goes by SMS only hears it by email if the SMS does not reach him.
        ...(channel === "sms" && official.email && !obligation.digest.channels.includes("email")
          ? { fallbackEmail: official.email }
          : {}),
      });
    }
  }
  return messages;
}

/** What one county's digest counted at the close: the city digest is made of these, never re-read. */
export type CountyFigures = {
  countyCode: string;
  /** Enterprises (or listed hazards) that owe the period: filed plus still owed. */
  active: number;
  filed: number;
  /** Owed and past their due date at this close. */
  missing: number;
};

export type CityDigestInput = {
  obligation: FilingObligation;
  period: string;
  cityCode: string;
  closedAt: Date;
  counties: CountyFigures[];
  anweiban: Official[];
};

/**
 * The city 安委办's digest: each county of the city side by side (its enterprises, filed, missing and filing
 * rate), ranked by filing rate, and the city's total — summed from the county digests' own counts. One per
 * official and channel, under a key that names the city, so a retried step finds it claimed.
 */
export function cityDigestMessages(input: CityDigestInput): Message[] {
  const { obligation, period } = input;
  const template = obligation.digest.cityTemplate;
  if (!template || input.counties.length === 0) return [];
  const total = input.counties.reduce(
    (sum, c) => ({
      active: sum.active + c.active,
      filed: sum.filed + c.filed,
      missing: sum.missing + c.missing,
    }),
    { active: 0, filed: 0, missing: 0 },
  );
  const byName = [...input.counties].sort((a, b) => a.countyCode.localeCompare(b.countyCode));
  const ranked = rank(byName, (c) => rate(c.filed, c.active));
  const header = "名次｜县（市、区）｜应报｜已报｜未报｜报送率";
  const lines = ranked.map(
    ({ item, rank: place }) =>
      `${place ?? "—"}｜${jurisdictionName(item.countyCode)}｜${item.active}｜${item.filed}｜${item.missing}｜${formatRate(rate(item.filed, item.active))}`,
  );
  const params = {
    city: jurisdictionName(input.cityCode),
    period: periodLabel(period),
    closedAt: toShanghaiIso(input.closedAt).replace("T", " ").slice(0, 16),
    active: String(total.active),
    filed: String(total.filed),
    missing: String(total.missing),
    rate: formatRate(rate(total.filed, total.active)),
    counties: String(input.counties.length),
    countyTable: [header, ...lines].join("\n"),
  };
  const messages: Message[] = [];
  for (const official of input.anweiban) {
    const id = officialId(official);
    for (const channel of obligation.digest.channels) {
      const recipient = channel === "sms" ? official.mobile : official.email;
      if (!recipient) continue;
      messages.push({
        key: `city-digest:${obligation.id}:${period}:${input.cityCode}:${id}:${channel}`,
        channel,
        recipient,
        recipientName: official.name,
        template,
        params: { ...params, official: official.name },
        subject: { type: "digest", id: `${obligation.id}/${period}/${input.cityCode}` },
        scope: input.cityCode,
        ...(channel === "sms" && official.email && !obligation.digest.channels.includes("email")
          ? { fallbackEmail: official.email }
          : {}),
      });
    }
  }
  return messages;
}
