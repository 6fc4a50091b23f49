import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Cron } from "croner";
import type { RecurringSchedule } from "../functions/domain/config-schema";
import type { Log } from "../functions/domain/notifier";
import type { LocalClock } from "./clock";
import type { WorkflowRunner } from "./runner";
import type { TableTimers } from "./timers";

export type Fired = { kind: "schedule" | "timer"; name: string; at: string; workflow: string; phase: string };

/**
 * A day-of-week field as croner counts it. EventBridge counts 1 = Sunday … 7 = Saturday, croner (like
 * Unix cron) 0 = Sunday … 6 = Saturday: every number in the field (lists, ranges, `6#3`, `6L`) moves down
 * by one; names (MON-FRI) mean the same to both and `/n` steps are counts, not days.
 */
function dayOfWeekForCroner(field: string): string {
  return field.replace(/(^|[,\-#])([1-7])(?=$|[,\-#L/])/g, (_, before: string, day: string) =>
    before === "#" ? `${before}${day}` : `${before}${Number(day) - 1}`,
  );
}

/** EventBridge's `cron(m h dom mon dow yr)` as a five-field cron for croner (the year field is always `*`). */
export function toCroner(expression: string): string {
  const fields = expression.replace(/^cron\(|\)$/g, "").split(" ");
  return fields
    .slice(0, 5)
    .map((f, i) => (f === "?" ? "*" : i === 4 ? dayOfWeekForCroner(f) : f))
    .join(" ");
}

/**
 * The local scheduler: the recurring schedules (the same list CDK deploys) and the durable timers, fired in
 * time order against the local clock. What a schedule last fired is stored, so occurrences and timers that
 * fell due while the process was down fire on start. One fire at a time: each waits for its workflow.
 */
export function createScheduler(deps: {
  db: DynamoDBDocumentClient;
  table: string;
  clock: LocalClock;
  schedules: RecurringSchedule[];
  timers: TableTimers;
  runner: WorkflowRunner;
  log: Log;
  /** Told of each fire as it completes (the CLI prints one line each). */
  onFired?: (fired: Fired) => void;
}) {
  const { db, table, clock } = deps;
  const crons = new Map(
    deps.schedules.map((s) => [s.name, new Cron(toCroner(s.cron), { timezone: s.timeZone, paused: true })]),
  );
  let chain: Promise<unknown> = Promise.resolve();

  // What each schedule last fired: read from the table once, then kept in step with every write.
  const lastFiredAt = new Map<string, Date>();

  async function lastFired(name: string): Promise<Date | undefined> {
    const known = lastFiredAt.get(name);
    if (known) return known;
    const out = await db.send(
      new GetCommand({ TableName: table, Key: { pk: `SCHED#${name}`, sk: "A#STATE" } }),
    );
    const at = out.Item?.lastFiredAt ? new Date(String(out.Item.lastFiredAt)) : undefined;
    if (at) lastFiredAt.set(name, at);
    return at;
  }

  async function recordFired(name: string, at: Date) {
    lastFiredAt.set(name, at);
    await db.send(
      new PutCommand({
        TableName: table,
        Item: { pk: `SCHED#${name}`, sk: "A#STATE", type: "schedule", lastFiredAt: at.toISOString() },
      }),
    );
  }

  /** The first start begins counting schedules from now: the history before duban ran is not replayed. */
  async function initialise() {
    for (const s of deps.schedules) {
      if (!(await lastFired(s.name))) await recordFired(s.name, clock.now());
    }
  }

  async function nextScheduleOccurrence(until: Date) {
    let best: { schedule: RecurringSchedule; at: Date } | undefined;
    for (const s of deps.schedules) {
      const from = (await lastFired(s.name)) ?? clock.now();
      const at = crons.get(s.name)?.nextRun(from);
      if (at && at <= until && (!best || at < best.at)) best = { schedule: s, at };
    }
    return best;
  }

  async function fireDue(until: Date): Promise<Fired[]> {
    const fired: Fired[] = [];
    for (;;) {
      const schedule = await nextScheduleOccurrence(until);
      const timer = await deps.timers.nextDue(until.toISOString());
      const timerAt = timer ? new Date(timer.dueAt) : undefined;
      if (!schedule && !timer) break;
      const useTimer = timer && timerAt && (!schedule || timerAt <= schedule.at);
      const at = useTimer ? (timerAt as Date) : (schedule?.at as Date);
      if (at > clock.now()) await clock.set(at);
      if (useTimer && timer) {
        deps.log.info("timer fired", {
          id: timer.id,
          workflow: timer.workflow,
          phase: timer.phase,
          at: timer.dueAt,
        });
        await deps.runner.run(timer.workflow, {
          ...timer.input,
          phase: timer.phase,
          timerId: timer.id,
          scheduledTime: timer.dueAt,
        });
        await deps.timers.done(timer.id, clock.now().toISOString());
        const entry: Fired = {
          kind: "timer",
          name: timer.id,
          at: timer.dueAt,
          workflow: timer.workflow,
          phase: timer.phase,
        };
        fired.push(entry);
        deps.onFired?.(entry);
      } else if (schedule) {
        const s = schedule.schedule;
        const scheduledTime = schedule.at.toISOString();
        deps.log.info("schedule fired", { name: s.name, at: scheduledTime });
        await deps.runner.run(s.workflow, { ...s.input, phase: s.phase, scheduledTime });
        await recordFired(s.name, schedule.at);
        const entry: Fired = {
          kind: "schedule",
          name: s.name,
          at: scheduledTime,
          workflow: s.workflow,
          phase: s.phase,
        };
        fired.push(entry);
        deps.onFired?.(entry);
      }
    }
    return fired;
  }

  return {
    initialise,
    /** Fires everything due up to `to` in time order, then sets the clock to `to`. Serialised. */
    advanceTo(to: Date): Promise<{ now: string; fired: Fired[] }> {
      const run = chain.then(async () => {
        if (clock.mode === "virtual" && to < clock.now()) {
          throw new Error(`advanceTo ${to.toISOString()} is before the clock's ${clock.now().toISOString()}`);
        }
        const fired = await fireDue(to);
        if (to > clock.now()) await clock.set(to);
        return { now: clock.now().toISOString(), fired };
      });
      chain = run.catch(() => undefined);
      return run;
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
