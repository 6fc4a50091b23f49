import { addDays, shanghaiAt, shanghaiDateOf, shanghaiStartOfDay } from "../../functions/domain/calendar";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import type { FilingObligation } from "../../functions/domain/config-schema";
import { nextPeriod, periodFirstDay } from "../../functions/domain/period";
import type { SubjectPlan } from "./subjects";

/**
 * What every enterprise does in every period of a simulation, drawn from a seeded PRNG: the same seed,
 * enterprise count, month count and start always give the same plan. The plan is also the expectation the
 * invariants are checked against, so it is computed from the rules in config, not from the code under test.
 *
 * Shares per enterprise-period (an enterprise outside a chronic run), roughly what county 安委办 staff
 * report for a working online 自查自报 system with SMS reminders:
 * - 66% file on day 1–2 of the next month, before any reminder;
 * - 16% file after the first reminder (day 3 after 09:00, or day 4);
 * -  8% file on the last day after the 09:00 last-day reminder, before midnight;
 * -  6% file late, on day 6–20 (office hours);
 * -  4% never file that period.
 * Of the enterprises, 2% are chronic non-filers: each skips a run of 3–6 consecutive periods (bounded by the
 * months simulated), so the 3-in-a-row tracking (跟踪督查) triggers. Of the filings, 5% report zero
 * self-inspections, and 3% are amended once, 1–2 days later (an amendment of a zero report corrects it to a
 * non-zero count, as an enterprise that forgot to record its inspections would).
 */
export const SHARES = {
  early: 0.66,
  afterFirstReminder: 0.16,
  lastDay: 0.08,
  late: 0.06,
  never: 0.04,
  chronicEnterprises: 0.02,
  zeroSelfInspections: 0.05,
  amended: 0.03,
} as const;

/** When people file: morning and afternoon office hours, the evening, and the last half hour of the day. */
export const DAY_SLOTS = ["08:30", "10:00", "11:30", "14:00", "15:30", "17:00", "20:00", "23:30"] as const;
/** Late filers are chased by phone by the inspectors and file from the office. */
export const LATE_SLOTS = ["10:00", "11:30", "15:30", "17:00"] as const;

export type Behaviour = "early" | "afterFirstReminder" | "lastDay" | "late" | "never" | "chronic";

export type FilingEvent = {
  at: Date;
  selfInspections: number;
  hazardsGeneral: number;
  amendment: boolean;
};

export type EnterprisePeriod = { behaviour: Behaviour; events: FilingEvent[] };

export type EnterprisePlan = {
  index: number;
  enterprise: Enterprise;
  chronic: boolean;
  /** One per simulated period, in order. */
  periods: EnterprisePeriod[];
};

export type PeriodSchedule = {
  period: string;
  /** The reminder instants, one per reminder day of the obligation. */
  reminders: { day: number; at: Date; template: string }[];
  /** The deadline (exclusive) and the instant the close phase marks non-filers overdue. */
  close: Date;
};

export type Plan = {
  seed: number;
  start: Date;
  end: Date;
  obligation: FilingObligation;
  periods: PeriodSchedule[];
  enterprises: EnterprisePlan[];
  officials: Official[];
  /** Hazards and accident cases over the same span (subjects.ts), when the run has them. */
  subjects?: SubjectPlan;
};

const DRAWN: Exclude<Behaviour, "chronic">[] = ["early", "afterFirstReminder", "lastDay", "late", "never"];

/** The behaviour a roll in [0, 1) falls on, by the cumulative shares. */
function drawBehaviour(roll: number): Behaviour {
  let acc = 0;
  for (const b of DRAWN) {
    acc += SHARES[b];
    if (roll < acc) return b;
  }
  return "never";
}

/** mulberry32: small, fast, and its sequence depends only on the seed. Values in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Shanghai date `day` of the month after `period` (day 1 = the first day after the period). */
function dayAfter(period: string, day: number): string {
  return addDays(periodFirstDay("month", nextPeriod("month", period)), day - 1);
}

export function periodSchedules(
  obligation: FilingObligation,
  first: string,
  months: number,
): PeriodSchedule[] {
  if (obligation.periodKind !== "month") throw new Error("the simulator models monthly obligations");
  if (obligation.due.shiftToWorkingDay) throw new Error("the simulator models fixed due days");
  const schedules: PeriodSchedule[] = [];
  let period = first;
  for (let i = 0; i < months; i++) {
    schedules.push({
      period,
      reminders: obligation.reminders.map((r) => ({
        day: r.dayOfNextPeriod,
        at: shanghaiAt(dayAfter(period, r.dayOfNextPeriod), r.at),
        template: r.template,
      })),
      close: shanghaiStartOfDay(dayAfter(period, obligation.due.dayOfNextPeriod + 1)),
    });
    period = nextPeriod("month", period);
  }
  return schedules;
}

export type PlanOptions = {
  enterprises: Enterprise[];
  officials: Official[];
  obligation: FilingObligation;
  /** First period, YYYY-MM: the simulation starts at 00:00 on its first day, Shanghai. */
  start: string;
  months: number;
  seed: number;
};

export function makePlan(options: PlanOptions): Plan {
  const { obligation, months } = options;
  const random = mulberry32((options.seed ^ 0x5eed_d0b5) >>> 0);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const periods = periodSchedules(obligation, options.start, months);
  const firstReminder = obligation.reminders[0];
  const lastReminder = obligation.reminders[obligation.reminders.length - 1];
  if (!firstReminder || !lastReminder) throw new Error("the obligation has no reminders");
  const dueDay = obligation.due.dayOfNextPeriod;
  const after = (time: string) => DAY_SLOTS.filter((s) => s > time);

  const enterprises = options.enterprises.map((enterprise, index): EnterprisePlan => {
    const chronic = random() < SHARES.chronicEnterprises;
    const runLength = Math.min(months, 3 + int(4));
    const runStart = int(months - runLength + 1);
    const plan: EnterprisePlan = { index, enterprise, chronic, periods: [] };
    for (const [i, schedule] of periods.entries()) {
      const at = (day: number, slot: string) => shanghaiAt(dayAfter(schedule.period, day), slot);
      const behaviour: Behaviour =
        chronic && i >= runStart && i < runStart + runLength ? "chronic" : drawBehaviour(random());
      let first: Date | undefined;
      switch (behaviour) {
        case "early":
          first = at(1 + int(firstReminder.dayOfNextPeriod - 1), pick(DAY_SLOTS));
          break;
        case "afterFirstReminder": {
          const day = firstReminder.dayOfNextPeriod + int(dueDay - firstReminder.dayOfNextPeriod);
          first = at(day, pick(day === firstReminder.dayOfNextPeriod ? after(firstReminder.at) : DAY_SLOTS));
          break;
        }
        case "lastDay":
          first = at(dueDay, pick(after(lastReminder.at)));
          break;
        case "late":
          first = at(dueDay + 1 + int(15), pick(LATE_SLOTS));
          break;
      }
      const events: FilingEvent[] = [];
      if (first) {
        const zero = random() < SHARES.zeroSelfInspections;
        const selfInspections = zero ? 0 : 1 + int(4);
        const hazardsGeneral = int(3);
        events.push({ at: first, selfInspections, hazardsGeneral, amendment: false });
        if (random() < SHARES.amended) {
          const later = shanghaiAt(addDays(shanghaiDateOf(first), 1 + int(2)), pick(DAY_SLOTS));
          events.push({
            at: later,
            selfInspections: zero ? 1 : selfInspections,
            hazardsGeneral: hazardsGeneral + 1,
            amendment: true,
          });
        }
      }
      plan.periods.push({ behaviour, events });
    }
    return plan;
  });

  const last = periods[periods.length - 1];
  if (!last) throw new Error("at least one month is simulated");
  // Late filers of the last period file up to day 20, their amendments up to two days later.
  const end = shanghaiStartOfDay(dayAfter(last.period, dueDay + 18));
  return {
    seed: options.seed,
    start: shanghaiStartOfDay(periodFirstDay("month", options.start)),
    end,
    obligation,
    periods,
    enterprises,
    officials: options.officials,
  };
}

// --- Expectations derived from the plan ------------------------------------------------------------------

/** Whether the enterprise had filed the period strictly before `t`. */
export function filedBefore(ep: EnterprisePeriod, t: Date): boolean {
  return ep.events.some((e) => e.at < t);
}

/** The latest version filed strictly before `t`. */
export function latestBefore(ep: EnterprisePeriod, t: Date): FilingEvent | undefined {
  let latest: FilingEvent | undefined;
  for (const e of ep.events) if (e.at < t && (!latest || e.at > latest.at)) latest = e;
  return latest;
}

/** The status the record ends with: the first filing decides on time or late. */
export function finalStatus(ep: EnterprisePeriod, deadline: Date): "on_time" | "late" | "missing" {
  const first = [...ep.events].sort((a, b) => a.at.getTime() - b.at.getTime())[0];
  if (!first) return "missing";
  return first.at < deadline ? "on_time" : "late";
}

/**
 * The run of missed periods at the close of period `i`: 0 if filed in time, else 1 + the run the preceding
 * period closed with when it still had nothing filed by this instant — exact, however long the run.
 */
export function expectedStreak(plan: Plan, e: EnterprisePlan, i: number): number {
  const close = plan.periods[i]?.close;
  const ep = e.periods[i];
  if (!close || !ep || filedBefore(ep, close)) return 0;
  // Exact, as each close records it: 1 + the run the previous period closed with, if it is still unfiled now.
  const earlier = e.periods[i - 1];
  if (i === 0 || !earlier || filedBefore(earlier, close)) return 1;
  return 1 + expectedStreak(plan, e, i - 1);
}

/** Every filing of the plan, grouped by instant, in time order. */
export function filingTimeline(plan: Plan) {
  const byInstant = new Map<number, { e: EnterprisePlan; i: number; event: FilingEvent }[]>();
  for (const e of plan.enterprises) {
    for (const [i, ep] of e.periods.entries()) {
      for (const event of ep.events) {
        const t = event.at.getTime();
        const group = byInstant.get(t) ?? [];
        group.push({ e, i, event });
        byInstant.set(t, group);
      }
    }
  }
  return [...byInstant.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, filings]) => ({ at: new Date(t), filings }));
}

/**
 * What the sweeps must read: each reminder day reads the non-filers at that instant, the close reads the
 * non-filers at the deadline, and the digest pass reads them again per county plus the zero-inspection
 * reports on file at that instant.
 */
export function expectedSweepReads(plan: Plan): number {
  let total = 0;
  for (const [i, p] of plan.periods.entries()) {
    for (const e of plan.enterprises) {
      const ep = e.periods[i] as EnterprisePeriod;
      for (const r of p.reminders) if (!filedBefore(ep, r.at)) total++;
      if (!filedBefore(ep, p.close)) total += 2;
      else if (latestBefore(ep, p.close)?.selfInspections === 0) total++;
    }
  }
  return total;
}
