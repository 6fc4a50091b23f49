import type { DubanConfig, FilingObligation, RecurringSchedule } from "./schema";

/** Months in which a period of this kind has just ended (the "next period" whose days the rules count). */
function monthsAfterPeriodEnd(kind: FilingObligation["periodKind"]): string {
  if (kind === "month") return "*";
  if (kind === "quarter") return "1,4,7,10";
  return "1";
}

function cron(at: string, day: number | "1", months: string): string {
  const [hour, minute] = at.split(":").map(Number);
  return `cron(${minute} ${hour} ${day} ${months} ? *)`;
}

/**
 * The recurring schedules of every filing obligation: open the period, remind on each reminder day, close
 * the day after the due day. One list: CDK turns it into AWS::Scheduler::Schedule, the local scheduler
 * fires the same entries on its (possibly virtual) clock.
 */
export function schedulesFor(
  config: Pick<DubanConfig, "obligations" | "timeZone" | "notify">,
): RecurringSchedule[] {
  const dispatch: RecurringSchedule = {
    name: "notification-dispatch-daily",
    cron: config.notify.dailyDispatch,
    timeZone: config.timeZone,
    workflow: "notification-dispatch",
    phase: "flush",
    input: {},
  };
  return [...filingSchedules(config), dispatch];
}

/**
 * The effects reconciler's schedule on AWS. Locally the reconciler runs on start and on a wall-clock
 * interval instead (`effects.localReconcileSeconds`): crashes happen in real time, and a virtual clock
 * advanced by a year would otherwise run it thousands of times for nothing.
 */
export function reconcileSchedule(config: Pick<DubanConfig, "timeZone" | "effects">): RecurringSchedule {
  return {
    name: "effects-reconcile",
    cron: config.effects.reconcile,
    timeZone: config.timeZone,
    workflow: "effects-reconcile",
    phase: "reconcile",
    input: {},
  };
}

function filingSchedules(config: Pick<DubanConfig, "obligations" | "timeZone">): RecurringSchedule[] {
  return config.obligations.flatMap((o) => {
    const months = monthsAfterPeriodEnd(o.periodKind);
    const base = { timeZone: config.timeZone, workflow: o.workflow };
    const list: RecurringSchedule[] = [
      {
        ...base,
        name: `${o.id}-open`,
        // Periods open when they begin, so every enterprise owes the filing before the period can be filed.
        cron: cron(o.openAt, 1, o.periodKind === "month" ? "*" : months),
        phase: "open",
        input: { obligation: o.id },
      },
      ...o.reminders.map((r) => ({
        ...base,
        name: `${o.id}-remind-${String(r.dayOfNextPeriod).padStart(2, "0")}`,
        cron: cron(r.at, r.dayOfNextPeriod, months),
        phase: "remind",
        input: { obligation: o.id, reminderDay: r.dayOfNextPeriod },
      })),
      {
        ...base,
        name: `${o.id}-close`,
        // The deadline is the end of the due day, so closing runs at the first minute after it. If the due
        // day moved to a later working day, the close phase sees the deadline ahead and sets a timer for it.
        cron: cron("00:00", Math.min(o.due.dayOfNextPeriod + 1, 28), months),
        phase: "close",
        input: { obligation: o.id },
      },
    ];
    return list;
  });
}
