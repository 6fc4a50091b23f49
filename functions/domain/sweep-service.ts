/**
 * The compliance sweep of a month (workflow `compliance-sweep`): plan (which month, which counties), one
 * task per county (read its items once, store its figures and lists), then the roll-up (cities and
 * provinces from the stored county results, never from the items). Also the officials' reading of the
 * stored figures and an admin's request to sweep a month again.
 */
import * as z from "zod";
import { type HolidayCalendar, shanghaiDateOf, shanghaiEndOfDay } from "./calendar";
import type { DubanConfig } from "./config-schema";
import { NotFound } from "./errors";
import { deadlineOf } from "./filing";
import { jurisdictionLevel, jurisdictionName, parentJurisdiction } from "./jurisdiction";
import { said } from "./messages";
import { parsePeriod, previousPeriod } from "./period";
import { latestFilingDueDate, type PolicyStore } from "./policy-service";
import type { CatalogueStore, Clock, Timers } from "./ports";
import { assertOfficial, type Principal, queryScope } from "./principal";
import { sumDepartmentFigures, sumFigures } from "./rollup";
import {
  type ChildFigures,
  type DepartmentRow,
  SWEEP_LIST_PAGE_SIZE,
  SWEEP_LISTS,
  type SweepListPage,
  SweepResult,
  type SweepSource,
  type SweepStore,
} from "./statistics";
import { createCountyTally } from "./sweep";

/** The obligation whose records the sweep counts (自查自报月报). */
export const SWEPT_OBLIGATION = "monthly-self-inspection";
export const SWEEP_WORKFLOW = "compliance-sweep";

export type SweepDeps = {
  config: DubanConfig;
  clock: Clock;
  calendar: HolidayCalendar;
  /** Local rules: a later local due day delays the month's sweep until it passed. */
  policies?: PolicyStore;
  catalogue: CatalogueStore;
  sweeps: SweepStore & SweepSource;
  timers: Timers;
};

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM");
const Instant = z.iso.datetime({ offset: true });

export const SweepPlanInput = z.object({
  scheduledTime: Instant,
  /** Given by an admin's request; otherwise the month before the scheduled time (Shanghai). */
  period: Month.optional(),
});
export const SweepCountyInput = z.object({ period: Month, countyCode: z.string().regex(/^\d{6}$/) });
export const RollUpInput = z.object({ period: Month, counties: z.array(z.string().regex(/^\d{6}$/)) });

/**
 * The name a person reads for a jurisdiction. One function, so that the GB/T 2260 names replace the
 * code here alone when the jurisdiction register provides them.
 */
export function jurisdictionLabel(code: string): string {
  return jurisdictionName(code);
}

export function createSweepService(deps: SweepDeps) {
  const obligation = deps.config.obligations.find((o) => o.id === SWEPT_OBLIGATION);
  if (!obligation) throw new Error(`no obligation ${SWEPT_OBLIGATION} to sweep`);

  return {
    /** Which month, which counties; a month whose report deadline has not passed is not swept yet. */
    async plan(raw: unknown) {
      const input = SweepPlanInput.parse(raw);
      const scheduled = new Date(input.scheduledTime);
      const period = input.period ?? previousPeriod("month", shanghaiDateOf(scheduled).slice(0, 7));
      // A month is swept once every county's deadline passed: a local rule's later due day (a city's 10th)
      // waits like a due day moved to a later working day.
      const latest = await latestFilingDueDate(
        deps.config,
        deps.policies,
        obligation,
        period,
        deps.calendar,
        shanghaiDateOf(new Date(deadlineOf(obligation, period, deps.calendar).getTime() - 1)),
      );
      const deadline = shanghaiEndOfDay(latest);
      if (scheduled < deadline) {
        // The due day moved to a later working day: the close runs then, and the sweep an hour after.
        const dueAt = new Date(deadline.getTime() + 3_600_000).toISOString();
        await deps.timers.set({
          id: `sweep-${period}-after-close`,
          dueAt,
          workflow: SWEEP_WORKFLOW,
          phase: "sweep",
          input: { period },
        });
        return {
          period,
          counties: [] as string[],
          skip: `deadline not passed; sweep timer set for ${dueAt}`,
        };
      }
      return { period, counties: await deps.catalogue.counties() };
    },

    /** One county: every item read once through key conditions, figures and lists stored. */
    async sweepCounty(raw: unknown) {
      const { period, countyCode } = SweepCountyInput.parse(raw);
      const tally = createCountyTally(countyCode, period, obligation.digest.trackAfterMissed);
      for await (const r of deps.sweeps.countyFilings(obligation.id, period, countyCode)) tally.addFiling(r);
      for await (const h of deps.sweeps.hazardsOpenSince(countyCode, period)) tally.addHazard(h);
      for await (const a of deps.sweeps.accidentsOpenSince(countyCode, period)) tally.addAccident(a);
      const counted = tally.result();
      const pages: SweepListPage[] = SWEEP_LISTS.flatMap((list) => {
        const entries: unknown[] = counted.lists[list];
        const count = Math.max(1, Math.ceil(entries.length / SWEEP_LIST_PAGE_SIZE));
        return Array.from({ length: count }, (_, page) => ({
          jurisdiction: countyCode,
          period,
          list,
          page,
          entries: entries.slice(page * SWEEP_LIST_PAGE_SIZE, (page + 1) * SWEEP_LIST_PAGE_SIZE),
        }));
      });
      // Pages first: a result on file means its lists are complete.
      await deps.sweeps.putListPages(pages);
      const result = SweepResult.parse({
        jurisdiction: countyCode,
        level: "county",
        name: jurisdictionLabel(countyCode),
        period,
        sweptAt: deps.clock.now().toISOString(),
        figures: counted.figures,
        children: [],
        departments: counted.departments,
        listSizes: Object.fromEntries(SWEEP_LISTS.map((l) => [l, counted.lists[l].length])),
        itemsRead: counted.itemsRead,
        itemsReported: counted.itemsReported,
      });
      await deps.sweeps.putResult(result);
      return { countyCode, itemsRead: result.itemsRead, itemsReported: result.itemsReported };
    },

    /**
     * Cities from their counties' stored results, provinces from their cities'; the accident cases a
     * city or province handles itself are its own items, read here once.
     */
    async rollUp(raw: unknown) {
      const { period, counties } = RollUpInput.parse(raw);
      const sweptAt = deps.clock.now().toISOString();
      const byParent = (codes: string[]) => {
        const groups = new Map<string, string[]>();
        for (const code of codes) {
          const parent = parentJurisdiction(code);
          if (parent) groups.set(parent, [...(groups.get(parent) ?? []), code]);
        }
        return groups;
      };
      const stored = new Map<string, SweepResult>();
      for (const county of counties) {
        const result = await deps.sweeps.getResult(county, period);
        if (result) stored.set(county, result);
      }
      let itemsRead = 0;
      let itemsReported = 0;
      for (const result of stored.values()) {
        itemsRead += result.itemsRead;
        itemsReported += result.itemsReported;
      }
      const made: string[] = [];
      const rollUpInto = async (parent: string, codes: string[]) => {
        const parts = codes
          .map((c) => stored.get(c) as SweepResult)
          .sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction));
        const own = createCountyTally(parent, period, obligation.digest.trackAfterMissed);
        for await (const a of deps.sweeps.accidentsOpenSince(parent, period)) own.addAccident(a);
        const ownCounted = own.result();
        const total = sumFigures([
          ...parts.map((p) => p.figures),
          { ...sumFigures([]), accidents: ownCounted.figures.accidents },
        ]);
        const result = SweepResult.parse({
          jurisdiction: parent,
          level: jurisdictionLevel(parent),
          name: jurisdictionLabel(parent),
          period,
          sweptAt,
          figures: total,
          children: parts.map(
            (p): ChildFigures => ({ jurisdiction: p.jurisdiction, name: p.name, figures: p.figures }),
          ),
          departments: mergeDepartments(parts.flatMap((p) => p.departments)),
          listSizes: Object.fromEntries(
            SWEEP_LISTS.map((l) => [l, parts.reduce((n, p) => n + (p.listSizes[l] ?? 0), 0)]),
          ),
          itemsRead: parts.reduce((n, p) => n + p.itemsRead, ownCounted.itemsRead),
          itemsReported: parts.reduce((n, p) => n + p.itemsReported, ownCounted.itemsReported),
        });
        itemsRead += ownCounted.itemsRead;
        itemsReported += ownCounted.itemsReported;
        await deps.sweeps.putResult(result);
        stored.set(parent, result);
        made.push(parent);
      };
      // Cities from their counties; then provinces from their cities and from the counties directly under
      // them (省直辖县级行政区, the districts of a 直辖市).
      const countyCodes = [...stored.keys()];
      const provinceChildren: string[] = [];
      for (const [parent, codes] of byParent(countyCodes)) {
        if (jurisdictionLevel(parent) === "city") {
          await rollUpInto(parent, codes);
          provinceChildren.push(parent);
        } else provinceChildren.push(...codes);
      }
      for (const [parent, codes] of byParent(provinceChildren)) await rollUpInto(parent, codes);
      // Every jurisdiction with a stored result gets a bulletin drafted (where it has a 安委办).
      const bulletins = [...countyCodes, ...made];
      return { period, counties: counties.length, rolledUp: made, bulletins, itemsRead, itemsReported };
    },

    /**
     * The stored figures of a jurisdiction for a month and the month before (环比), to officials of that
     * jurisdiction or above; another jurisdiction is refused (403) like any list of a jurisdiction.
     */
    async statistics(principal: Principal, query: { jurisdiction?: string; period?: string }) {
      assertOfficial(principal);
      const jurisdiction = query.jurisdiction ?? principal.jurisdiction;
      // A jurisdiction outside one's own is refused like every list of a jurisdiction (403).
      queryScope(principal, jurisdiction);
      // Without a month: the latest one swept (the 工作台 does not guess whether last month is swept yet).
      const current = query.period
        ? await deps.sweeps.getResult(jurisdiction, parsePeriod("month", query.period))
        : await deps.sweeps.getLatestResult(jurisdiction);
      if (!current)
        throw new NotFound(
          query.period
            ? said("statistics.not_swept", {
                jurisdiction: jurisdictionName(jurisdiction),
                period: query.period,
              })
            : said("statistics.never_swept", { jurisdiction: jurisdictionName(jurisdiction) }),
        );
      const period = current.period;
      const previous = await deps.sweeps.getResult(jurisdiction, previousPeriod("month", period));
      return {
        ...current,
        previous: previous
          ? { period: previous.period, figures: previous.figures, children: previous.children }
          : null,
      };
    },

    /** An admin asks for a month to be swept now (again): a timer due now starts the workflow. */
    async requestSweep(principal: Principal, raw: unknown) {
      assertOfficial(principal, ["admin"]);
      const { period } = z.object({ period: Month }).strict().parse(raw);
      parsePeriod("month", period);
      const now = deps.clock.now();
      const id = `sweep-${period}-${now.getTime()}`;
      await deps.timers.set({
        id,
        dueAt: now.toISOString(),
        workflow: SWEEP_WORKFLOW,
        phase: "sweep",
        input: { period },
      });
      return { period, requestedAt: now.toISOString(), id };
    },
  };
}

/** Departments of several counties summed by name. */
function mergeDepartments(rows: DepartmentRow[]): DepartmentRow[] {
  const groups = new Map<string, DepartmentRow["figures"][]>();
  for (const row of rows) groups.set(row.department, [...(groups.get(row.department) ?? []), row.figures]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, "zh-CN"))
    .map(([department, parts]) => ({ department, figures: sumDepartmentFigures(parts) }));
}

export type SweepService = ReturnType<typeof createSweepService>;
