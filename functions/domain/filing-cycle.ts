import * as z from "zod";
import {
  CalendarYearMissing,
  type HolidayCalendar,
  shanghaiAt,
  shanghaiDateOf,
  shanghaiEndOfDay,
} from "./calendar";
import type { DubanConfig, FilingObligation } from "./config-schema";
import {
  type CountyFigures,
  cityDigestMessages,
  digestMessages,
  periodForPhase,
  reminderMessages,
} from "./cycle";
import { hasPeriodEnded } from "./deadlines";
import { failpoint } from "./failpoints";
import { deadlineOf, dueDateOf, missedRunAtClose, owedFiling, owedProgress } from "./filing";
import { cityOf } from "./jurisdiction";
import type { EnqueueSummary, Log, Notifier } from "./notifier";
import { inParallel } from "./parallel";
import { previousPeriod } from "./period";
import { defaultPolicy, type FilingDue, filingDueUnder, type PolicyLayer } from "./policy";
import { type PolicyStore, policyLayers } from "./policy-service";
import {
  type CatalogueStore,
  type Clock,
  type FilingRecord,
  type FilingStore,
  filerOf,
  type HazardStore,
  type Timers,
} from "./ports";

export type FilingCycleDeps = {
  config: DubanConfig;
  clock: Clock;
  catalogue: CatalogueStore;
  filings: FilingStore;
  notifier: Notifier;
  timers: Timers;
  calendar: HolidayCalendar;
  /** Needed by obligations filed per listed major hazard. */
  hazards?: HazardStore;
  /** Local rules per jurisdiction: a county's own due day and reminder dates (absent: the defaults). */
  policies?: PolicyStore;
  log?: Log;
};

/** What a recurring schedule or a timer hands the workflow. */
export const PhaseInput = z.object({
  obligation: z.string().min(1),
  phase: z.enum(["open", "remind", "close"]),
  scheduledTime: z.iso.datetime({ offset: true }),
  reminderDay: z.number().int().min(1).max(31).optional(),
  /**
   * A remind or close phase a local rule asked for (a timer the open phase set from the policies in force):
   * it names its period, and reaches only the records whose own dates say so.
   */
  byPolicy: z.boolean().optional(),
  period: z.string().max(10).optional(),
});
export type PhaseInput = z.infer<typeof PhaseInput>;

export const PhasePlan = PhaseInput.extend({
  period: z.string(),
  shards: z.array(z.number().int().min(0)),
  counties: z.array(z.string()),
  skip: z.string().optional(),
});
export type PhasePlan = z.infer<typeof PhasePlan>;

/** One page of one shard: the Map iterates shards, each shard loops while `nextToken` is present. */
export const ShardPage = z.object({
  obligation: z.string(),
  phase: z.enum(["open", "remind", "close"]),
  period: z.string(),
  scheduledTime: z.string(),
  reminderDay: z.number().int().optional(),
  shard: z.number().int().min(0),
  nextToken: z.string().optional(),
  processed: z.number().int().min(0).default(0),
});
export type ShardPage = z.infer<typeof ShardPage>;

export const CountyTask = z.object({
  obligation: z.string(),
  period: z.string(),
  scheduledTime: z.string(),
  countyCode: z.string().regex(/^\d{6}$/),
});
export type CountyTask = z.infer<typeof CountyTask>;

/** The county digests' results as the Map hands them on: their figures, the city digest's only input. */
export const CityTask = z.object({
  obligation: z.string(),
  period: z.string(),
  scheduledTime: z.string(),
  counties: z.array(
    z.object({
      countyCode: z.string().regex(/^\d{6}$/),
      figures: z
        .object({
          active: z.number().int().min(0),
          filed: z.number().int().min(0),
          missing: z.number().int().min(0),
        })
        .optional(),
    }),
  ),
});
export type CityTask = z.infer<typeof CityTask>;

export type PageResult = ShardPage & { sent?: EnqueueSummary };

function pageResult(
  input: ShardPage,
  processed: number,
  nextToken: string | undefined,
  sent?: EnqueueSummary,
): PageResult {
  const { nextToken: _previous, ...rest } = input;
  return {
    ...rest,
    processed: input.processed + processed,
    ...(nextToken ? { nextToken } : {}),
    ...(sent ? { sent } : {}),
  };
}

/**
 * The periodic filing cycle, one mechanism for every obligation kind: open a period (every active
 * enterprise owes the filing), remind the non-filers on each reminder day, close (mark overdue, digest).
 * Each step reads only the sparse index of what is still owed.
 */
export function createFilingCycle(deps: FilingCycleDeps) {
  const { config, filings, catalogue, notifier } = deps;
  const obligationOf = (id: string): FilingObligation => {
    const found = config.obligations.find((o) => o.id === id);
    if (!found) throw new Error(`unknown obligation "${id}"`);
    return found;
  };
  const shards = Array.from({ length: config.store.writeShards }, (_, i) => i);
  const policyDefaults = defaultPolicy(config);
  const noLayers = new Map<string, PolicyLayer>();
  const layersInForce = () => (deps.policies ? policyLayers(deps.policies) : Promise.resolve(noLayers));

  /** The due date and reminder dates of a county under the layers in force (memoised per call). */
  function dueFinder(obligation: FilingObligation, period: string, layers: ReadonlyMap<string, PolicyLayer>) {
    const memo = new Map<string, FilingDue | undefined>();
    return (county: string): FilingDue | undefined => {
      if (!memo.has(county)) {
        memo.set(county, filingDueUnder(policyDefaults, layers, county, obligation, period, deps.calendar));
      }
      return memo.get(county);
    };
  }

  /** A record's own dates, or (opened before policies, or without that year's calendar then) today's rule. */
  async function recordDues(obligation: FilingObligation, period: string) {
    const find = dueFinder(obligation, period, await layersInForce());
    return (r: FilingRecord): FilingDue => {
      const due = r.due ?? find(r.countyCode);
      if (!due) throw new Error(`no due rule for ${obligation.id} in ${r.countyCode}`);
      return due;
    };
  }

  /** The template a reminder on `date` uses: the last-day one on the due date, the first one before. */
  function reminderTemplate(obligation: FilingObligation, date: string, due: FilingDue): string {
    const lastDay =
      obligation.reminders.find((s) => s.dayOfNextPeriod >= obligation.due.dayOfNextPeriod) ??
      obligation.reminders.at(-1);
    const first = obligation.reminders[0];
    return ((date === due.date ? lastDay : first) ?? first)?.template ?? "";
  }

  /**
   * At the opening of a period, the remind and close phases the local rules need beyond the shared schedule
   * (a city's due day of the 10th: reminders on its days, a close after its due date), as durable timers;
   * each reaches only the records whose own dates say so.
   */
  async function planPolicyPhases(obligation: FilingObligation, period: string) {
    const layers = await layersInForce();
    const codes = [...layers.values()]
      .filter((l) => l.override.obligations?.[obligation.id])
      .map((l) => l.jurisdiction);
    if (codes.length === 0) return;
    const find = dueFinder(obligation, period, layers);
    const defaultDue = dueFinder(obligation, period, noLayers);
    const standard = defaultDue(codes[0] ?? "");
    const at = obligation.reminders[0]?.at ?? "09:00";
    for (const code of codes) {
      let due: FilingDue | undefined;
      try {
        due = find(code);
      } catch (error) {
        if (!(error instanceof CalendarYearMissing)) throw error;
        deps.log?.warn("policy dates need a holiday year not supplied; planned when a phase reads them", {
          obligation: obligation.id,
          period,
          jurisdiction: code,
          year: error.year,
        });
        continue;
      }
      if (!due) continue;
      for (const date of due.remindOn) {
        if (standard?.remindOn.includes(date)) continue;
        await deps.timers.set({
          id: `remind-${obligation.id}-${period}-on${date}`,
          dueAt: shanghaiAt(date, at).toISOString(),
          workflow: obligation.workflow,
          phase: "remind",
          input: {
            obligation: obligation.id,
            reminderDay: Number(date.slice(8, 10)),
            byPolicy: true,
            period,
          },
        });
      }
      if (due.date !== standard?.date) {
        await deps.timers.set({
          id: `close-${obligation.id}-${period}-on${due.date}`,
          dueAt: shanghaiEndOfDay(due.date).toISOString(),
          workflow: obligation.workflow,
          phase: "close",
          input: { obligation: obligation.id, byPolicy: true, period },
        });
      }
    }
  }

  return {
    async plan(raw: unknown): Promise<PhasePlan> {
      const input = PhaseInput.parse(raw);
      const obligation = obligationOf(input.obligation);
      const scheduled = new Date(input.scheduledTime);
      const period =
        input.byPolicy && input.period ? input.period : periodForPhase(obligation, input.phase, scheduled);
      // Listed hazards are read from their own index once, not per shard; their records are sharded after.
      const openShards =
        input.phase === "open" && obligation.subject === "listed_major_hazard" ? [0] : shards;
      const base = { ...input, period, shards: openShards, counties: [] as string[] };
      if (input.phase === "open") await planPolicyPhases(obligation, period);
      if (input.byPolicy) {
        return { ...base, ...(input.phase === "close" ? { counties: await catalogue.counties() } : {}) };
      }
      if (input.phase === "close") {
        const deadline = deadlineOf(obligation, period, deps.calendar);
        if (scheduled < deadline) {
          // The due day moved to a later working day: close when the moved deadline passes.
          await deps.timers.set({
            id: `close-${obligation.id}-${period}`,
            dueAt: deadline.toISOString(),
            workflow: obligation.workflow,
            phase: "close",
            input: { obligation: obligation.id },
          });
          return { ...base, skip: `deadline ${deadline.toISOString()} not reached; timer set` };
        }
        return { ...base, counties: await catalogue.counties() };
      }
      if (input.phase === "remind") {
        const day = input.reminderDay;
        const step = obligation.reminders.find((r) => r.dayOfNextPeriod === day);
        if (!step) throw new Error(`obligation ${obligation.id} has no reminder on day ${day}`);
        const dueDate = dueDateOf(obligation, period, deps.calendar);
        if (step.dayOfNextPeriod >= obligation.due.dayOfNextPeriod && shanghaiDateOf(scheduled) < dueDate) {
          // The last-day reminder says "today is the last day": when the due day moved to a later working
          // day, it goes out on that day instead.
          await deps.timers.set({
            id: `remind-${obligation.id}-${period}-d${step.dayOfNextPeriod}`,
            dueAt: shanghaiAt(dueDate, step.at).toISOString(),
            workflow: obligation.workflow,
            phase: "remind",
            input: { obligation: obligation.id, reminderDay: step.dayOfNextPeriod },
          });
          return { ...base, skip: `due day moved to ${dueDate}; last-day reminder timer set` };
        }
      }
      return base;
    },

    /** Writes the owed record of every active enterprise (or listed hazard) in one page. */
    async openPage(raw: unknown): Promise<PageResult> {
      const input = ShardPage.parse(raw);
      const obligation = obligationOf(input.obligation);
      const { records, nextToken } =
        obligation.subject === "listed_major_hazard"
          ? await owedByListedHazards(obligation, input.period, input.nextToken)
          : await catalogue.pageActiveEnterprises(input.shard, input.nextToken).then((page) => ({
              records: page.items.map((e) => owedFiling(e, obligation.id, input.period)),
              nextToken: page.nextToken,
            }));
      const find = dueFinder(obligation, input.period, await layersInForce());
      for (const r of records) {
        try {
          const due = find(r.countyCode);
          if (due) r.due = due;
        } catch (error) {
          // Without that year's holiday calendar the dates are worked out when a phase needs them (then
          // refused loudly if the year is still missing), never guessed here.
          if (!(error instanceof CalendarYearMissing)) throw error;
        }
      }
      if (hasPeriodEnded(obligation.periodKind, input.period, deps.clock.now())) {
        // Reports may already exist once the period has ended: never overwrite, create only what is absent.
        await inParallel(records, PAGE_WRITES, async (r) => {
          await filings.ensureFiling(r);
        });
      } else {
        await filings.openFilings(records);
      }
      return pageResult(input, records.length, nextToken);
    },

    /** Reminds every non-filer in one page of the sparse index. */
    async remindPage(raw: unknown): Promise<PageResult> {
      const input = ShardPage.parse(raw);
      const obligation = obligationOf(input.obligation);
      const page = await filings.pageOwed(obligation.id, input.period, input.shard, "", input.nextToken);
      const today = shanghaiDateOf(new Date(input.scheduledTime));
      const dueOf = await recordDues(obligation, input.period);
      // Each record is reminded on its own dates (its county's policy), by whichever run falls on them.
      const messages = page.items.flatMap((r) => {
        const due = dueOf(r);
        if (!due.remindOn.includes(today)) return [];
        return reminderMessages(
          obligation,
          r,
          input.reminderDay ?? 0,
          due.date,
          reminderTemplate(obligation, today, due),
        );
      });
      const sent = await notifier.enqueue(messages);
      // The page has sent but its Map iteration has not finished: a retry or a replay sends it again.
      failpoint("cycle-page");
      return pageResult(input, page.items.length, page.nextToken, sent);
    },

    /** Marks every non-filer in one page overdue, with the length of its run of missed periods. */
    async closePage(raw: unknown): Promise<PageResult> {
      const input = ShardPage.parse(raw);
      const obligation = obligationOf(input.obligation);
      const page = await filings.pageOwed(obligation.id, input.period, input.shard, "", input.nextToken);
      const now = deps.clock.now();
      const dueOf = await recordDues(obligation, input.period);
      // Only records whose own due date has passed: a county with a later due day closes on its own timer.
      const closing = page.items.filter((r) => shanghaiEndOfDay(dueOf(r).date) <= now);
      const streaks = await missedStreaks(obligation, input.period, closing);
      const at = now.toISOString();
      // Each record's own conditional write, a page's worth side by side (the page was read before).
      await inParallel(
        closing.filter((r) => !r.overdueAt),
        PAGE_WRITES,
        async (r) => {
          await filings.markOverdue(r, obligation.id, input.period, at, streaks.get(filerOf(r)) ?? 1);
        },
      );
      return pageResult(input, page.items.length, page.nextToken);
    },

    /** One digest per supervising official of one county. */
    async countyDigests(raw: unknown): Promise<{
      countyCode: string;
      officials: number;
      sent: EnqueueSummary;
      figures: Omit<CountyFigures, "countyCode">;
    }> {
      const input = CountyTask.parse(raw);
      const obligation = obligationOf(input.obligation);
      const overdue: FilingRecord[] = [];
      const zero: FilingRecord[] = [];
      for (const shard of shards) {
        overdue.push(
          ...(await drain((t) => filings.pageOwed(obligation.id, input.period, shard, input.countyCode, t))),
        );
        zero.push(
          ...(await drain((t) =>
            filings.pageFlagged(obligation.id, input.period, shard, input.countyCode, t),
          )),
        );
      }
      // A county's digest goes out at its own close: records not yet due (a later local due day) wait for it.
      const owed = overdue.length;
      const dueOf = await recordDues(obligation, input.period);
      const closedAt = new Date(input.scheduledTime);
      const isDue = (r: FilingRecord) => shanghaiEndOfDay(dueOf(r).date) <= closedAt;
      overdue.splice(0, overdue.length, ...overdue.filter(isDue));
      zero.splice(0, zero.length, ...zero.filter(isDue));
      const inspectors = await catalogue.officialsOf(input.countyCode, "inspector");
      const anweiban = await catalogue.officialsOf(input.countyCode, "anweiban");
      // The county's counts, for its filing rate in the digest and handed on to the city digest: owed records
      // were read above; filed ones counted.
      const filed = await filings.countFiled(obligation.id, input.period, input.countyCode);
      const messages = digestMessages({
        obligation,
        period: input.period,
        countyCode: input.countyCode,
        closedAt: new Date(input.scheduledTime),
        overdue,
        zeroInspections: zero,
        inspectors,
        anweiban,
        county: { active: filed + owed, filed },
      });
      const sent = await notifier.enqueue(messages);
      return {
        countyCode: input.countyCode,
        officials: inspectors.length + anweiban.length,
        sent,
        figures: { active: filed + owed, filed, missing: overdue.length },
      };
    },

    /**
     * One city digest per city 安委办 official: the counties of each city side by side, from the figures the
     * county digests returned (nothing re-read but the audience).
     */
    async cityDigests(raw: unknown): Promise<{ cities: number; officials: number; sent: EnqueueSummary }> {
      const input = CityTask.parse(raw);
      const obligation = obligationOf(input.obligation);
      const none = { cities: 0, officials: 0, sent: { enqueued: 0, duplicates: 0, deferred: 0 } };
      if (!obligation.digest.cityTemplate) return none;
      const byCity = new Map<string, CountyFigures[]>();
      for (const c of input.counties) {
        if (!c.figures) continue;
        const city = cityOf(c.countyCode);
        byCity.set(city, [...(byCity.get(city) ?? []), { countyCode: c.countyCode, ...c.figures }]);
      }
      const messages = [];
      let officials = 0;
      for (const [cityCode, counties] of byCity) {
        const anweiban = await catalogue.officialsOf(cityCode, "anweiban");
        officials += anweiban.length;
        messages.push(
          ...cityDigestMessages({
            obligation,
            period: input.period,
            cityCode,
            closedAt: new Date(input.scheduledTime),
            counties,
            anweiban,
          }),
        );
      }
      const sent = await notifier.enqueue(messages);
      return { cities: byCity.size, officials, sent };
    },
  };

  /** The progress records every listed major hazard owes, one page of the hazard index at a time. */
  async function owedByListedHazards(obligation: FilingObligation, period: string, nextToken?: string) {
    if (!deps.hazards) throw new Error(`obligation ${obligation.id} needs the hazard store`);
    // Under 挂牌督办 until 销号: listed, or listed and awaiting the acceptance inspection.
    const page = await deps.hazards.query({
      scopePrefix: "",
      level: "major",
      statuses: ["listed", "acceptance_requested"],
      limit: 100,
      ...(nextToken ? { nextToken } : {}),
    });
    const enterprises = new Map(
      (await catalogue.getEnterprises([...new Set(page.items.map((h) => h.creditCode))])).map((e) => [
        e.creditCode,
        e,
      ]),
    );
    const records = page.items.flatMap((h) => {
      const enterprise = enterprises.get(h.creditCode);
      return enterprise && enterprise.status === "active"
        ? [owedProgress(enterprise, h, obligation.id, period)]
        : [];
    });
    return { records, nextToken: page.nextToken };
  }

  /**
   * The exact run of periods closed with nothing filed, this one included: 1 + the run the previous period
   * closed with (each close records its run on the record), so 4 missed months read 4 and 12 read 12, with
   * one read per non-filer whatever the length of the run.
   */
  async function missedStreaks(obligation: FilingObligation, period: string, records: FilingRecord[]) {
    const previous = previousPeriod(obligation.periodKind, period);
    const earlier = await filings.getFilings(
      records.map((r) => ({
        creditCode: r.creditCode,
        obligation: obligation.id,
        period: previous,
        ...(r.hazardId ? { hazardId: r.hazardId } : {}),
      })),
    );
    const runs = new Map(earlier.map((r) => [filerOf(r), missedRunAtClose(r)]));
    return new Map(records.map((r) => [filerOf(r), 1 + (runs.get(filerOf(r)) ?? 0)]));
  }
}

async function drain<T>(page: (token?: string) => Promise<{ items: T[]; nextToken?: string }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const p = await page(token);
    all.push(...p.items);
    token = p.nextToken;
  } while (token);
  return all;
}

/** Single-item writes of one page in flight at once (marking overdue, creating absent records). */
const PAGE_WRITES = 16;

export type FilingCycle = ReturnType<typeof createFilingCycle>;
