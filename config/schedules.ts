import type { DubanConfig, FilingObligation, RecurringSchedule } from "../functions/domain/config-schema";

/** Months in which a period of this kind has just ended (the "next period" whose days the rules count). */
function monthsAfterPeriodEnd(kind: FilingObligation["periodKind"]): string {
  if (kind === "month") return "*";
  if (kind === "quarter") return "1,4,7,10";
  return "1";
}

/**
 * The months after `months`: a due day of 28 or later may be the last day of its month (31 January, or a
 * day clamped to the month's end), so the close runs on the 1st of the next month and the plan phase sets
 * a timer when the deadline is still ahead.
 */
function monthAfter(months: string): string {
  if (months === "*") return "*";
  return months
    .split(",")
    .map((m) => String((Number(m) % 12) + 1))
    .join(",");
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
  config: Pick<DubanConfig, "obligations" | "timeZone" | "notify" | "sweep">,
): RecurringSchedule[] {
  const dispatch: RecurringSchedule = {
    name: "notification-dispatch-daily",
    cron: config.notify.dailyDispatch,
    timeZone: config.timeZone,
    workflow: "notification-dispatch",
    phase: "flush",
    input: {},
  };
  return [...filingSchedules(config), sweepSchedule(config), dispatch];
}

/**
 * The compliance sweep, monthly on the day the followed obligation closes, after the close. A due day
 * moved to a later working day is the sweep's own business: its plan phase sets a timer instead.
 */
function sweepSchedule(config: Pick<DubanConfig, "obligations" | "timeZone" | "sweep">): RecurringSchedule {
  const followed = config.obligations.find((o) => o.id === config.sweep.afterObligation);
  const day = Math.min((followed?.due.dayOfNextPeriod ?? 5) + 1, 28);
  return {
    name: "compliance-sweep-monthly",
    cron: cron(config.sweep.at, day, "*"),
    timeZone: config.timeZone,
    workflow: config.sweep.workflow,
    phase: "sweep",
    input: {},
  };
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
        cron:
          o.due.dayOfNextPeriod >= 28
            ? cron("00:00", 1, monthAfter(months))
            : cron("00:00", o.due.dayOfNextPeriod + 1, months),
        phase: "close",
        input: { obligation: o.id },
      },
    ];
    return list;
  });
}
